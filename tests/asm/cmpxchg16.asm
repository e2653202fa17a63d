; 16-bit cmpxchg and xchg forms: AX compared, the upper half of EAX kept on
; failure; xchg of a register with memory addressed by that same register.
%ifdef CONFIG
{
  "RegData": { "EAX": "0xaaaa9999", "EBX": "0x0", "ECX": "0x5555" },
  "MemData": {
    "m16": "55 55 99 99",
    "xm": ["0x12345678"],
    "res": ["0x40", "0x0"]
  }
}
%endif
%include "harness.inc"

section .data
m16: dw 0x1234, 0x9999
xm:  dd 0
res: times 2 dd 0xdeadbeef

section .text
    mov eax, 0xaaaa1234
    mov ecx, 0x5555
    cmpxchg [m16], cx       ; equal: m16 = 0x5555
    SAVE_FLAGS [res + 0], 0x40
    cmpxchg [m16 + 2], cx   ; AX = 0x1234 != 0x9999: AX = 0x9999, upper half kept
    SAVE_FLAGS [res + 4], 0x40
    mov ebx, xm
    mov edx, 0x12345678
    xchg ebx, [ebx]         ; xm = its own address, EBX = 0 (address taken first)
    xchg edx, [xm]          ; EDX = the address stored above, xm = 0x12345678
    sub edx, xm
    mov ebx, edx            ; 0
    END_TEST
