; rep with ECX = 0 does nothing: no memory access, ESI/EDI/EAX unchanged and
; (for cmps/scas) the flags unchanged, in either direction.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x11223344", "ECX": "0x0" },
  "MemData": {
    "res": ["0x8d5", "0x0", "0x0", "0x10000", "0x0", "0x0"],
    "dst": "09 09 09 09 09 09 09 09"
  }
}
%endif
%include "harness.inc"

section .data
src: db 1, 2, 3, 4, 5, 6, 7, 8
dst: times 8 db 9
res: times 6 dd 0xdeadbeef

section .text
    mov eax, 0x11223344
    mov esi, src
    mov edi, dst
    xor ecx, ecx
    SET_FLAGS 0xad7         ; every arithmetic flag set
    rep movsb
    rep movsd
    rep stosb
    rep stosd
    repe cmpsb
    repne cmpsd
    repe scasb
    repne scasw
    rep lodsb
    std
    rep movsb
    rep stosd
    repe cmpsb
    repne scasd
    rep lodsd
    cld
    SAVE_FLAGS [res + 0]
    mov ebx, esi
    sub ebx, src
    mov [res + 4], ebx
    mov ebx, edi
    sub ebx, dst
    mov [res + 8], ebx
    ; a16 rep: CX = 0 but ECX's upper half not: still nothing to do
    mov ecx, 0x10000
    mov si, 0
    a16 rep movsb
    mov [res + 12], ecx
    mov ecx, 0
    mov esi, src
    SET_FLAGS 0x202
    repe cmpsb              ; nothing compared: ZF stays clear
    SAVE_FLAGS [res + 16], 0x40
    mov ebx, esi
    sub ebx, src
    mov [res + 20], ebx
    xor ebx, ebx
    mov esi, 0
    mov edi, 0
    END_TEST
