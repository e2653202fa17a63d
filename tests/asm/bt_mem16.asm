; A 16-bit register bit offset on a memory operand is signed: CX = 0xfff0
; (-16) selects bit 0 of the word two bytes below the operand.
%ifdef CONFIG
{
  "MemData": {
    "before": "01 00",
    "bitstr": "00 00 00 80",
    "res": ["0x0", "0x1"]
  }
}
%endif
%include "harness.inc"

section .data
before: dw 0
bitstr: dw 0, 0
res:    times 2 dd 0xdeadbeef

section .text
    mov ecx, 0x0000fff0     ; -16 as a 16-bit offset
    bts word [bitstr], cx
    SAVE_FLAGS [res + 0], 0x1   ; was 0
    mov ecx, 0xffff001f     ; 31: the upper half of ECX is ignored
    bts word [bitstr], cx
    bt word [bitstr], cx
    SAVE_FLAGS [res + 4], 0x1   ; now 1
    END_TEST
