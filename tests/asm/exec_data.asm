; Executing from the non-executable .data segment: SIGSEGV.
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .data
code_in_data:
    mov eax, 1              ; would run fine if .data were executable
    ret

section .text
    call code_in_data
    END_TEST
