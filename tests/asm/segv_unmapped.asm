; A store to an unmapped address: SIGSEGV.
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    mov eax, 0x10
    mov dword [eax], 1
    END_TEST
