; Single string instructions step ESI/EDI by their element size; lods keeps
; the rest of EAX; cmps/scas set flags like cmp (source minus destination
; for cmps: [ESI] - [EDI]; EAX - [EDI] for scas); rep stosb and rep movsd.
%ifdef CONFIG
{
  "RegData": { "EAX": "0xaabb5678", "ECX": "0x0" },
  "MemData": {
    "dst": "11 11 22 11 22 33 11 00",
    "fill": "5a 5a 5a 5a 5a 5a 5a 00",
    "big": ["0x1", "0x2", "0x3", "0x4", "0x5", "0x0"],
    "res": ["0x1", "0x3", "0x7", "0x91", "0x44", "0x7", "0x14", "0x4", "0x1"]
  }
}
%endif
%include "harness.inc"

section .data
src:   db 0x11, 0x11, 0x22, 0x11, 0x22, 0x33, 0x11, 0x22, 0x33, 0x44
dst:   times 8 db 0
fill:  times 8 db 0
bsrc:  dd 1, 2, 3, 4, 5
big:   times 6 dd 0
words: dw 0x1234, 0x5678
res:   times 9 dd 0xdeadbeef

section .text
    cld
    mov esi, src
    mov edi, dst
    movsb                   ; one byte
    mov eax, edi
    sub eax, dst
    mov [res + 0], eax      ; 1
    movsw                   ; two bytes
    mov eax, esi
    sub eax, src
    mov [res + 4], eax      ; 3
    movsd                   ; four bytes
    mov eax, edi
    sub eax, dst
    mov [res + 8], eax      ; 7

    mov esi, src            ; 0x11
    mov edi, src + 2        ; 0x22
    cmpsb                   ; 0x11 - 0x22 = 0xef: CF SF AF, 7 bits: PF clear
    SAVE_FLAGS [res + 12]
    mov eax, 1
    mov edi, bsrc
    scasd                   ; 1 - 1: ZF PF
    SAVE_FLAGS [res + 16]
    mov eax, edi
    sub eax, bsrc
    mov [res + 28], eax     ; 4

    mov esi, words
    mov eax, 0xaabbccdd
    lodsw
    lodsw                   ; AX = 0x5678, the upper half stays
    mov ebx, esi
    sub ebx, words
    sub ebx, 3              ; 1 (ESI advanced by 4)
    mov [res + 32], ebx

    push eax
    mov edi, fill
    mov al, 0x5a
    mov ecx, 7
    rep stosb
    sub edi, fill
    mov [res + 20], edi     ; 7
    mov esi, bsrc
    mov edi, big
    mov ecx, 5
    rep movsd
    sub esi, bsrc
    mov [res + 24], esi     ; 20
    pop eax
    xor ebx, ebx
    xor esi, esi
    xor edi, edi
    END_TEST
