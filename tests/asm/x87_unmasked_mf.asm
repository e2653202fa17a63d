; An x87 exception unmasked in the control word is not raised by the
; instruction that causes it: the status word records it (with ES), the
; destination stays unwritten, and the next waiting FP instruction (here
; fwait) raises #MF, which Linux delivers as SIGFPE (exit status 136).
%ifdef CONFIG
{
  "ExitStatus": 136
}
%endif
%include "harness.inc"

section .data
cw: dw 0x037e               ; IM clear
res: dq 0

section .text
    finit
    fldcw [cw]
    fldz
    fld st1                 ; ST(1) empty: unmasked stack underflow, nothing pushed
    fnstsw ax               ; no-wait: no #MF here
    fstp qword [res]        ; waiting: #MF
    mov eax, 1              ; not reached
    END_TEST
