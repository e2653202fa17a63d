; `int 3` in its two-byte form (CD 03) goes through the same user-callable
; gate as int3 (CC): SIGTRAP, not the #GP that other vectors give.
%ifdef CONFIG
{
  "ExitStatus": 133
}
%endif
%include "harness.inc"

section .text
    mov eax, 1
    db 0xcd, 0x03
    END_TEST
