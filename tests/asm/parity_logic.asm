; PF looks at the low byte of the result only; AF at the carry out of bit 3;
; and/or/xor/test clear CF and OF (AF is undefined there, so masked out).
%ifdef CONFIG
{
  "RegData": { "EDX": "0xffffff0f" },
  "MemData": {
    "res": ["0x4", "0x0", "0x4", "0x10", "0x10", "0x0", "0x10", "0x84", "0x44", "0x0", "0x44", "0x8d5"]
  }
}
%endif
%include "harness.inc"

LOGIC_FLAGS equ 0x8c5 ; CF PF ZF SF OF

section .data
res: times 12 dd 0xdeadbeef

section .text
    mov eax, 0x100
    add eax, 0              ; 0x100: low byte 0 has even parity, ZF clear
    SAVE_FLAGS [res + 0]
    mov eax, 0x1ff01
    add eax, 0              ; low byte 0x01: odd; bits above it don't count
    SAVE_FLAGS [res + 4]
    mov ax, 0x0300
    add ax, 0               ; 16-bit, low byte 0: PF
    SAVE_FLAGS [res + 8]
    mov al, 0x08
    add al, 0x08            ; carry out of bit 3: AF
    SAVE_FLAGS [res + 12]
    mov al, 0x0f
    add al, 0x01            ; AF, 0x10 odd
    SAVE_FLAGS [res + 16]
    mov al, 0x10
    add al, 0x10            ; 0x20: no AF, PF odd
    SAVE_FLAGS [res + 20]
    mov eax, 0x10
    sub eax, 1              ; borrow out of bit 4 into bit 3: AF
    SAVE_FLAGS [res + 24], 0x10
    ; logic: CF and OF cleared
    SET_FLAGS 0xad5         ; CF PF AF ZF SF OF all set
    mov eax, 0x80000003
    and eax, 0xffff00ff     ; 0x80000003: SF PF
    SAVE_FLAGS [res + 28], LOGIC_FLAGS
    SET_FLAGS 0xad5
    xor ebx, ebx            ; 0: ZF PF
    SAVE_FLAGS [res + 32], LOGIC_FLAGS
    SET_FLAGS 0xad5
    mov ecx, 0x01
    or ecx, 0x100           ; 0x101: low byte odd
    SAVE_FLAGS [res + 36], LOGIC_FLAGS
    SET_FLAGS 0xad5
    mov edx, 0x0f0
    test edx, 0x00f         ; 0: ZF PF, edx unchanged
    SAVE_FLAGS [res + 40], LOGIC_FLAGS
    SET_FLAGS 0xad5
    not edx                 ; not changes no flags
    SAVE_FLAGS [res + 44]
    END_TEST
