; Bytes that are no instruction at all (the reserved opcode 0F 04), as
; opposed to ud2: SIGILL all the same.
%ifdef CONFIG
{
  "ExitStatus": 132
}
%endif
%include "harness.inc"

section .text
    mov eax, 1
    db 0x0f, 0x04
    END_TEST
