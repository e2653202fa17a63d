; Odds and ends: the hinted nop with a memory operand (no access), pause,
; xchg eax, eax, the moffs forms of mov (A0-A3), 32-bit address wrap-around,
; movzx/movsx into 16-bit registers, pop into a 16-bit memory word.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x11223344", "EBX": "0x55660080", "ECX": "0x7777ff80" },
  "MemData": {
    "m": ["0x11223344", "0x99887766"],
    "w": "34 12 ee ee",
    "res": ["0x99887766", "0x11223344", "0x1"]
  }
}
%endif
%include "harness.inc"

section .data
m:   dd 0x11223344, 0
w:   db 0xee, 0xee, 0xee, 0xee
res: times 3 dd 0xdeadbeef

section .text
    xor eax, eax
    nop dword [eax]         ; 0F 1F /0: no memory access at address 0
    nop word [eax + 0x10]
    pause
    xchg eax, eax
    mov eax, [m]            ; A1 moffs32
    mov dword [m + 4], 0x99887766
    mov ecx, m + 4
    mov edx, -4
    mov esi, [ecx + edx + 4]  ; plain
    mov [res + 0], esi
    mov esi, [dword ecx + 0xfffffffc] ; disp32 0xfffffffc: wraps mod 2^32 to m
    mov [res + 4], esi
    lea edi, [ecx - 4]
    cmp edi, m
    sete byte [res + 8]
    mov byte [res + 9], 0
    mov word [res + 10], 0
    mov ebx, 0x55660000
    mov dl, 0x80
    movzx bx, dl            ; BX = 0x0080, upper half kept
    mov ecx, 0x77770000
    movsx cx, dl            ; CX = 0xff80
    push word 0x1234
    pop word [w]            ; 16-bit pop into memory
    mov [m], al             ; A2 moffs8
    xor edx, edx
    xor esi, esi
    xor edi, edi
    END_TEST
