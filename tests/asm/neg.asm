; neg: CF is set unless the operand is 0; neg of the most negative value
; overflows and gives itself back.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x0", "EBX": "0x80000000", "ECX": "0xffffffff", "EDX": "0x12345680", "ESI": "0xabcd0001" },
  "MemData": {
    "res": ["0x44", "0x885", "0x95", "0x881", "0x11", "0x4"],
    "mem": ["0xfffffff6"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 6 dd 0xdeadbeef
mem: dd 10

section .text
    stc
    mov eax, 0
    neg eax                 ; 0: CF clear, ZF PF
    SAVE_FLAGS [res + 0]
    mov ebx, 0x80000000
    neg ebx                 ; INT_MIN: CF OF SF, PF of 0x00
    SAVE_FLAGS [res + 4]
    mov ecx, 1
    neg ecx                 ; -1: CF AF SF PF
    SAVE_FLAGS [res + 8]
    mov edx, 0x12345680
    neg dl                  ; 8-bit -128: CF OF SF, PF of 0x80 odd
    SAVE_FLAGS [res + 12]
    mov esi, 0xabcdffff
    neg si                  ; 16-bit: 1, CF AF; upper half kept
    SAVE_FLAGS [res + 16]
    neg dword [mem]         ; memory operand: -10 = 0xfffffff6
    SAVE_FLAGS [res + 20], 0x4 ; PF of 0xf6 (six bits: even)
    END_TEST
