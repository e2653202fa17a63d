; enter with nesting levels 0, 1, 3 and 33 (mod 32) (copying the enclosing frame
; pointers from the old EBP chain), leave, and a 16-bit enter that writes BP
; only. Stack addresses are checked relative to the starting ESP.
%ifdef CONFIG
{
  "RegData": { "EBP": "0x0" },
  "MemData": {
    "res": ["0x18", "0x4", "0x0", "0x11111111", "0x22222222", "0x0",
            "0x0", "0x0",
            "0x14", "0x4",
            "0x8", "0x0",
            "0x6", "0xabcd0000", "0x0", "0x0", "0x8"]
  }
}
%endif
%include "harness.inc"

section .data
      dd 0x22222222, 0x11111111  ; the enclosing frames' pointers, below fake
fake: dd 0x0badf00d
res:  times 17 dd 0xdeadbeef

section .text
    mov esi, esp
    mov ebp, fake
    enter 8, 3
    mov eax, esi
    sub eax, esp
    mov [res + 0], eax      ; 4 + 2*4 + 4 + 8 = 24
    mov eax, esi
    sub eax, ebp
    mov [res + 4], eax      ; 4: EBP points at the saved EBP
    mov eax, [ebp]
    sub eax, fake
    mov [res + 8], eax      ; saved EBP = fake
    mov eax, [ebp - 4]
    mov [res + 12], eax     ; copied from [fake - 4]
    mov eax, [ebp - 8]
    mov [res + 16], eax     ; copied from [fake - 8]
    mov eax, [ebp - 12]
    sub eax, ebp
    mov [res + 20], eax     ; the new frame pointer itself
    leave
    mov eax, ebp
    sub eax, fake
    mov [res + 24], eax
    mov eax, esi
    sub eax, esp
    mov [res + 28], eax

    enter 16, 0
    mov eax, esi
    sub eax, esp
    mov [res + 32], eax     ; 20
    mov eax, esi
    sub eax, ebp
    mov [res + 36], eax     ; 4
    leave

    enter 0, 1
    mov eax, esi
    sub eax, esp
    mov [res + 40], eax     ; 8
    mov eax, [esp]
    sub eax, ebp
    mov [res + 44], eax     ; level 1 pushes the new frame pointer
    leave

    enter 0, 33             ; the level is taken mod 32: level 1
    mov eax, esi
    sub eax, esp
    mov [res + 64], eax     ; 8
    leave

    mov ebp, 0xabcd5555
    o16 enter 4, 0          ; push BP (2 bytes), BP = low half of the frame
    mov eax, esi
    sub eax, esp
    mov [res + 48], eax     ; 2 + 4
    mov eax, ebp
    and eax, 0xffff0000
    mov [res + 52], eax     ; EBP's upper half is kept
    mov eax, esi
    sub eax, 2
    sub ax, bp
    movzx eax, ax
    mov [res + 56], eax     ; BP = low half of (start - 2)
    movzx eax, word [esp + 4]
    sub eax, 0x5555
    mov [res + 60], eax     ; the saved BP
    mov esp, esi            ; (a 16-bit leave would load ESP from all of EBP)
    xor eax, eax
    xor ebp, ebp
    xor esi, esi
    END_TEST
