; Counts at or above the operand size (after the 5-bit mask): sar fills with
; the sign and CF is the last bit out (the sign); rol/ror by a multiple of
; the size leave the value but still set CF (to bit 0 / the top bit) when
; the masked count is nonzero.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0xabcdefff", "0x1", "0x1234ffff", "0x1",
            "0x00000001", "0x0",
            "0x80", "0x0", "0x01", "0x0", "0x8000", "0x0", "0x81", "0x1"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 14 dd 0xdeadbeef

section .text
    mov eax, 0xabcdef80
    mov cl, 10
    clc
    sar al, cl              ; 8-bit by 10: 0xff, CF = sign
    mov [res + 0], eax
    SAVE_FLAGS [res + 4], 0x1
    mov eax, 0x12348000
    mov cl, 20
    clc
    sar ax, cl              ; 16-bit by 20
    mov [res + 8], eax
    SAVE_FLAGS [res + 12], 0x1
    mov eax, 0xbfffffff
    mov cl, 31
    stc
    shr eax, cl             ; 1, CF = bit 30 = 0
    mov [res + 16], eax
    SAVE_FLAGS [res + 20], 0x1
    mov eax, 0x80
    mov cl, 8
    stc
    rol al, cl              ; value unchanged, CF = bit 0 = 0
    mov [res + 24], eax
    SAVE_FLAGS [res + 28], 0x1
    mov eax, 0x01
    mov cl, 16
    stc
    ror al, cl              ; value unchanged, CF = bit 7 = 0
    mov [res + 32], eax
    SAVE_FLAGS [res + 36], 0x1
    mov eax, 0x8000
    mov cl, 16
    stc
    rol ax, cl              ; CF = bit 0 = 0
    mov [res + 40], eax
    SAVE_FLAGS [res + 44], 0x1
    mov eax, 0x81
    mov cl, 24
    clc
    rol al, cl              ; CF = bit 0 = 1
    mov [res + 48], eax
    SAVE_FLAGS [res + 52], 0x1
    END_TEST
