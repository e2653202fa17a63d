; A store into the read-only, executable .text segment: SIGSEGV (a
; protection fault, not a self-modifying-code write).
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    mov byte [target], 0x90
target:
    nop
    END_TEST
