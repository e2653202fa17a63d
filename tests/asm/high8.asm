; The high-byte registers AH, CH, DH, BH: reads and writes touch bits 8-15
; only; mixing them with low bytes in one instruction.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x12341122", "EBX": "0x11227744", "ECX": "0xaabb0000",
               "EDX": "0xcafe0100", "ESI": "0x77", "EDI": "0xffffff80" },
  "MemData": {
    "res": "44 77 11 22"
  }
}
%endif
%include "harness.inc"

section .data
res: dd 0

section .text
    mov ebx, 0x11223344
    add bh, bl              ; BH = 0x33 + 0x44 = 0x77
    mov eax, 0x12345678
    mov ah, 0x22
    mov al, 0x11
    xchg ah, al             ; AX = 0x1122
    mov ecx, 0xaabbccdd
    sub ch, cl              ; 0xcc - 0xdd = 0xef
    xor cx, cx
    mov edx, 0xcafe00ff
    inc dl                  ; 0x00 (no carry into DH)
    inc dh                  ; 0x01
    movzx esi, bh           ; 0x77
    mov [res], bl
    mov [res + 1], bh
    mov [res + 2], ah
    mov [res + 3], al
    mov dh, 0x80
    movsx edi, dh           ; 0xffffff80
    mov dh, 0x01
    END_TEST
