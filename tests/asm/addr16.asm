; 16-bit addressing (0x67) in lea: [bx+si+disp] wraps at 64 KiB and is
; zero-extended into a 32-bit destination; [bp+di] and [si] forms. (No memory
; access: the first 64 KiB are not mapped.)
%ifdef CONFIG
{
  "RegData": { "EAX": "0x11", "ECX": "0xfffe", "EDX": "0x1235" },
  "MemData": {
    "res": ["0x0000ffff"]
  }
}
%endif
%include "harness.inc"

section .data
res: dd 0xdeadbeef

section .text
    mov ebx, 0x1234ffff     ; only BX counts
    mov esi, 0xabcd0002
    lea eax, [bx + si + 0x10] ; (0xffff + 2 + 0x10) & 0xffff = 0x11
    mov ebp, 0xffff
    mov edi, 0xffff
    lea ecx, [bp + di]      ; 0x1fffe & 0xffff
    lea edx, [si - 3 + 0x1236] ; 0x0002 - 3 + 0x1236
    a16 lea edi, [si - 3]   ; 0xffff
    mov [res], edi
    xor ebx, ebx
    xor esi, esi
    xor edi, edi
    xor ebp, ebp
    END_TEST
