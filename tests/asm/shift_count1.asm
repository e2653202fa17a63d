; A count of 1 defines OF for every shift and rotate, whichever encoding
; supplies it: D1 /r (implicit 1), C1 /r ib with 1, and D3 /r with CL = 1.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x801", "0x801", "0x801",
            "0x800", "0x800", "0x800",
            "0x1", "0x1", "0x1",
            "0x801", "0x801", "0x801",
            "0x801", "0x801", "0x801"]
  }
}
%endif
%include "harness.inc"

CFOF equ 0x801

; THREE op, init: the same op by 1 through the three encodings, flags stored
; at res + %3, + 4, + 8. %2 is the /r digit for the raw C1 encoding (eax).
%macro THREE 4
    mov eax, %4
    clc
    %1 eax, 1
    SAVE_FLAGS [res + %3], CFOF
    mov eax, %4
    clc
    db 0xc1, 0xc0 | (%2 << 3), 1
    SAVE_FLAGS [res + %3 + 4], CFOF
    mov eax, %4
    mov cl, 1
    clc
    %1 eax, cl
    SAVE_FLAGS [res + %3 + 8], CFOF
%endmacro

section .data
res: times 15 dd 0xdeadbeef

section .text
    THREE shl, 4, 0, 0x80000000   ; 0: CF 1, OF = CF ^ new MSB = 1
    THREE shr, 5, 12, 0x80000000  ; OF = old MSB = 1, CF 0
    THREE sar, 7, 24, 0x80000001  ; 0xc0000000: CF 1, OF 0
    THREE rol, 0, 36, 0x80000000  ; 1, CF 1, OF = CF ^ MSB = 1
    THREE rcr, 3, 48, 0x80000001  ; OF = MSB ^ CF before = 1; CF = bit 0 = 1
    END_TEST
