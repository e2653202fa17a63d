; call/ret forms: direct call pushes the return address, ret imm16 pops
; arguments, rep ret (F3 C3) is a plain ret, indirect call through a register
; and through memory, jmp through a table, pop esp, o16 push imm.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x2a", "EDX": "0x3" },
  "MemData": {
    "res": ["0x0", "0xc", "0x1", "0x2", "0x3", "0x0", "0x2", "0x1234", "0x0"]
  }
}
%endif
%include "harness.inc"

section .data
res:   times 9 dd 0xdeadbeef
fptr:  dd f_two
table: dd case0, case1, case2
newsp: dd 0

section .text
    mov esi, esp
    call f_retaddr
after_call:
    mov [res + 0], eax      ; the pushed address minus after_call: 0

    push dword 1
    push dword 2
    call f_ret8             ; callee pops its two arguments
    mov eax, esi
    sub eax, esp
    add eax, 12
    mov [res + 4], eax      ; 12: ESP back where it was

    call f_repret
    mov [res + 8], eax      ; 1
    mov ebx, f_two
    call ebx
    mov [res + 12], eax     ; 2
    mov dword [fptr], f_three
    call [fptr]
    mov [res + 16], eax     ; 3

    mov ecx, 2
    jmp [table + ecx * 4]
case0:
    mov edx, 1
    jmp cases_done
case1:
    mov edx, 2
    jmp cases_done
case2:
    mov edx, 3
cases_done:

    ; pop esp: ESP = the popped value (not that value + 4)
    lea eax, [esp - 64]
    push eax
    pop esp
    mov eax, esi
    sub eax, esp
    sub eax, 64
    mov [res + 20], eax     ; 0
    mov esp, esi

    mov eax, esp
    o16 push word 0x1234    ; 2 bytes
    sub eax, esp
    mov [res + 24], eax     ; 2
    movzx eax, word [esp]
    mov [res + 28], eax
    add esp, 2
    sub esi, esp
    mov [res + 32], esi     ; 0
    xor esi, esi
    mov eax, 42
    END_TEST

f_retaddr:
    mov eax, [esp]
    sub eax, after_call
    ret
f_ret8:
    mov eax, [esp + 4]
    add eax, [esp + 8]      ; 3
    ret 8
f_repret:
    mov eax, 1
    rep ret
f_two:
    mov eax, 2
    ret
f_three:
    mov eax, 3
    ret
