; mul/imul (one-, two- and three-operand forms) with CF/OF, div/idiv at 8,
; 16 and 32 bits: the quotient truncates toward zero and the remainder takes
; the dividend's sign; 8- and 16-bit forms keep the registers' upper bits.
; SF, ZF, AF and PF are undefined after mul/imul and div: not checked.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0xfffffffe", "0x1", "0x801",
            "0xfffe", "0x1", "0x5678fffe",
            "0xfffffffe", "0xffffffff", "0x0",
            "0x80", "0x801",
            "0xfffffffa", "0x801",
            "0x2c", "0x0",
            "0xabcd1234", "0x801",
            "0x3", "0x4",
            "0xfffffffd", "0xffffffff",
            "0xfffffffd", "0x1",
            "0xabcd0c4c",
            "0xfffffff9", "0x1234ffff",
            "0x1", "0x0"]
  }
}
%endif
%include "harness.inc"

CFOF equ 0x801

section .data
res: times 28 dd 0xdeadbeef

section .text
    mov eax, 0xffffffff
    mov ecx, 0xffffffff
    mul ecx                 ; EDX:EAX = 0xfffffffe_00000001
    mov [res + 0], edx
    mov [res + 4], eax
    SAVE_FLAGS [res + 8], CFOF      ; high half nonzero: CF OF

    mov eax, 0x1234ffff
    mov ebx, 0xffff
    mov edx, 0x5678abcd
    mul bx                  ; DX:AX = 0xfffe:0001
    movzx ecx, dx
    mov [res + 12], ecx
    movzx ecx, ax
    mov [res + 16], ecx
    mov [res + 20], edx     ; EDX's upper half kept

    mov eax, 0xfffffffe     ; -2
    mov ecx, 1
    imul ecx                ; -2: EDX = -1 is only the sign extension
    mov [res + 24], eax
    mov [res + 28], edx
    SAVE_FLAGS [res + 32], CFOF     ; CF OF clear

    mov eax, 0x80           ; AL = -128
    mov bl, 0xff
    imul bl                 ; -128 * -1 = 128: AX = 0x0080, does not fit AL
    movzx ecx, ax
    mov [res + 36], ecx
    SAVE_FLAGS [res + 40], CFOF

    mov ecx, -3
    imul ecx, ecx, 2        ; three-operand: -6, fits
    mov [res + 44], ecx
    mov edx, 0x40000000
    imul edx, edx, 4        ; 2^32: truncated, overflow
    SAVE_FLAGS [res + 48], CFOF

    mov esi, 4
    mov edi, 11
    imul esi, edi           ; two-operand: 44, fits
    mov [res + 52], esi
    SAVE_FLAGS [res + 56], CFOF

    mov eax, 0xabcd1234
    mov ecx, 0x8001
    imul ax, cx             ; 0x1234 * -32767: low word 0x1234, overflows
    mov [res + 60], eax
    SAVE_FLAGS [res + 64], CFOF

    mov eax, 100
    xor edx, edx
    mov ecx, 32
    div ecx                 ; 100 / 32 = 3 rem 4
    mov [res + 68], eax
    mov [res + 72], edx

    mov eax, -10
    cdq
    mov ecx, 3
    idiv ecx                ; -10 / 3 = -3 rem -1
    mov [res + 76], eax
    mov [res + 80], edx

    mov eax, 10
    cdq
    mov ecx, -3
    idiv ecx                ; 10 / -3 = -3 rem 1
    mov [res + 84], eax
    mov [res + 88], edx

    mov eax, 0xabcd0000 + 1000
    mov bl, 13
    div bl                  ; 1000 / 13 = 76 rem 12: AL = 0x4c, AH = 0x0c
    mov [res + 92], eax

    mov eax, -50
    mov edx, 0x12340000
    cwd                     ; DX = 0xffff
    mov bx, 7
    idiv bx                 ; -50 / 7 = -7 rem -1
    mov [res + 96], eax
    mov [res + 100], edx

    mov eax, 0xffffffff
    xor edx, edx
    mov ecx, 0xffffffff
    div ecx                 ; 1 rem 0
    mov [res + 104], eax
    mov [res + 108], edx
    xor eax, eax
    xor ebx, ebx
    xor ecx, ecx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    END_TEST
