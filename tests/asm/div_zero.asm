; 8-bit div by zero raises #DE: SIGFPE.
%ifdef CONFIG
{
  "ExitStatus": 136
}
%endif
%include "harness.inc"

section .text
    mov eax, 1234
    mov bl, 0
    div bl
    END_TEST
