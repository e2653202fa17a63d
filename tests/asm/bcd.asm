; Decimal adjust: daa/das after packed-BCD add/sub (with and without a
; carry), aaa/aas after unpacked add/sub, aam/aad with base 10 and 16.
; OF is undefined after all of them; AF/CF after aam/aad too.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x47", "0x14",
            "0x00", "0x55",
            "0x19", "0x10",
            "0x34", "0x11",
            "0x0102", "0x11",
            "0x0007", "0x11",
            "0x0603", "0x4",
            "0x030f", "0x49", "0xab", "0x0005",
            "0x65", "0x1", "0xa5", "0x1"]
  }
}
%endif
%include "harness.inc"

DAA_FLAGS equ 0xd5 ; CF PF AF ZF SF (OF undefined)
ZSP equ 0xc4

section .data
res: times 22 dd 0xdeadbeef

section .text
    mov eax, 0x19
    add al, 0x28            ; 0x41, AF (9 + 8 > 15)
    daa                     ; +6: 0x47, AF stays, CF clear, PF of 0x47
    mov [res + 0], eax
    SAVE_FLAGS [res + 4], DAA_FLAGS
    mov eax, 0x99
    add al, 0x01            ; 0x9a
    daa                     ; 99 + 1 = 100: AL 0x00, CF AF ZF PF
    mov [res + 8], eax
    SAVE_FLAGS [res + 12], DAA_FLAGS
    mov eax, 0x47
    sub al, 0x28            ; 0x1f, AF (7 < 8)
    das                     ; -6: 0x19
    mov [res + 16], eax
    SAVE_FLAGS [res + 20], DAA_FLAGS
    mov eax, 0x12
    sub al, 0x78            ; 0x9a with borrow: CF, AF
    das                     ; 12 - 78 = 34 borrow 1: AL 0x34, CF set
    mov [res + 24], eax
    SAVE_FLAGS [res + 28], DAA_FLAGS
    mov eax, 0x0009
    add al, 3               ; 0x0c
    aaa                     ; AX = 0x0102, AF CF
    mov [res + 32], eax
    SAVE_FLAGS [res + 36], 0x11
    mov eax, 0x0102
    sub al, 5               ; 0xfd, AF
    aas                     ; AX = 0x0007 (AH - 1, AL & 0x0f), AF CF
    mov [res + 40], eax
    SAVE_FLAGS [res + 44], 0x11
    mov eax, 63
    aam                     ; AH = 6, AL = 3: PF of 3
    mov [res + 48], eax
    SAVE_FLAGS [res + 52], ZSP
    mov eax, 63
    aam 16                  ; AH = 3, AL = 15
    mov [res + 56], eax
    mov eax, 0x0703
    aad                     ; 7 * 10 + 3 = 73, AH = 0
    mov [res + 60], eax
    mov eax, 0x0a0b
    aad 16                  ; 10 * 16 + 11 = 171
    mov [res + 64], eax
    mov eax, 0x0004
    add al, 1               ; 5: no adjustment
    aaa                     ; AF CF clear, AL & 0x0f, AH unchanged
    mov [res + 68], eax
    SET_FLAGS 0x203         ; CF in, AF clear
    mov eax, 0x05
    daa                     ; low digit fine, CF in: +0x60 = 0x65, CF stays
    mov [res + 72], eax
    SAVE_FLAGS [res + 76], 0x11
    SET_FLAGS 0x203
    mov eax, 0x05
    das                     ; CF in: -0x60 = 0xa5, CF stays
    mov [res + 80], eax
    SAVE_FLAGS [res + 84], 0x11
    END_TEST
