; A jump to an unmapped address faults on the instruction fetch: SIGSEGV.
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    mov eax, 0x100
    jmp eax
    END_TEST
