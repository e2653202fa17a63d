; 0x66 operand-size forms: 16-bit writes keep the register's upper half,
; 16-bit push/pop move ESP by 2, a 16-bit add carries out of bit 15,
; movzx/movsx from 16-bit memory, a 16-bit store, lea into a 16-bit register.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x1234abcd", "EBX": "0xffff5678", "ECX": "0x0000ffff",
               "EDX": "0xffff0001", "ESI": "0x5555abcd", "EDI": "0x7777002f" },
  "MemData": {
    "res": ["0x2", "0x2", "0x1", "0x9999", "0xffff9999", "0x8000", "0xffff8000", "0xabcd"],
    "m16": "cd ab 99 99"
  }
}
%endif
%include "harness.inc"

section .data
m16: dw 0x1111, 0x9999
res: times 8 dd 0xdeadbeef

section .text
    mov eax, 0x12345678
    mov ax, 0xabcd          ; upper half kept
    mov ebx, 0xffff0000
    mov bx, 0x5678
    mov esi, 0x55550000
    mov si, ax
    mov ecx, esp
    push ax                 ; ESP - 2
    sub ecx, esp
    mov [res + 0], ecx      ; 2
    mov ecx, esp
    xor edx, edx
    pop dx                  ; 0xabcd into DX only
    mov [res + 28], edx
    sub ecx, esp
    neg ecx
    mov [res + 4], ecx      ; 2
    mov edx, 0xffffffff
    add dx, 2               ; 0x0001 with a carry out of bit 15
    SAVE_FLAGS [res + 8], 0x1
    mov [m16], ax           ; 16-bit store leaves the next word alone
    movzx ecx, word [m16 + 2]
    mov [res + 12], ecx
    movsx edi, word [m16 + 2]
    mov [res + 16], edi
    mov ecx, 0x7fff
    inc cx
    mov [res + 20], ecx     ; 0x8000
    movsx ecx, cx
    mov [res + 24], ecx     ; 0xffff8000
    mov ecx, 0x0000ffff
    mov edi, 0x77770000
    lea di, [ecx + 0x31]    ; 0x10030 truncated to 16 bits
    dec di
    END_TEST
