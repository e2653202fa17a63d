; sub and cmp: borrow (CF), signed overflow, AF borrow out of bit 3, at 8, 16
; and 32 bits; cmp leaves its first operand alone.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x1", "EBX": "0x5555007f", "ECX": "0xffff7fff", "EDX": "0x80000000" },
  "MemData": {
    "res": ["0x810", "0x95", "0x814", "0x95", "0x814", "0x44", "0x0", "0x881"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 8 dd 0xdeadbeef

section .text
    mov ebx, 0x55550080
    sub bl, 1               ; 0x80 - 1 = 0x7f: OF AF, PF of 0x7f odd
    SAVE_FLAGS [res + 0]
    mov al, 0
    sub al, 1               ; 0 - 1 = 0xff: CF AF SF PF
    SAVE_FLAGS [res + 4]
    mov ecx, 0xffff8000
    sub cx, 1               ; 0x8000 - 1 = 0x7fff: OF AF, PF of 0xff even
    SAVE_FLAGS [res + 8]
    mov eax, 1
    cmp eax, 2              ; 1 - 2 = -1: CF AF SF PF
    SAVE_FLAGS [res + 12]
    mov edx, 0x80000000
    cmp edx, 1              ; INT_MIN - 1: OF AF PF
    SAVE_FLAGS [res + 16]
    cmp edx, 0x80000000     ; equal: ZF PF
    SAVE_FLAGS [res + 20]
    mov esi, 0x20
    sub esi, 0x10           ; 0x10: no borrow from bit 4 into bit 3
    SAVE_FLAGS [res + 24]
    mov dh, 0x7f
    cmp dh, 0xff            ; 127 - (-1) = 128: OF SF CF, 0x80 odd
    SAVE_FLAGS [res + 28]
    mov dh, 0x00
    END_TEST
