; 8-bit idiv: AX = -32768 / 2 = -16384 does not fit in AL: #DE even though
; the divisor is neither 0 nor -1.
%ifdef CONFIG
{
  "ExitStatus": 136
}
%endif
%include "harness.inc"

section .text
    mov eax, 0x8000
    mov cl, 2
    idiv cl
    END_TEST
