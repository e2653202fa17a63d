; cbw/cwde/cwd/cdq sign extensions (writing only AX / DX where defined),
; movsx/movzx from 8- and 16-bit registers and memory.
%ifdef CONFIG
{
  "MemData": {
    "res": ["0x1234ff80", "0x0000007f", "0xffff8000", "0x00007fff",
            "0x5555ffff", "0x55550000", "0xffffffff", "0x0",
            "0xffffff80", "0x80", "0xffff8001", "0x8001", "0xff80", "0x7f"]
  }
}
%endif
%include "harness.inc"

section .data
b80: db 0x80
w81: dw 0x8001
res: times 14 dd 0xdeadbeef

section .text
    mov eax, 0x12345680
    cbw                     ; AX = 0xff80, upper half kept
    mov [res + 0], eax
    mov eax, 0xffffff7f
    cbw
    cwde                    ; 0x0000007f
    mov [res + 4], eax
    mov eax, 0x12348000
    cwde
    mov [res + 8], eax
    mov eax, 0xffff7fff
    cwde
    mov [res + 12], eax
    mov eax, 0x8000
    mov edx, 0x55551234
    cwd                     ; DX = 0xffff only
    mov [res + 16], edx
    mov eax, 0x7fff
    cwd
    mov [res + 20], edx
    mov eax, 0x80000000
    cdq
    mov [res + 24], edx
    mov eax, 0x7fffffff
    cdq
    mov [res + 28], edx
    movsx eax, byte [b80]
    mov [res + 32], eax
    movzx eax, byte [b80]
    mov [res + 36], eax
    movsx eax, word [w81]
    mov [res + 40], eax
    movzx eax, word [w81]
    mov [res + 44], eax
    mov eax, 0x12340000
    mov bl, 0x80
    movsx ax, bl            ; 16-bit destination
    movzx eax, ax
    mov [res + 48], eax
    mov ecx, 0xffffff7f
    movzx eax, cl
    mov [res + 52], eax
    END_TEST
