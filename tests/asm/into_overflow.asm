; into with OF set raises #OF, which Linux delivers as SIGSEGV; with OF clear
; it does nothing (checked first).
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .text
    SET_FLAGS 0x202
    into                    ; OF clear: no trap
    mov eax, 0x7fffffff
    add eax, 1              ; OF
    into
    END_TEST
