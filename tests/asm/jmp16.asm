; A jump with a 16-bit operand size (66 E9 rel16) truncates EIP to 16 bits:
; the target lies in the unmapped first 64 KiB, so the fetch faults: SIGSEGV.
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    db 0x66, 0xe9, 0x00, 0x00   ; jmp (next EIP) & 0xffff
    END_TEST
