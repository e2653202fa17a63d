; Alias speculation against a partial overlap: a byte store followed by a
; dword load whose range contains the stored byte only in the second call
; (ESI = EDI - 3). A hoisted load (ldp) must fault on the byte store (stam)
; and the region run again without the reordering; the sums show whether
; every load saw the stored byte.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x0", "0xc8000000", "0x1000000", "0x1000000", "0x0"],
  }
}
%endif
%include "harness.inc"

N equ 200

section .bss
C: resd 256
D: resd 256

section .data
res: times 5 dd 0xdeadbeef

section .text
    lea edi, [D + 3]
    mov esi, C
    call byte_store_dword_load
    mov [res + 0], ebx      ; C is all zero: 0

    lea edi, [C + 3]
    mov esi, C
    call byte_store_dword_load
    mov [res + 4], ebx      ; each load sees 0x01 in its top byte

    mov eax, [C]
    mov [res + 8], eax
    mov eax, [C + 199*4]
    mov [res + 12], eax
    mov eax, [C + 200*4]
    mov [res + 16], eax
    END_TEST

; for (i = 0; i < N; i++) { *(char *)(dst + 4i) = 1; sum += *(int *)(src + 4i); }
byte_store_dword_load:
    xor ebx, ebx
    mov ecx, N
.loop:
    mov byte [edi], 1
    add ebx, [esi]
    add edi, 4
    add esi, 4
    dec ecx
    jnz .loop
    ret
