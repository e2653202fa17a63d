; String instructions with DF = 1 walk downwards: rep movsb copying
; backwards (an overlapping memmove), rep stosw, lodsd, movsd, and the final
; ESI/EDI one element below the last one touched.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x33333333", "ECX": "0x0" },
  "Flags": { "DF": 0 },
  "MemData": {
    "buf": "41 42 43 44 45 46 47 48 2e 2e",
    "ov": "01 02 01 02 03 04 05 06",
    "w": "00 00 cd ab cd ab cd ab",
    "dcopy": ["0x0", "0x11111111", "0x22222222"],
    "res": ["0xffffffff", "0xffffffff", "0x0", "0x4", "0x0", "0x400"]
  }
}
%endif
%include "harness.inc"

section .data
src:   db "ABCDEFGH"
buf:   times 10 db '.'
ov:    db 1, 2, 3, 4, 5, 6, 7, 8
w:     dw 0, 0, 0, 0
darr:  dd 0x11111111, 0x22222222, 0x33333333
dcopy: dd 0, 0, 0
res:   times 6 dd 0xdeadbeef

section .text
    std
    mov esi, src + 7
    mov edi, buf + 7
    mov ecx, 8
    rep movsb               ; backwards copy: ends one below the start
    mov eax, esi
    sub eax, src
    mov [res + 0], eax      ; -1
    mov eax, edi
    sub eax, buf
    mov [res + 4], eax      ; -1
    ; memmove(ov + 2, ov, 6) done from the top
    mov esi, ov + 5
    mov edi, ov + 7
    mov ecx, 6
    rep movsb
    mov edi, w + 6
    mov ax, 0xabcd
    mov ecx, 3
    rep stosw               ; w[3], w[2], w[1]
    mov eax, edi
    sub eax, w
    mov [res + 8], eax      ; 0
    mov esi, darr + 8
    lodsd                   ; EAX = darr[2], ESI = darr + 4
    mov ebx, esi
    sub ebx, darr
    mov [res + 12], ebx     ; 4
    mov edi, dcopy + 8
    mov ecx, 2
    rep movsd               ; dcopy[2] = darr[1], dcopy[1] = darr[0]
    mov esi, 0
    SAVE_FLAGS [res + 16], 0
    pushfd
    pop ebx
    and ebx, 0x400
    mov [res + 20], ebx     ; DF still set
    cld
    xor ebx, ebx
    xor esi, esi
    xor edi, edi
    END_TEST
