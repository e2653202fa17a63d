; Shift and rotate counts are masked to 5 bits: counts 0, 32 and 96 leave
; the operand AND every flag alone (also for rcl/rcr, shld/shrd). Sub-32-bit
; operands do not mask further: shl al, 8 and shl ax, 16 clear the register;
; rcl al, 9 rotates by 9 mod 9 = 0.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x12345678", "EBX": "0x9abcdef0" },
  "MemData": {
    "res": ["0x8d5", "0x8d5", "0x8d5", "0x8d5",
            "0xaaaa0000", "0xbbbbbb00", "0x1", "0xcccccc81", "0x0"]
  }
}
%endif
%include "harness.inc"

%macro ALL_SHIFTS 0
    shl eax, cl
    shr eax, cl
    sar eax, cl
    rol eax, cl
    ror eax, cl
    rcl eax, cl
    rcr eax, cl
    shld ebx, eax, cl
    shrd ebx, eax, cl
    shl ax, cl
    sar bl, cl
    rcr bh, cl
%endmacro

section .data
res: times 9 dd 0xdeadbeef

section .text
    mov eax, 0x12345678
    mov ebx, 0x9abcdef0
    SET_FLAGS 0xad7         ; all six arithmetic flags set
    mov cl, 0
    ALL_SHIFTS
    SAVE_FLAGS [res + 0]
    mov cl, 32
    ALL_SHIFTS
    SAVE_FLAGS [res + 4]
    mov cl, 96
    ALL_SHIFTS
    SAVE_FLAGS [res + 8]
    shl eax, 0              ; immediate count 0 (C1 /4 ib)
    sar ebx, 0
    rol eax, 0
    rcr ebx, 0
    SAVE_FLAGS [res + 12]

    push eax
    mov eax, 0xaaaa1234
    mov cl, 16
    shl ax, cl              ; 16-bit by 16: AX = 0
    mov [res + 16], eax
    mov eax, 0xbbbbbb81
    mov cl, 8
    shl al, cl              ; 8-bit by 8: AL = 0
    mov [res + 20], eax
    mov eax, 0xcccccc81
    SET_FLAGS 0xa03         ; CF and OF set
    mov cl, 9
    rcl al, cl              ; 9 mod 9 = 0: AL and CF unchanged
    SAVE_FLAGS [res + 24], 0x1  ; (OF is undefined for counts other than 1)
    mov [res + 28], eax
    SET_FLAGS 0x202
    mov cl, 0
    shl eax, cl             ; CF stays clear
    SAVE_FLAGS [res + 32], 0x1
    pop eax
    END_TEST
