; pushfd/popfd: DF, AC and ID can be written from user mode, IF cannot be
; cleared and bit 1 always reads 1; popfw changes the low 16 bits only;
; lahf/sahf move SF ZF AF PF CF through AH and leave OF alone; cmc, salc.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x000002ff" },
  "Flags": { "DF": 0, "AC": 0 },
  "MemData": {
    "res": ["0x240ed7", "0x202", "0x40202", "0x1", "0xd7", "0x02", "0x800", "0x0",
            "0x1", "0x0", "0x0000ff00"]
  }
}
%endif
%include "harness.inc"

section .data
res: times 11 dd 0xdeadbeef

section .text
    push dword 0x240ed7     ; CF PF AF ZF SF OF, DF, AC, ID
    popfd
    pushfd
    pop dword [res + 0]     ; reads back with IF and bit 1
    push dword 0
    popfd                   ; IF stays set, bit 1 reads 1
    pushfd
    pop dword [res + 4]
    push dword 0x40000
    popfd                   ; AC on
    push word 0x0002
    popfw                   ; low half only: AC stays
    pushfd
    pop dword [res + 8]
    push dword 0x202
    popfd
    std
    pushfd
    pop eax
    shr eax, 10
    and eax, 1
    mov [res + 12], eax     ; DF
    cld
    ; lahf/sahf
    SET_FLAGS 0xad7         ; all six arithmetic flags set
    lahf                    ; AH = SF ZF 0 AF 0 PF 1 CF = 0xd7
    movzx ebx, ah
    mov [res + 16], ebx
    mov ah, 0
    sahf                    ; clears SF ZF AF PF CF, OF stays
    lahf
    movzx ebx, ah
    mov [res + 20], ebx     ; 0x02
    SAVE_FLAGS [res + 24]   ; OF only
    mov ah, 0x28            ; bits 3 and 5 are not flags
    sahf
    SAVE_FLAGS [res + 28], 0x28
    clc
    cmc
    SAVE_FLAGS [res + 32], 0x1   ; 1
    cmc
    SAVE_FLAGS [res + 36], 0x1   ; 0
    mov eax, 0x12345678
    stc
    salc                    ; AL = CF ? 0xff : 0
    clc
    mov ah, al
    salc
    and eax, 0xffff
    mov [res + 40], eax     ; 0xff00
    mov eax, 0x2ff
    END_TEST
