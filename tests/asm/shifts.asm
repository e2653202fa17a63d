; shl/shr/sar/rol/ror: results, CF (the last bit out) and OF for count 1,
; at 8, 16 and 32 bits; memory operands; the D0/D1 (by 1) and C0/C1 forms.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x2", "0x801",
            "0x40000000", "0x800",
            "0xc0000001", "0x1",
            "0xffffffff", "0x1",
            "0x1234ff00", "0x1",
            "0x7f", "0x800",
            "0x56781234", "0x0",
            "0x2468acf0", "0x0",
            "0x091a2b3c", "0x0",
            "0xffff8001", "0x1",
            "0xabcd12e0", "0x0"],
    "mem": ["0x00000042", "0xfffffff0"]
  }
}
%endif
%include "harness.inc"

CFOF equ 0x801

section .data
res: times 22 dd 0xdeadbeef
mem: dd 0x84, 0xffffffe0

section .text
    mov eax, 0x80000001
    shl eax, 1              ; 2: CF = old bit 31; OF = CF ^ new MSB = 1
    mov [res + 0], eax
    SAVE_FLAGS [res + 4], CFOF
    mov eax, 0x80000000
    shr eax, 1              ; OF = old MSB = 1, CF = 0
    mov [res + 8], eax
    SAVE_FLAGS [res + 12], CFOF
    mov eax, 0x80000003
    sar eax, 1              ; 0xc0000001, CF = old bit 0, OF = 0
    mov [res + 16], eax
    SAVE_FLAGS [res + 20], CFOF
    mov eax, 0x80000000
    sar eax, 31             ; all sign bits
    stc
    sar eax, 1              ; -1 >> 1 = -1, CF = 1
    mov [res + 24], eax
    SAVE_FLAGS [res + 28], 0x1
    mov eax, 0x1234ffff
    shl ax, 8               ; 16-bit: 0xff00, CF = bit 8 of 0xffff = 1
    mov [res + 32], eax
    SAVE_FLAGS [res + 36], 0x1
    mov eax, 0xfe
    shr al, 1               ; 0x7f, CF 0, OF = old MSB = 1
    mov [res + 40], eax
    SAVE_FLAGS [res + 44], CFOF
    mov eax, 0x12345678
    rol eax, 16             ; 0x56781234; CF = new bit 0 = 0
    mov [res + 48], eax
    SAVE_FLAGS [res + 52], 0x1
    mov eax, 0x12345678
    rol eax, 1              ; 0x2468acf0, CF = 0, OF = CF ^ MSB = 0
    mov [res + 56], eax
    SAVE_FLAGS [res + 60], CFOF
    mov eax, 0x12345678
    ror eax, 1              ; 0x091a2b3c, CF = new MSB = 0, OF = two top bits differ = 0
    mov [res + 64], eax
    SAVE_FLAGS [res + 68], CFOF
    mov eax, 0xffff0003
    ror ax, 1               ; 0x8001, CF = 1
    mov [res + 72], eax
    SAVE_FLAGS [res + 76], 0x1
    mov eax, 0xabcd1237
    mov cl, 5
    shl al, cl              ; 0x37 << 5 = 0x6e0: AL = 0xe0, CF = bit 3 of 0x37 = 0
    mov [res + 80], eax
    SAVE_FLAGS [res + 84], 0x1
    shr dword [mem], 1      ; 0x42
    sar dword [mem + 4], 1  ; 0xfffffff0
    END_TEST
