; Trace test guest: a hot loop whose store sometimes writes the word a later
; load reads. The translator hoists the load above the store under ldp/stam,
; so translated code takes alias faults, rolls back and is retranslated:
; every CMS phase and both instant kinds occur. No rep string instructions
; (tests count instructions natively by single-stepping). The exit status
; is a checksum.
section .text
global _start
_start:
    mov ecx, 12000
    xor ebx, ebx
.loop:
    mov edx, ecx
    and edx, 7
    lea edi, [buf + edx*4]
    mov [edi], ecx          ; store: to buf+12 when ecx % 8 == 3
    mov eax, [buf + 12]     ; load: may alias the store
    add ebx, eax
    rol ebx, 3
    dec ecx
    jnz .loop
    mov eax, 1              ; exit(ebx & 0xff)
    and ebx, 0xff
    int 0x80

section .bss
buf: resb 64
