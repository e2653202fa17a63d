; Alias speculation that fails at run time: a loop stores through EDI and
; then loads through ESI. The optimizer may hoist the load above the store
; (ldp/stam); called first with disjoint arrays (no alias: the speculation
; holds) and then with ESI = EDI, so every load must see the value just
; stored. The alias faults roll the region back, and after a few of them
; it is retranslated without speculation.
%ifdef CONFIG
{
  "MemData": {
    // sum of B[0..199] = 19900; then 200 x 7; then A[0], A[199], B[0], B[199], B[200]
    "res": ["0x4dbc", "0x578", "0x7", "0x7", "0x7", "0x7", "0xc8"],
  }
}
%endif
%include "harness.inc"

N equ 200

section .bss
A: resd 256
B: resd 256

section .data
res: times 7 dd 0xdeadbeef

section .text
    ; B[i] = i
    xor ecx, ecx
.init:
    mov [B + ecx*4], ecx
    inc ecx
    cmp ecx, 256
    jne .init

    mov edi, A
    mov esi, B
    call store_then_load
    mov [res + 0], ebx

    mov edi, B
    mov esi, B
    call store_then_load
    mov [res + 4], ebx

    mov eax, [A]
    mov [res + 8], eax
    mov eax, [A + 199*4]
    mov [res + 12], eax
    mov eax, [B]
    mov [res + 16], eax
    mov eax, [B + 199*4]
    mov [res + 20], eax
    mov eax, [B + 200*4]
    mov [res + 24], eax
    END_TEST

; for (i = 0; i < N; i++) { dst[i] = 7; sum += src[i]; }  -> EBX = sum
store_then_load:
    xor ebx, ebx
    mov ecx, N
    mov edx, 7
.loop:
    mov [edi], edx          ; store
    mov eax, [esi]          ; load that may alias the store
    add ebx, eax
    add esi, 4
    add edi, 4
    dec ecx
    jnz .loop
    ret
