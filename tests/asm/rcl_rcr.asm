; rcl/rcr rotate through CF: by 1 (with OF), by n, 33-bit and 9-bit rings,
; counts reduced mod 9 / mod 17 for 8 / 16 bits.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x1", "0x801",
            "0x0", "0x1",
            "0x80000000", "0x800",
            "0x3", "0x1",
            "0x5", "0x0",
            "0x1", "0x0",
            "0x12340003", "0x1",
            "0xabcd0000", "0x1"]
  }
}
%endif
%include "harness.inc"

CFOF equ 0x801

section .data
res: times 16 dd 0xdeadbeef

section .text
    stc
    mov eax, 0x80
    rcl al, 1               ; CF into bit 0, bit 7 into CF: 0x01, CF 1; OF = MSB ^ CF = 1
    mov [res + 0], eax
    SAVE_FLAGS [res + 4], CFOF
    clc
    mov eax, 0x01
    rcr al, 1               ; 0x00, CF = 1; OF = old MSB ^ old CF = 0
    mov [res + 8], eax
    SAVE_FLAGS [res + 12], CFOF
    stc
    mov eax, 0
    rcr eax, 1              ; 0x80000000, CF 0; OF = MSB ^ next-MSB of result = 1
    mov [res + 16], eax
    SAVE_FLAGS [res + 20], CFOF
    stc
    mov eax, 0x80000001
    mov cl, 33              ; masked to 1
    rcl eax, cl             ; 0x00000003, CF = 1
    mov [res + 24], eax
    SAVE_FLAGS [res + 28], 0x1
    clc
    mov eax, 0x81
    mov cl, 7
    rcr al, cl              ; 9-bit ring: right by 7 = left by 2: 0x05, CF 0
    mov [res + 32], eax
    SAVE_FLAGS [res + 36], 0x1
    stc
    mov eax, 0
    mov cl, 10              ; 10 mod 9 = 1
    rcl al, cl              ; 0x01, CF = 0
    mov [res + 40], eax
    SAVE_FLAGS [res + 44], 0x1
    stc
    mov eax, 0x12348001
    mov cl, 18              ; 18 mod 17 = 1 for 16 bits
    rcl ax, cl              ; 0x8001 -> 0x0003, CF 1
    mov [res + 48], eax
    SAVE_FLAGS [res + 52], 0x1
    clc
    mov eax, 0xabcd0001
    rcr ax, 1               ; 0x0000, bit 0 into CF
    mov [res + 56], eax
    SAVE_FLAGS [res + 60], 0x1
    END_TEST
