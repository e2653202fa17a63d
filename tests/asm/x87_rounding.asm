; Rounding control (nearest, down, up, toward zero) on 1/3, -1/3 stored to
; m32 and m64 and on 2.5, -2.5 stored with fistp; precision control (24, 53,
; 64 bits) on 1/3 in the register; C1 set when the result was rounded up;
; fldpi rounds its constant as RC says.
%ifdef CONFIG
{
  "MemData": {
    // 1/3 to m32 under nearest, down, up, zero (dword, then a padding dword)
    "f32": "ab aa aa 3e 00 00 00 00 aa aa aa 3e 00 00 00 00 ab aa aa 3e 00 00 00 00 aa aa aa 3e 00 00 00 00",
    // -1/3 and 1/3 to m64 under each RC
    "f64": "55 55 55 55 55 55 d5 bf 55 55 55 55 55 55 d5 3f 56 55 55 55 55 55 d5 bf 55 55 55 55 55 55 d5 3f 55 55 55 55 55 55 d5 bf 56 55 55 55 55 55 d5 3f 55 55 55 55 55 55 d5 bf 55 55 55 55 55 55 d5 3f",
    // fistp of 2.5 and -2.5 under each RC
    "i32": "02 00 00 00 fe ff ff ff 02 00 00 00 fd ff ff ff 03 00 00 00 fe ff ff ff 02 00 00 00 fe ff ff ff",
    // status word after fst m32: PE, and C1 = rounded up
    "sws": "20 3a 20 38 20 3a 20 38",
    // 1/3 at precision 24, 53, 64 bits (round to nearest)
    "ext": "00 00 00 00 00 ab aa aa fd 3f 00 a8 aa aa aa aa aa aa fd 3f ab aa aa aa aa aa aa aa fd 3f",
    // fldpi under each RC
    "pi": "35 c2 68 21 a2 da 0f c9 00 40 34 c2 68 21 a2 da 0f c9 00 40 35 c2 68 21 a2 da 0f c9 00 40 34 c2 68 21 a2 da 0f c9 00 40"
  }
}
%endif
%include "harness.inc"

section .data
one: dd 1.0
three: dd 3.0
half: dd 2.5
cws: dw 0x037f, 0x077f, 0x0b7f, 0x0f7f
pcs: dw 0x007f, 0x027f, 0x037f
cw: dw 0
f32: times 8 dd 0
f64: times 8 dq 0
i32: times 8 dd 0
sws: times 8 dw 0
ext: times 30 db 0
pi: times 40 db 0

section .text
    finit
    xor esi, esi
.rc:
    fldcw [cws + esi*2]
    fld dword [one]
    fdiv dword [three]      ; 1/3 at 64 bits under this RC
    fst dword [f32 + esi*8]
    fnstsw ax
    mov [sws + esi*2], ax
    fchs
    mov edi, esi
    shl edi, 4
    fstp qword [f64 + edi]
    fld dword [one]
    fdiv dword [three]
    fstp qword [f64 + edi + 8]
    fld dword [half]
    fistp dword [i32 + esi*8]
    fld dword [half]
    fchs
    fistp dword [i32 + esi*8 + 4]
    fldpi
    mov eax, esi
    imul eax, 10
    fstp tword [pi + eax]
    inc esi
    cmp esi, 4
    jne .rc
    xor esi, esi
.pc:
    fldcw [pcs + esi*2]
    fld dword [one]
    fdiv dword [three]
    mov eax, esi
    imul eax, 10
    fstp tword [ext + eax]
    inc esi
    cmp esi, 3
    jne .pc
    fldcw [cws]
    END_TEST
