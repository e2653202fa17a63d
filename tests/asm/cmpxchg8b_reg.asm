; cmpxchg8b needs a memory operand: the register form (0F C7 /1 with
; mod = 11) is #UD: SIGILL.
%ifdef CONFIG
{
  "ExitStatus": 132
}
%endif
%include "harness.inc"

section .text
    db 0x0f, 0xc7, 0xc8
    END_TEST
