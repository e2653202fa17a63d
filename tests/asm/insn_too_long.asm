; An instruction longer than 15 bytes (15 operand-size prefixes and a nop)
; is a #GP: SIGSEGV. 14 prefixes + nop (15 bytes) run first.
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    times 14 db 0x66
    nop
    times 15 db 0x66
    nop
    END_TEST
