; loop/loope/loopne (ending on ECX or on ZF), jecxz, and the 0x67 forms
; that count in CX: jcxz and loop with CX.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x5", "0x0", "0x3", "0x7", "0x4", "0x6", "0x0", "0x2",
            "0x1", "0x1", "0x0", "0x10000", "0x1"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 13 dd 0xdeadbeef

section .text
    xor eax, eax
    mov ecx, 5
.l1:
    inc eax
    loop .l1
    mov [res + 0], eax      ; 5
    mov [res + 4], ecx      ; 0

    xor ebx, ebx
    mov ecx, 10
.l2:
    inc ebx
    cmp ebx, 3
    loopne .l2              ; stops once EBX = 3 (ZF)
    mov [res + 8], ebx
    mov [res + 12], ecx     ; 7

    xor edx, edx
    mov ecx, 10
.l3:
    inc edx
    test edx, 4
    loope .l3               ; stops at EDX = 4 (ZF clear)
    mov [res + 16], edx
    mov [res + 20], ecx     ; 6

    mov ecx, 2
    xor esi, esi
.l4:
    inc esi
    cmp eax, eax            ; ZF always set: loope ends on ECX
    loope .l4
    mov [res + 24], ecx     ; 0
    mov [res + 28], esi     ; 2

    mov dword [res + 32], 0
    xor ecx, ecx
    jecxz .z1
    jmp .z1n
.z1:
    mov dword [res + 32], 1
.z1n:
    mov dword [res + 36], 0
    mov ecx, 0x10000
    jcxz .z2                ; 0x67 e3: tests CX only
    jmp .z2n
.z2:
    mov dword [res + 36], 1
.z2n:
    mov dword [res + 40], 0
    jecxz .z3               ; ECX != 0: not taken
    jmp .z3n
.z3:
    mov dword [res + 40], 1
.z3n:
    mov ecx, 0x10001
    mov dword [res + 48], 0
.l5:
    inc dword [res + 48]
    loop .l5, cx            ; CX 1 -> 0: falls through, ECX's upper half stays
    mov [res + 44], ecx     ; 0x10000
    END_TEST
