; aam with an immediate base of 0 divides by zero: #DE.
%ifdef CONFIG
{
  "ExitStatus": 136
}
%endif
%include "harness.inc"

section .text
    mov eax, 0x25
    aam 0
    END_TEST
