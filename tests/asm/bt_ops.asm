; bt/bts/btr/btc: CF = the selected bit. A register bit offset is taken mod
; the operand size for a register operand, but for a memory operand it is a
; signed offset into a bit string (can reach the next dword or the one
; before); an immediate offset is taken mod the operand size, also for a
; memory operand.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x80000001", "EBX": "0x00000010" },
  "MemData": {
    "res": ["0x1", "0x0", "0x1", "0x1", "0x0", "0x1", "0x1", "0x0", "0x0"],
    "imm_t": ["0x8", "0x2"],
    "bitstr": ["0x00000001", "0x00000008", "0x80000000"]
  }
}
%endif
%include "harness.inc"

section .data
res:  times 9 dd 0xdeadbeef
imm_t: dd 0, 0
      dd 0
bitstr: dd 0x00000001, 0x00000000, 0x00000000

section .text
    mov eax, 0x80000000
    mov ecx, 63             ; mod 32 = 31 for a register operand
    bt eax, ecx
    SAVE_FLAGS [res + 0], 0x1       ; 1
    bts eax, 32             ; immediate: mod 32 = 0; old bit 0 = 0
    SAVE_FLAGS [res + 4], 0x1       ; 0, EAX = 0x80000001
    mov ecx, 35
    bts [bitstr], ecx       ; bit 3 of the next dword: was 0
    btc [bitstr], ecx         ; toggles it back: was 1
    SAVE_FLAGS [res + 8], 0x1       ; 1
    bts [bitstr], ecx         ; set again: was 0 -> CF 0
    mov ecx, 0
    bt dword [bitstr], ecx    ; bit 0 of bitstr: 1
    SAVE_FLAGS [res + 12], 0x1      ; 1
    mov ecx, 95
    bt [bitstr], ecx          ; bit 31 of bitstr+8: 0
    SAVE_FLAGS [res + 16], 0x1      ; 0
    bts [bitstr], ecx         ; set it
    mov ecx, -1
    bts [bitstr], ecx         ; bit 7 of the byte before bitstr (res-pad dword): was 0
    btr [bitstr], ecx         ; was 1 now
    SAVE_FLAGS [res + 20], 0x1      ; 1
    mov ebx, 0x00000011
    btr ebx, 0              ; was 1
    SAVE_FLAGS [res + 24], 0x1      ; 1
    btc bx, 20              ; 16-bit: 20 mod 16 = 4, was 1, now 0 -> then back
    btc bx, 4
    btr ebx, 1              ; was 0
    SAVE_FLAGS [res + 28], 0x1      ; 0
    bts dword [imm_t], 35   ; immediate offset on memory: mod 32 -> bit 3 of imm_t itself
    SAVE_FLAGS [res + 32], 0x1      ; 0
    btc word [imm_t + 4], 17 ; 16-bit: mod 16 -> bit 1
    END_TEST
