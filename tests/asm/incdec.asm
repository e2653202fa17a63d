; inc/dec leave CF alone (set or clear) and set OF, AF, ZF, SF, PF.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x0", "EBX": "0x80", "ECX": "0x12347fff", "EDX": "0xffffffff", "ESI": "0x12340000" },
  "MemData": {
    "res": ["0x55", "0x94", "0x891", "0x814", "0x54", "0x95"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 6 dd 0xdeadbeef

section .text
    stc
    mov eax, 0xffffffff
    inc eax                 ; 0, CF stays 1: CF ZF AF PF
    SAVE_FLAGS [res + 0]
    clc
    mov edx, 0
    dec edx                 ; -1, CF stays 0: SF AF PF
    SAVE_FLAGS [res + 4]
    stc
    mov ebx, 0x7f
    inc bl                  ; 0x80: OF SF AF, CF stays 1
    SAVE_FLAGS [res + 8]
    clc
    mov ecx, 0x12348000
    dec cx                  ; 0x7fff: OF AF PF
    SAVE_FLAGS [res + 12]
    mov esi, 0x1234ffff
    clc
    inc si                  ; 16-bit wrap to 0: ZF AF PF; upper half kept
    SAVE_FLAGS [res + 16]
    mov dword [res + 20], 0
    stc
    dec byte [res + 20]     ; memory: 0x00 - 1 = 0xff, CF stays: CF SF AF PF
    SAVE_FLAGS [res + 20]
    END_TEST
