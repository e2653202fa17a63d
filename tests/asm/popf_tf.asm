; Setting TF with popfd single-steps: a #DB trap after the next instruction,
; which Linux delivers as SIGTRAP.
%ifdef CONFIG
{
  "ExitStatus": 133
}
%endif
%include "harness.inc"

section .text
    push dword 0x302        ; TF | IF
    popfd
    mov eax, 1
    mov eax, 2
    END_TEST
