; idiv of INT_MIN by -1: +2^31 does not fit, #DE: SIGFPE.
%ifdef CONFIG
{
  "ExitStatus": 136
}
%endif
%include "harness.inc"

section .text
    mov eax, 0x80000000
    cdq
    mov ecx, -1
    idiv ecx
    END_TEST
