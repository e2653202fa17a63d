; Self-modifying code: a store patches the immediate of an instruction that
; has already run (its translation or cached block must be dropped), and an
; instruction later in the same straight-line block as the store itself.
%ifdef CONFIG
{
  "RegData": { "EAX": "0x22222222", "EBX": "0x44444444", "ECX": "0x0",
               "EDX": "0x3", "ESI": "0x11111111", "EDI": "0x6" }
}
%endif
%include "harness.inc"

; Writable code: ld puts this section in its own RWX segment.
section .smc progbits alloc exec write align=16
smc_fn:
    mov eax, 0x11111111     ; B8 imm32: the immediate is at smc_fn + 1
    ret
smc_inline:
    mov dword [.patch + 1], 0x44444444
.patch:
    mov ebx, 0x33333333     ; patched by the store just before it
    ret
smc_loop:
    ; runs the same code 3 times, patching its add immediate each time:
    ; EDI = 1 + 2 + 3
    xor edi, edi
    mov ecx, 3
.again:
.add:
    add edi, 1
    inc byte [.add + 2]
    loop .again
    ret

section .text
    call smc_fn
    mov esi, eax            ; 0x11111111
    mov dword [smc_fn + 1], 0x22222222
    call smc_fn             ; must see the new immediate
    call smc_inline
    call smc_loop
    mov edx, 3
    END_TEST
