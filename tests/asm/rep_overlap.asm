; rep movsb/movsw forward over overlapping buffers copies element by element:
; with the destination one element above the source it replicates the first
; element (no memmove semantics).
%ifdef CONFIG
{
  "MemData": {
    "buf": "5a 5a 5a 5a 5a 5a 5a 5a",
    "wbuf": "34 12 34 12 34 12 34 12 34 12"
  }
}
%endif
%include "harness.inc"

section .data
buf:  db 0x5a, 1, 2, 3, 4, 5, 6, 7
wbuf: dw 0x1234, 0, 0, 0, 0

section .text
    cld
    mov esi, buf
    lea edi, [buf + 1]
    mov ecx, 7
    rep movsb
    mov esi, wbuf
    lea edi, [wbuf + 2]
    mov ecx, 4
    rep movsw
    xor esi, esi
    xor edi, edi
    END_TEST
