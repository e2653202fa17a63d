; ud2 raises #UD: SIGILL.
%ifdef CONFIG
{
  "ExitStatus": 132
}
%endif
%include "harness.inc"

section .text
    mov eax, 1
    ud2
    END_TEST
