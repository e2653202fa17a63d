; x87 stack overflow and underflow with the invalid exception masked (the
; state after finit): IE and SF set, C1 = 1 for overflow and 0 for underflow,
; the QNaN indefinite as the result; fxam of an empty register; a pop of an
; empty register with fstp to memory stores the m64 indefinite.
%ifdef CONFIG
{
  "MemData": {
    // overflow: IE SF C1, TOP 7; underflow: IE SF, C1 = 0; after fnclex; after fninit
    "sw": "41 3a 41 38 41 08 00 3e 00 00",
    "ind": "00 00 00 00 00 00 00 c0 ff ff",
    "d64": "00 00 00 00 00 00 f8 ff",
    "xam": "00 41 00 06"
  }
}
%endif
%include "harness.inc"

section .data
sw:   times 5 dw 0
ind:  times 10 db 0
d64:  times 8 db 0
xam:  times 2 dw 0

section .text
    finit
    mov ecx, 8
.fill:
    fld1
    loop .fill
    fld1                    ; ninth push: overflow
    fnstsw [sw]
    fstp tword [ind]        ; ST(0) is the indefinite
    fninit
    fld1
    fadd st0, st3           ; ST(3) empty: underflow
    fnstsw [sw + 2]
    fninit
    fstp qword [d64]        ; pops an empty register: underflow, stores the indefinite
    fnstsw [sw + 4]
    fninit
    fxam                    ; empty: C3 = C0 = 1
    fnstsw ax
    and ax, 0x4700
    mov [xam], ax
    fld1
    fchs
    fxam                    ; negative normal: C2 = C1 = 1
    fnstsw ax
    and ax, 0x4700
    mov [xam + 2], ax
    fnclex
    fnstsw [sw + 6]
    fninit
    fnstsw [sw + 8]
    END_TEST
