; cmpxchg (8- and 32-bit, success and failure, flags of the compare),
; cmpxchg8b (success and failure), xadd, xchg with memory and registers,
; lock prefixes.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x22222222", "EDX": "0x11111111", "EBX": "0x0", "ECX": "0x0" },
  "MemData": {
    "m32": ["0x9"],
    "m8":  "77 00 00 00",
    "q":   ["0xaaaaaaaa", "0xbbbbbbbb"],
    "q2":  ["0x22222222", "0x11111111"],
    "xm":  ["0xb"],
    "res": ["0x5", "0x44", "0x9", "0x91", "0x40", "0x0", "0x0000bb77",
            "0xa", "0x4", "0x12345678", "0x87654321", "0x3412", "0x40", "0x0"]
  }
}
%endif
%include "harness.inc"

section .data
m32: dd 5
m8:  db 0x66, 0, 0, 0
q:   dd 0x11111111, 0x22222222
q2:  dd 0x22222222, 0x11111111
xm:  dd 10
xw:  dd 0x87654321
res: times 14 dd 0xdeadbeef

section .text
    mov eax, 5
    mov ecx, 9
    lock cmpxchg [m32], ecx ; equal: [m32] = 9, ZF, EAX stays 5
    mov [res + 0], eax
    SAVE_FLAGS [res + 4]    ; 5 - 5: ZF PF
    mov eax, 4
    cmpxchg [m32], ecx      ; 4 != 9: EAX = 9, memory unchanged
    mov [res + 8], eax
    SAVE_FLAGS [res + 12]   ; 4 - 9: CF SF AF, PF of 0xfb odd
    mov eax, 0xbb66
    mov ebx, 0x77
    cmpxchg [m8], bl        ; AL = 0x66 equal: m8 = 0x77
    SAVE_FLAGS [res + 16], 0x40
    mov al, 0x10
    cmpxchg [m8], bl        ; 0x10 != 0x77: AL = 0x77
    SAVE_FLAGS [res + 20], 0x40
    mov [res + 24], eax     ; AH untouched: 0xbb77

    mov eax, 0x11111111
    mov edx, 0x22222222
    mov ebx, 0xaaaaaaaa
    mov ecx, 0xbbbbbbbb
    SET_FLAGS 0x202
    lock cmpxchg8b [q]      ; equal: q = ECX:EBX, ZF
    SAVE_FLAGS [res + 48], 0x40
    mov eax, 0
    mov edx, 0
    SET_FLAGS 0x242
    cmpxchg8b [q2]          ; not equal: EDX:EAX = q2, ZF clear
    SAVE_FLAGS [res + 52], 0x40
    mov ebx, 0
    mov ecx, 0

    mov esi, 1
    lock xadd [xm], esi     ; xm = 11, ESI = 10
    mov [res + 28], esi
    mov edi, 2
    mov esi, 2
    xadd edi, esi           ; EDI = 4, ESI = 2
    mov [res + 32], edi
    mov esi, 0x12345678
    xchg esi, [xw]          ; ESI = 0x87654321, xw = 0x12345678
    mov edi, [xw]
    mov [res + 36], edi
    mov [res + 40], esi
    mov ecx, 0x1234
    xchg ch, cl             ; 8-bit register pair: 0x3412
    mov [res + 44], ecx
    xor ecx, ecx
    xor esi, esi
    xor edi, edi
    END_TEST
