; fprem and fprem1: the remainder, the low three quotient bits in C0 C3 C1,
; C2 = 0 when complete; fprem truncates, fprem1 rounds to nearest (IEEE).
; A huge exponent difference gives a partial remainder with C2 = 1, which
; repeating fprem finishes. Compares: fcom/fucom/ficom C3 C2 C0, fcomi's
; ZF PF CF, an unordered fucomi with a QNaN.
%ifdef CONFIG
{
  "MemData": {
    // 100 rem 7, 100 rem1 7, 5 rem1 2, -5 rem 2, 1e300 rem 7 (as m32)
    "rem": "00 00 00 40 00 00 00 40 00 00 80 3f 00 00 80 bf 00 00 80 3f",
    // fprem/fprem1 status words (q = 14, 14, 2, 2; partial C2; final),
    // then fcom lt, fucom eq, ficom gt, fucom unordered, fcom unordered (IE)
    "ccs": "00 71 00 71 00 70 00 70 00 34 00 32 00 39 00 78 00 38 00 75 01 75 00 00",
    "loops": "15 00 00 00",
    // fucomi unordered, fcomip lt, fcomi gt, fucomi eq (ZF PF CF)
    "fl": "45 00 00 00 01 00 00 00 00 00 00 00 40 00 00 00"
  }
}
%endif
%include "harness.inc"

section .data
v100: dd 100.0
v7: dd 7.0
v5: dd 5.0
v2: dd 2.0
big: dq 1.0e300
qnan: dd 0x7fc00000
i3: dd 3
rem: times 8 dd 0
ccs: times 12 dw 0
loops: dd 0
fl: times 6 dd 0

section .text
    finit
    fld dword [v7]
    fld dword [v100]
    fprem                   ; 100 = 14*7 + 2: q = 14 = 0b1110 -> C0=1 C3=1 C1=0
    fnstsw [ccs]
    fstp dword [rem]
    fld dword [v100]
    fprem1                  ; 100/7 = 14.29 -> q = 14, remainder 2
    fnstsw [ccs + 2]
    fstp dword [rem + 4]
    fstp st0
    fld dword [v2]
    fld dword [v5]
    fprem1                  ; 5/2 = 2.5 -> q = 2 (even), remainder 1
    fnstsw [ccs + 4]
    fstp dword [rem + 8]
    fld dword [v5]
    fchs
    fprem                   ; -5 = -2*2 - 1
    fnstsw [ccs + 6]
    fstp dword [rem + 12]
    fstp st0
    fld dword [v7]
    fld qword [big]
    fprem                   ; exponent difference ~ 994: partial, C2 = 1
    fnstsw [ccs + 8]
    xor ecx, ecx
.again:
    inc ecx
    fprem
    fnstsw ax
    test ah, 4
    jnz .again
    mov [loops], ecx
    mov [ccs + 10], ax
    fstp dword [rem + 16]
    fstp st0
    ; compares
    fld dword [v5]
    fcom dword [v7]         ; 5 < 7: C0
    fnstsw [ccs + 12]
    fucom st0               ; equal: C3
    fnstsw [ccs + 14]
    ficom dword [i3]        ; 5 > 3: none
    fnstsw [ccs + 16]
    fld dword [qnan]
    fucom st1               ; unordered: C3 C2 C0, no IE
    fnstsw [ccs + 18]
    fcom st1                ; unordered, IE (masked)
    fnstsw [ccs + 20]
    fucomi st0, st1
    SAVE_FLAGS [fl]
    fstp st0
    fld dword [v2]
    fcomip st0, st1         ; 2 < 5: CF
    SAVE_FLAGS [fl + 4]
    fld dword [v7]
    fcomi st0, st1          ; 7 > 5: none
    SAVE_FLAGS [fl + 8]
    fucomi st0, st0         ; equal: ZF
    SAVE_FLAGS [fl + 12]
    END_TEST
