; Trace test guest for the progress line: about 1.5 s of wall time spent in
; nanosleep (5 x 0.3 s) between short loops, however fast the host, then
; "done" on stdout and exit 0.
section .text
global _start
_start:
    mov esi, 5
.again:
    mov ecx, 2000
.spin:
    dec ecx
    jnz .spin
    mov eax, 162            ; nanosleep(&ts, 0)
    mov ebx, ts
    xor ecx, ecx
    int 0x80
    dec esi
    jnz .again
    mov eax, 4              ; write(1, msg, 5)
    mov ebx, 1
    mov ecx, msg
    mov edx, 5
    int 0x80
    mov eax, 1
    xor ebx, ebx
    int 0x80

section .data
ts:  dd 0, 300000000
msg: db "done", 10
