; ret imm16 zero-extends its immediate: `ret 0x8000` releases 32 KiB and
; `ret 0xffff` releases 65535 bytes (QEMU, and so Unicorn, sign-extends it;
; real hardware does not). ESP is restored before anything touches memory.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x8000", "EBX": "0xffff" }
}
%endif
%include "harness.inc"

section .text
    mov ebp, esp
    call release_8000
    mov eax, esp
    sub eax, ebp            ; call pushed 4, ret popped 4 + 0x8000
    mov esp, ebp
    call release_ffff
    mov ebx, esp
    sub ebx, ebp            ; not 0xffffffff - 1 as a sign-extended imm16 would give
    mov esp, ebp
    xor ebp, ebp
    END_TEST

release_8000:
    ret 0x8000
release_ffff:
    ret 0xffff
