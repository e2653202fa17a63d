; Register forms where operands alias: cmpxchg with EAX as destination
; (always equal), cmpxchg failing on a register destination, xadd of a
; register with itself (the sum is written last), xadd of AL and AH.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x3030", "ECX": "0x77", "EBX": "0x5", "EDX": "0x10", "ESI": "0x5" },
  "MemData": {
    "res": ["0x77", "0x40", "0x5", "0x0", "0x10", "0x3"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 6 dd 0xdeadbeef

section .text
    mov eax, 9
    mov ecx, 0x77
    cmpxchg eax, ecx        ; EAX == EAX: EAX = ECX, ZF
    mov [res + 0], eax
    SAVE_FLAGS [res + 4], 0x40
    mov eax, 1
    mov ebx, 5
    cmpxchg ebx, ecx        ; 1 != 5: EAX = 5, EBX unchanged
    mov [res + 8], eax
    SAVE_FLAGS [res + 12], 0x40
    mov esi, eax
    mov edx, 8
    xadd edx, edx           ; EDX = 8 + 8 (the destination is written last)
    mov [res + 16], edx
    mov eax, 0x0201
    xadd al, ah             ; AH = 1 (old AL), AL = 3
    movzx edi, al
    mov [res + 20], edi
    mov eax, 0x3030
    xor edi, edi
    END_TEST
