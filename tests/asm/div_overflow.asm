; div whose quotient does not fit in 32 bits raises #DE: SIGFPE.
%ifdef CONFIG
{
  "ExitStatus": 136
}
%endif
%include "harness.inc"

section .text
    mov edx, 1
    mov eax, 0
    mov ecx, 1
    div ecx                 ; 0x1_00000000 / 1
    END_TEST
