; adc/sbb: the carry in takes part in CF, OF and AF; a 64-bit add and
; subtract through the carry chain.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x0", "EDX": "0x1", "ESI": "0xffffffff", "EDI": "0xffffffff" },
  "Flags": { "CF": 1, "ZF": 0 },
  "MemData": {
    "res": ["0x55", "0x890", "0x95", "0x95", "0x810", "0x55", "0x4", "0x1"],
    "vals": ["0x0", "0x80", "0xffffffff", "0xffffffff", "0x7f", "0x0", "0x3", "0x0"]
  }
}
%endif
%include "harness.inc"

section .data
res:  times 8 dd 0xdeadbeef
vals: times 8 dd 0

section .text
    stc
    mov al, 0xff
    adc al, 0               ; 0xff + 0 + 1 = 0x100: CF ZF AF PF
    SAVE_FLAGS [res + 0]
    mov [vals + 0], al
    stc
    mov al, 0x7f
    adc al, 0               ; 0x7f + 1: OF SF AF
    SAVE_FLAGS [res + 4]
    mov [vals + 4], al
    stc
    mov eax, 0xffffffff
    adc eax, 0xffffffff     ; -1 + -1 + 1 = -1, carry out: CF AF SF PF
    SAVE_FLAGS [res + 8]
    mov [vals + 8], eax
    stc
    mov eax, 0
    sbb eax, 0              ; 0 - 0 - 1: CF AF SF PF
    SAVE_FLAGS [res + 12]
    mov [vals + 12], eax
    stc
    mov al, 0x80
    sbb al, 0               ; -128 - 1: OF AF
    SAVE_FLAGS [res + 16]
    mov [vals + 16], al
    stc
    mov ax, 0
    sbb ax, 0xffff          ; 0 - 0xffff - 1 = 0 with borrow: CF ZF AF PF
    SAVE_FLAGS [res + 20]
    mov [vals + 20], ax
    clc
    mov cl, 1
    adc cl, 2               ; 3, no carry in: PF (two bits set)
    SAVE_FLAGS [res + 24]
    mov [vals + 24], cl
    clc
    mov cl, 0
    adc cl, 0xff            ; no carry: 0xff
    stc
    adc cl, 0               ; 0xff + 1 = 0 with carry
    SAVE_FLAGS [res + 28], 0x1 ; CF only
    mov [vals + 28], cl
    ; 64-bit: edx:eax = 0x00000000ffffffff + 1 -> 0x1_00000000
    mov eax, 0xffffffff
    xor edx, edx
    add eax, 1
    adc edx, 0
    ; esi:edi = 0 - 1 (64-bit), the borrow propagating into the high half
    xor edi, edi
    xor esi, esi
    sub edi, 1
    sbb esi, 0
    END_TEST
