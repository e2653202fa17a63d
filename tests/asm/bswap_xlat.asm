; bswap on several registers; xlat (AL = [EBX + unsigned AL]) keeps the
; rest of EAX, including index 0xff.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x12345601", "ECX": "0x0", "EDX": "0x80", "ESI": "0x78563412", "EDI": "0xffffffff" },
  "MemData": {
    "res": ["0x78563412", "0x12345678", "0x123456fe", "0x12345600", "0x123456aa"]
  }
}
%endif
%include "harness.inc"

section .data
table:
%assign i 0
%rep 256
    db (255 - i) & 0xff
%assign i i + 1
%endrep
res: times 5 dd 0xdeadbeef

section .text
    mov eax, 0x12345678
    bswap eax
    mov [res + 0], eax
    bswap eax
    mov [res + 4], eax
    mov esi, 0x12345678
    bswap esi
    mov edx, 0x80000000
    bswap edx
    mov edi, 0xffffffff
    bswap edi
    xor ecx, ecx
    bswap ecx
    mov ebx, table
    mov eax, 0x12345601
    xlatb                   ; table[1] = 0xfe
    mov [res + 8], eax
    mov eax, 0x123456ff
    xlatb                   ; table[0xff] = 0x00: the index is unsigned
    mov [res + 12], eax
    mov al, 0x55
    xlatb                   ; table[0x55] = 0xaa
    mov [res + 16], eax
    mov eax, 0x12345601
    xor ebx, ebx
    END_TEST
