; add: CF, OF, AF, PF, ZF, SF at 8, 16 and 32 bits, and the partial-register
; merge of 8- and 16-bit destinations.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x12340000", "EBX": "0xabcdef80", "ECX": "0x0" },
  "Flags": { "CF": 1, "PF": 1, "AF": 1, "ZF": 1, "SF": 0, "OF": 0 },
  "MemData": {
    "res": ["0x890", "0x55", "0x0", "0x894", "0x894", "0x845", "0x10", "0x91"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 8 dd 0xdeadbeef

section .text
    mov ebx, 0xabcdef7f
    add bl, 1               ; 0x7f + 1 = 0x80: OF SF AF, PF of 0x80 is odd
    SAVE_FLAGS [res + 0]
    mov al, 0xff
    add al, 1               ; 0xff + 1 = 0: CF ZF AF PF
    SAVE_FLAGS [res + 4]
    mov dl, 0x12
    add dl, 0x34            ; 0x46: no flags (three bits set: PF=0)
    SAVE_FLAGS [res + 8]
    mov ax, 0x7fff
    add ax, 1               ; 0x8000: OF SF AF, PF from the low byte 0x00
    SAVE_FLAGS [res + 12]
    mov eax, 0x7fffffff
    add eax, 1
    SAVE_FLAGS [res + 16]
    mov eax, 0x80000000
    add eax, eax            ; 0: CF OF ZF PF
    SAVE_FLAGS [res + 20]
    mov ecx, 0x8
    add ecx, 0x8            ; 0x10: AF only
    SAVE_FLAGS [res + 24]
    mov ecx, 0xff
    add cl, 0x81            ; -1 + -127 = -128 (0x180): CF SF AF, no OF
    SAVE_FLAGS [res + 28]
    xor ecx, ecx
    mov eax, 0x1234ffff
    add ax, 1               ; 16-bit wrap; the upper half stays
    END_TEST
