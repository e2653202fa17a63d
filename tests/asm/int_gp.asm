; int n with a vector whose gate user mode may not use (here 0x40) is a #GP:
; SIGSEGV.
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    mov eax, 1
    int 0x40
    END_TEST
