; A lock prefix on an instruction without a memory destination is #UD:
; SIGILL.
%ifdef CONFIG
{
  "ExitStatus": 132
}
%endif
%include "harness.inc"

section .text
    mov eax, 1
    db 0xf0, 0x01, 0xd8     ; lock add eax, ebx
    END_TEST
