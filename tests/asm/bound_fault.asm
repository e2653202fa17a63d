; bound with an index outside [lower, upper] raises #BR, which Linux
; delivers as SIGSEGV; an index inside passes (checked first).
%ifdef CONFIG
{
  "ExitStatus": 139
}
%endif
%include "harness.inc"

section .data
bounds: dd -5, 10

section .text
    mov eax, -5
    bound eax, [bounds]     ; inside
    mov eax, 10
    bound eax, [bounds]     ; inside
    mov eax, 11
    bound eax, [bounds]     ; outside
    END_TEST
