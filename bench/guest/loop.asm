; Benchmark kernel: a checksum over a 4 KiB buffer, repeated. ALU ops,
; loads, stores and a loop branch: the shape of ordinary integer code.
%ifndef ROUNDS
%define ROUNDS 400
%endif

section .text
global _start
%include "lib.inc"

_start:
    ; fill the buffer with a pattern
    xor ecx, ecx
.fill:
    lea eax, [ecx*4 + 0x12345]
    imul eax, eax, 2654435761
    mov [buf + ecx*4], eax
    inc ecx
    cmp ecx, 1024
    jb .fill

    mov edi, ROUNDS
    mov ebx, 0x811c9dc5          ; running checksum
.round:
    xor ecx, ecx
.word:
    mov eax, [buf + ecx*4]
    add eax, ebx
    rol eax, 5
    xor ebx, eax
    lea edx, [ebx + ecx]
    mov [buf + ecx*4], edx
    inc ecx
    cmp ecx, 1024
    jne .word
    dec edi
    jnz .round

    PRINT "checksum: "
    mov eax, ebx
    call print_hex
    PRINT 10
    EXIT 0

section .bss
buf: resd 1024
