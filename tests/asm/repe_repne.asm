; repe/repne stop early: ECX, ESI/EDI and the flags are those of the
; element that ended the loop; rep lodsb keeps the last element.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x7a" },
  "MemData": {
    "res": ["0x3", "0x9", "0x9", "0x0",
            "0x6", "0x6", "0x44",
            "0x0", "0xc", "0x0",
            "0x0", "0x44",
            "0x1", "0x6", "0x91",
            "0xb", "0x4"]
  }
}
%endif
%include "harness.inc"

section .data
s1:  db "hello, world"
s2:  db "hello, wOrld"
d1:  dd 1, 2, 3
d2:  dd 1, 2, 3
ws:  dw 0x1111, 0x1111, 0x2222, 0x1111
res: times 17 dd 0xdeadbeef

section .text
    cld
    mov esi, s1
    mov edi, s2
    mov ecx, 12
    repe cmpsb              ; stops after index 8 ('o' vs 'O')
    SAVE_FLAGS [res + 12]   ; 0x6f - 0x4f = 0x20: nothing set
    mov [res + 0], ecx
    sub esi, s1
    mov [res + 4], esi
    sub edi, s2
    mov [res + 8], edi

    mov al, ','
    mov edi, s1
    mov ecx, 12
    repne scasb             ; finds ',' at index 5
    SAVE_FLAGS [res + 24]
    mov [res + 16], ecx
    sub edi, s1
    mov [res + 20], edi

    mov al, 'z'
    mov edi, s1
    mov ecx, 12
    repne scasb             ; not found: runs out, ZF clear from 'z' - 'd'
    SAVE_FLAGS [res + 36]
    mov [res + 28], ecx
    sub edi, s1
    mov [res + 32], edi

    mov esi, d1
    mov edi, d2
    mov ecx, 3
    SET_FLAGS 0x202         ; ZF clear on entry does not stop repe
    repe cmpsd              ; all equal
    SAVE_FLAGS [res + 44]
    mov [res + 40], ecx

    mov ax, 0x1111
    mov edi, ws
    mov ecx, 4
    repe scasw              ; stops at ws[2]
    SAVE_FLAGS [res + 56]   ; 0x1111 - 0x2222: CF SF AF
    mov [res + 48], ecx
    sub edi, ws
    mov [res + 52], edi

    mov ecx, 12
    mov esi, s1
    mov edi, s2
    repne cmpsb             ; the first bytes are equal: one iteration
    mov [res + 60], ecx
    mov esi, s1
    mov ecx, 4
    rep lodsb               ; AL = last byte loaded
    sub esi, s1
    mov [res + 64], esi
    mov eax, 'z'
    xor ecx, ecx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    END_TEST
