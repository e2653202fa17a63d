; cmovcc for all 16 conditions under three flag patterns (register, memory
; and 16-bit forms). A false cmov leaves the destination alone.
%ifdef CONFIG
{
  "MemData": {
    "r_cz":  "00 01 01 00 01 00 01 00 00 01 00 01 00 01 01 00",
    "r_sop": "01 00 00 01 00 01 00 01 01 00 01 00 00 01 00 01",
    "r_o":   "01 00 00 01 00 01 00 01 00 01 00 01 01 00 01 00",
    "res":   ["0x12340001", "0x12340000", "0x5"]
  }
}
%endif
%include "harness.inc"

; CMOV1 cc, dst_byte: dst = cc ? 1 : 0 via cmov, from a memory source
%macro CMOV1 2
    mov eax, 0
    cmov%1 eax, [one]
    mov [%2], al
%endmacro

%macro CMOVALL 1
    CMOV1 o, %1 + 0
    CMOV1 no, %1 + 1
    CMOV1 b, %1 + 2
    CMOV1 nb, %1 + 3
    CMOV1 z, %1 + 4
    CMOV1 nz, %1 + 5
    CMOV1 be, %1 + 6
    CMOV1 nbe, %1 + 7
    CMOV1 s, %1 + 8
    CMOV1 ns, %1 + 9
    CMOV1 p, %1 + 10
    CMOV1 np, %1 + 11
    CMOV1 l, %1 + 12
    CMOV1 nl, %1 + 13
    CMOV1 le, %1 + 14
    CMOV1 nle, %1 + 15
%endmacro

section .data
one:   dd 1
r_cz:  times 16 db 0xee
r_sop: times 16 db 0xee
r_o:   times 16 db 0xee
res:   times 3 dd 0xdeadbeef

section .text
    SET_FLAGS 0x243         ; CF ZF
    CMOVALL r_cz
    SET_FLAGS 0xa86         ; SF OF PF
    CMOVALL r_sop
    SET_FLAGS 0xa02         ; OF
    CMOVALL r_o
    SET_FLAGS 0x243
    mov ecx, 0x12340000
    mov edx, 0xffff0001
    cmovz cx, dx            ; 16-bit: upper half kept
    mov [res + 0], ecx
    mov ecx, 0x12340000
    cmovnz cx, dx           ; false: unchanged
    mov [res + 4], ecx
    mov esi, 5
    mov edi, 6
    cmovc edi, esi          ; register form, true
    mov [res + 8], edi
    END_TEST
