; Self-modifying code in hot loops: (1) a loop that patches the immediate
; of its own add on every iteration (each translated store into the code
; page faults, is redone by the interpreter and drops the translation);
; (2) a hot inner loop whose body is rewritten between outer iterations
; (add -> sub -> xor), so a translation made for one body must not run the
; next; (3) a patched immediate in a called function, patched between
; 300 hot calls.
%ifdef CONFIG
{
  "MemData": {
    // (1) sum of imm8 (i & 0x7f) + 1 for i = 0..999, sign-extended: 0x80 is
    //     -128, so 7 x (8256 - 256) + 5460 = 61460
    // (2) rounds r = 0..8 run 100 x op(r % 3) eax, r + 1 from EAX = 1000:
    //     1100 + 800 + 1000 + 1400 + 500 + 1000 + 1700 + 200 + 1000 = 8700
    // (3) sum of 3i for i = 0..299 = 134550
    "res": ["0xf014", "0x21fc", "0x20d96"],
  }
}
%endif
%include "harness.inc"

section .data
res: times 3 dd 0xdeadbeef

section .smc progbits alloc exec write align=16
patch_own:
    ; EDI = sum over 1000 iterations of the add's immediate byte, which
    ; the loop itself rewrites to ((i + 1) & 0x7f) + 1 after using it.
    xor edi, edi
    xor ecx, ecx
.loop:
.add:
    add edi, byte 1         ; 83 c7 ib: the immediate is at .add + 2
    inc ecx
    mov eax, ecx
    and eax, 0x7f
    inc eax
    mov [.add + 2], al
    cmp ecx, 1000
    jne .loop
    mov byte [.add + 2], 1
    ret

body:
    ; EAX = 1000, then 100 times <op> eax, imm8
    mov eax, 1000
    mov ecx, 100
.loop:
.op:
    add eax, byte 1         ; 83 /0 ib, rewritten to /5 (sub) or /6 (xor)
    dec ecx
    jnz .loop
    ret

konst:
    mov eax, 0              ; B8 imm32 at konst + 1
    ret

section .text
    call patch_own
    mov [res + 0], edi

    xor ebx, ebx
    xor esi, esi            ; round
.round:
    mov eax, esi
    xor edx, edx
    mov ecx, 3
    div ecx                 ; EDX = round % 3
    mov al, [modrm + edx]
    mov [body.op + 1], al
    lea eax, [esi + 1]
    mov [body.op + 2], al
    call body
    add ebx, eax
    inc esi
    cmp esi, 9
    jne .round
    mov [res + 4], ebx

    xor ebx, ebx
    xor esi, esi
.calls:
    lea eax, [esi + esi*2]
    mov [konst + 1], eax
    call konst
    add ebx, eax
    inc esi
    cmp esi, 300
    jne .calls
    mov [res + 8], ebx
    END_TEST

section .data
modrm: db 0xc0, 0xe8, 0xf0   ; add eax / sub eax / xor eax
