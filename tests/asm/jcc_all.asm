; jcc (short and near forms) for all 16 conditions under two flag patterns.
%ifdef CONFIG
{
  "MemData": {
    "r_cz":   "00 01 01 00 01 00 01 00 00 01 00 01 00 01 01 00",
    "r_sop":  "01 00 00 01 00 01 00 01 01 00 01 00 00 01 00 01",
    "r_near": "00 01 01 00 01 00 01 00 00 01 00 01 00 01 01 00"
  }
}
%endif
%include "harness.inc"

; JCC1 cc, dst_byte, dist: dst = 1 if jcc is taken, else 0
%macro JCC1 3
    mov byte [%2], 0
    j%1 %3 %%taken
    jmp %%done
  %ifidn %3, near
    times 200 nop           ; out of short range
  %endif
%%taken:
    mov byte [%2], 1
%%done:
%endmacro

%macro JCCALL 2
    JCC1 o, %1 + 0, %2
    JCC1 no, %1 + 1, %2
    JCC1 b, %1 + 2, %2
    JCC1 nb, %1 + 3, %2
    JCC1 z, %1 + 4, %2
    JCC1 nz, %1 + 5, %2
    JCC1 be, %1 + 6, %2
    JCC1 nbe, %1 + 7, %2
    JCC1 s, %1 + 8, %2
    JCC1 ns, %1 + 9, %2
    JCC1 p, %1 + 10, %2
    JCC1 np, %1 + 11, %2
    JCC1 l, %1 + 12, %2
    JCC1 nl, %1 + 13, %2
    JCC1 le, %1 + 14, %2
    JCC1 nle, %1 + 15, %2
%endmacro

section .data
r_cz:   times 16 db 0xee
r_sop:  times 16 db 0xee
r_near: times 16 db 0xee

section .text
    SET_FLAGS 0x243         ; CF ZF
    JCCALL r_cz, short
    SET_FLAGS 0xa86         ; SF OF PF
    JCCALL r_sop, short
    SET_FLAGS 0x243
    JCCALL r_near, near
    END_TEST
