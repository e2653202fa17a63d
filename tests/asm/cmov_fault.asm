; cmov reads its memory source even when the condition is false: a bad
; address faults (SIGSEGV) regardless.
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    SET_FLAGS 0x202         ; ZF clear: cmovz is false
    mov eax, 1
    cmovz eax, [0x10]
    END_TEST
