; int3 raises #BP: SIGTRAP.
%ifdef CONFIG
{
  "ExitStatus": 133
}
%endif
%include "harness.inc"

section .text
    mov eax, 1
    int3
    END_TEST
