; shld/shrd: bits shifted in from the second operand, CF = last bit out,
; immediate and CL counts, a 16-bit form, a memory destination; count 0
; (and 32, masked to 0) changes nothing, flags included.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x3456789a", "EDX": "0x9abcdef0" },
  "MemData": {
    "res": ["0x4", "0x01234567", "0x1", "0xbbbb4567", "0x1",
            "0x8d5", "0x12345678", "0x8d5", "0xffffc000", "0x1"],
    "mem": ["0x45679abc"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 10 dd 0xdeadbeef
mem: dd 0x01234567

section .text
    mov eax, 0x12345678
    mov edx, 0x9abcdef0
    shld eax, edx, 8        ; 0x3456789a; CF = bit 24 of EAX = 0; PF of 0x9a (4 bits)
    SAVE_FLAGS [res + 0], 0xc5   ; CF PF ZF SF (AF undefined, OF only for count 1)
    push eax
    mov eax, 0x12345678
    shrd eax, edx, 4        ; 0x01234567 (EDX's low nibble is 0); CF = bit 3 = 1
    mov [res + 4], eax
    SAVE_FLAGS [res + 8], 0x1
    mov ebx, 0xbbbb1234
    mov esi, 0x5678
    mov cl, 12
    shld bx, si, cl         ; (0x1234 << 12 | 0x5678 >> 4) & 0xffff = 0x4567; CF = bit 4 = 1
    mov [res + 12], ebx
    SAVE_FLAGS [res + 16], 0x1

    mov eax, 0x12345678
    SET_FLAGS 0xad7
    mov cl, 0
    shld eax, edx, cl
    shrd eax, edx, cl
    shld bx, si, cl
    SAVE_FLAGS [res + 20]
    mov cl, 32
    shld eax, edx, cl
    shrd eax, edx, cl
    mov [res + 24], eax
    SAVE_FLAGS [res + 28]

    mov ecx, 0xffff8000
    mov edi, 0xffff
    shrd cx, di, 1          ; 0x4000 | bit 0 of DI at the top = 0xc000
    mov [res + 32], ecx
    shld dword [mem], edx, 16   ; 0x4567_0000 | 0x9abc; CF = bit 16 of 0x01234567 = 1
    SAVE_FLAGS [res + 36], 0x1
    pop eax
    END_TEST
