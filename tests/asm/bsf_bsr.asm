; bsf/bsr: index of the lowest/highest set bit, ZF = (source == 0); a zero
; source leaves the destination unchanged (as AMD documents and Intel
; processors do). 16-bit and memory forms.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x10", "0x0", "0x1f", "0x0", "0x0", "0x0",
            "0xcafebabe", "0x40", "0xcafebabe", "0x40",
            "0xffff000f", "0x3", "0x2"]
  }
}
%endif
%include "harness.inc"

section .data
res:  times 13 dd 0xdeadbeef
mval: dd 0x00000004

section .text
    mov ebx, 0x00010000
    bsf eax, ebx            ; 16
    mov [res + 0], eax
    SAVE_FLAGS [res + 4], 0x40
    mov ebx, 0x80000001
    bsr eax, ebx            ; 31
    mov [res + 8], eax
    SAVE_FLAGS [res + 12], 0x40
    mov ebx, 1
    bsr eax, ebx            ; 0
    mov [res + 16], eax
    SAVE_FLAGS [res + 20], 0x40
    mov eax, 0xcafebabe
    xor ebx, ebx
    bsf eax, ebx            ; source 0: ZF, EAX unchanged
    SAVE_FLAGS [res + 28], 0x40
    mov [res + 24], eax
    mov ecx, 0xcafebabe
    bsr ecx, ebx
    SAVE_FLAGS [res + 36], 0x40
    mov [res + 32], ecx
    mov edx, 0xffff0000
    mov esi, 0x8000
    bsr dx, si              ; 16-bit: 15 into DX only
    mov [res + 40], edx
    mov edi, 0x8
    bsf edi, edi            ; 3
    mov [res + 44], edi
    bsf eax, [mval]         ; memory source: 2
    mov [res + 48], eax
    END_TEST
