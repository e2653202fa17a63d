; setcc for all 16 conditions under five flag patterns.
%ifdef CONFIG
{
  "MemData": {
    "r_none": "00 01 00 01 00 01 00 01 00 01 00 01 00 01 00 01",
    "r_cz":   "00 01 01 00 01 00 01 00 00 01 00 01 00 01 01 00",
    "r_s":    "00 01 00 01 00 01 00 01 01 00 00 01 01 00 01 00",
    "r_sop":  "01 00 00 01 00 01 00 01 01 00 01 00 00 01 00 01",
    "r_o":    "01 00 00 01 00 01 00 01 00 01 00 01 01 00 01 00",
    "r_mem":  "00 00 00 00"
  }
}
%endif
%include "harness.inc"

%macro SETALL 1
  %assign i 0
  %rep 16
    %if i == 0
      seto byte [%1 + i]
    %elif i == 1
      setno byte [%1 + i]
    %elif i == 2
      setb byte [%1 + i]
    %elif i == 3
      setnb byte [%1 + i]
    %elif i == 4
      setz byte [%1 + i]
    %elif i == 5
      setnz byte [%1 + i]
    %elif i == 6
      setbe byte [%1 + i]
    %elif i == 7
      setnbe byte [%1 + i]
    %elif i == 8
      sets byte [%1 + i]
    %elif i == 9
      setns byte [%1 + i]
    %elif i == 10
      setp byte [%1 + i]
    %elif i == 11
      setnp byte [%1 + i]
    %elif i == 12
      setl byte [%1 + i]
    %elif i == 13
      setnl byte [%1 + i]
    %elif i == 14
      setle byte [%1 + i]
    %else
      setnle byte [%1 + i]
    %endif
    %assign i i + 1
  %endrep
%endmacro

section .data
r_none: times 16 db 0xee
r_cz:   times 16 db 0xee
r_s:    times 16 db 0xee
r_sop:  times 16 db 0xee
r_o:    times 16 db 0xee
r_mem:  dd 0

section .text
    SET_FLAGS 0x202         ; nothing set
    SETALL r_none
    SET_FLAGS 0x243         ; CF ZF
    SETALL r_cz
    SET_FLAGS 0x282         ; SF
    SETALL r_s
    SET_FLAGS 0xa86         ; SF OF PF
    SETALL r_sop
    SET_FLAGS 0xa02         ; OF
    SETALL r_o
    ; register forms, including a high byte
    SET_FLAGS 0x202
    mov eax, 0xffffffff
    setz al                 ; 0
    setc ah                 ; 0
    movzx eax, ax
    mov [r_mem], eax
    END_TEST
