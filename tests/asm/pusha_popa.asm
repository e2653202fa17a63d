; pusha/popa (32- and 16-bit): pusha stores the ESP from before it; popa
; skips the ESP slot; the 16-bit forms keep the registers' upper halves.
; Also push [esp+N] (address from the ESP before the push), push esp (the
; old value), pop into [esp] (the address uses the incremented ESP), push imm8.
%ifdef CONFIG
{
  "RegData": { "EAX": "0xa", "ECX": "0xc", "EDX": "0xd", "EBX": "0xb",
               "EBP": "0xbb", "ESI": "0x5", "EDI": "0xd1" },
  "MemData": {
    "res": ["0x20", "0xa", "0xc", "0xd", "0xb", "0x0", "0xbb", "0x5", "0xd1",
            "0x0", "0x10", "0x11110001", "0x22220002", "0x0", "0xffffffff", "0x66"]
  }
}
%endif
%include "harness.inc"

section .data
res:  times 16 dd 0xdeadbeef

section .text
    mov eax, 0xa
    mov ecx, 0xc
    mov edx, 0xd
    mov ebx, 0xb
    mov ebp, 0xbb
    mov esi, 0x5
    mov edi, 0xd1
    mov [res + 36], esp     ; (scratch)
    pushad
    push eax
    mov eax, [res + 36]
    sub eax, esp
    sub eax, 4
    mov [res + 0], eax      ; 32 bytes
    pop eax
    ; the frame, lowest address first: EDI ESI EBP ESP EBX EDX ECX EAX
    push dword [esp + 28]
    pop dword [res + 4]
    push dword [esp + 24]
    pop dword [res + 8]
    push dword [esp + 20]
    pop dword [res + 12]
    push dword [esp + 16]
    pop dword [res + 16]
    push eax
    mov eax, [esp + 16]     ; the saved ESP slot
    sub eax, [res + 36]
    mov [res + 20], eax     ; 0: the value before pushad
    pop eax
    push dword [esp + 8]
    pop dword [res + 24]
    push dword [esp + 4]
    pop dword [res + 28]
    push dword [esp + 0]
    pop dword [res + 32]
    mov dword [esp + 12], 0x12345678 ; popad ignores the ESP slot
    xor eax, eax
    xor ecx, ecx
    xor edx, edx
    xor ebx, ebx
    xor ebp, ebp
    xor esi, esi
    xor edi, edi
    popad
    push eax
    mov eax, esp
    add eax, 4
    sub eax, [res + 36]
    mov [res + 36], eax     ; 0: ESP back where it was
    pop eax

    ; 16-bit: 16 bytes, registers' upper halves untouched by popaw
    push eax
    push ecx
    push edx
    mov [res + 40], esp
    mov eax, 0xffff0001
    mov ecx, 0xffff0002
    pushaw
    mov edx, [res + 40]
    sub edx, esp
    mov [res + 40], edx     ; 16
    mov eax, 0x11110000
    mov ecx, 0x22220000
    popaw                   ; AX = 1, CX = 2, upper halves from the movs above
    mov [res + 44], eax
    mov [res + 48], ecx
    pop edx
    pop ecx
    pop eax

    ; push esp pushes the value from before the push
    push esp
    pop dword [res + 52]
    push eax
    lea eax, [esp + 4]
    sub eax, [res + 52]
    mov [res + 52], eax     ; 0
    pop eax
    ; pop [esp]: the address is computed with the incremented ESP
    push dword 0x77
    push dword 0x66
    pop dword [esp]         ; writes 0x66 over the 0x77 slot
    pop dword [res + 60]
    push byte -1            ; imm8 sign-extended to a dword push
    pop dword [res + 56]
    END_TEST
