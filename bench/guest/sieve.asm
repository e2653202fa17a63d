; The demo program: counts the primes below LIMIT with the sieve of
; Eratosthenes and prints a few of them. Byte stores, loads, nested loops.
%define LIMIT 200000

section .text
global _start
%include "lib.inc"

_start:
    ; composite[i] = 0 for all i (bss is zero), mark from 2
    mov esi, 2
.outer:
    mov eax, esi
    mul esi                     ; eax = i*i
    cmp eax, LIMIT
    jae .count
    cmp byte [composite + esi], 0
    jne .next
.mark:
    mov byte [composite + eax], 1
    add eax, esi
    cmp eax, LIMIT
    jb .mark
.next:
    inc esi
    jmp .outer

.count:
    xor ebx, ebx                ; count
    mov esi, 2
.cloop:
    cmp byte [composite + esi], 0
    jne .cskip
    inc ebx
    mov [last], esi
.cskip:
    inc esi
    cmp esi, LIMIT
    jb .cloop

    PRINT "primes below 200000: "
    mov eax, ebx
    call print_dec
    PRINT 10, "largest: "
    mov eax, [last]
    call print_dec
    PRINT 10
    cmp ebx, 17984              ; the known count: exit 0 if right
    jne .wrong
    EXIT 0
.wrong:
    EXIT 1

section .bss
composite: resb LIMIT
last: resd 1
