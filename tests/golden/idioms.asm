; IA-32 instructions and idioms whose translations tests/golden/idioms.txt
; records (see README.md). Add an idiom anywhere; names must be unique.
%include "golden.inc"

IDIOM "mov_reg_imm", "mov r32, imm32"
    mov eax, 0x12345678
END_IDIOM

IDIOM "mov_reg_reg", "register copies"
    mov ecx, eax
    mov edx, ecx
END_IDIOM

IDIOM "xor_zero", "xor r, r zeroing"
    xor eax, eax
END_IDIOM

IDIOM "load", "mov r32, [base+disp]"
    mov eax, [ebx + 8]
END_IDIOM

IDIOM "store", "mov [base+index*4+disp], r32"
    mov [ebx + esi*4 + 16], eax
END_IDIOM

IDIOM "load_op_store", "add [mem], r32 (read-modify-write)"
    add [ebx + 4], eax
END_IDIOM

IDIOM "add_reg", "add r, r (all flags live at exit)"
    add eax, ecx
END_IDIOM

IDIOM "add_sub_chain", "add/sub chain: only the last flags survive"
    add eax, ecx
    sub eax, 5
    add edx, eax
END_IDIOM

IDIOM "cmp_jcc", "cmp r, imm + jl (side exit)"
    cmp eax, 10
    jl .lt
    mov ebx, 1
.lt:
END_IDIOM

IDIOM "test_jz", "test r, r + jz"
    test eax, eax
    jz .z
    inc ebx
.z:
END_IDIOM

IDIOM "dec_loop", "dec ecx / jnz loop (back edge ends the region)"
.top:
    add eax, [esi]
    add esi, 4
    dec ecx
    jnz .top
END_IDIOM

IDIOM "inc_cmp_loop", "inc + cmp + jne counted loop"
.top:
    mov [edi + eax*4], eax
    inc eax
    cmp eax, 100
    jne .top
END_IDIOM

IDIOM "loop_insn", "loop rel8"
.top:
    add eax, 3
    loop .top
END_IDIOM

IDIOM "setcc", "cmp + setl + movzx"
    cmp eax, ecx
    setl dl
    movzx edx, dl
END_IDIOM

IDIOM "cmov", "cmp + cmovg (max)"
    cmp eax, ecx
    cmovg ecx, eax
END_IDIOM

IDIOM "lea_base_disp", "lea r, [base+disp]"
    lea eax, [ebx + 12]
END_IDIOM

IDIOM "lea_scaled", "lea r, [base+index*4+disp]"
    lea eax, [ebx + ecx*4 + 8]
END_IDIOM

IDIOM "lea_mul3", "lea r, [r+r*2] (multiply by 3)"
    lea eax, [eax + eax*2]
END_IDIOM

IDIOM "push_pop", "push r / pop r"
    push eax
    push ebx
    pop ecx
    pop edx
END_IDIOM

IDIOM "push_imm", "push imm32"
    push 0x1234
END_IDIOM

IDIOM "call_direct", "call rel32 (followed: push of the return address)"
    call .callee
.callee:
    add eax, 1
END_IDIOM

IDIOM "ret", "ret (indirect exit)"
    ret
END_IDIOM

IDIOM "prologue_epilogue", "push ebp / mov ebp, esp / sub esp / leave / ret"
    push ebp
    mov ebp, esp
    sub esp, 16
    mov eax, [ebp + 8]
    leave
    ret
END_IDIOM

IDIOM "indirect_jmp", "jmp [table+index*4] (switch)"
    jmp [0x08049000 + eax*4]
END_IDIOM

IDIOM "shl_imm", "shl r, imm"
    shl eax, 3
END_IDIOM

IDIOM "sar_imm", "sar r, 1"
    sar eax, 1
END_IDIOM

IDIOM "shr_cl", "shr r, cl (flags only if cl != 0)"
    shr eax, cl
END_IDIOM

IDIOM "rol_imm", "rol r, imm"
    rol eax, 7
END_IDIOM

IDIOM "imul_reg", "imul r, r"
    imul eax, ecx
END_IDIOM

IDIOM "imul_imm", "imul r, r, imm"
    imul eax, ecx, 10
END_IDIOM

IDIOM "mul_wide", "mul r (EDX:EAX)"
    mul ecx
END_IDIOM

IDIOM "div_unsigned", "xor edx, edx / div r"
    xor edx, edx
    div ecx
END_IDIOM

IDIOM "idiv_cdq", "cdq / idiv r"
    cdq
    idiv ecx
END_IDIOM

IDIOM "movzx_byte", "movzx r32, byte [mem]"
    movzx eax, byte [esi]
END_IDIOM

IDIOM "movsx_word", "movsx r32, word [mem]"
    movsx eax, word [esi + 2]
END_IDIOM

IDIOM "byte_ops", "8-bit register ops (AL, AH)"
    mov al, [esi]
    add ah, al
END_IDIOM

IDIOM "memcpy_body", "string-free memcpy loop body"
.top:
    mov eax, [esi]
    mov [edi], eax
    add esi, 4
    add edi, 4
    dec ecx
    jnz .top
END_IDIOM

IDIOM "store_then_load", "store then load through another pointer (ldp/stam)"
    mov [edi], eax
    mov ecx, [esi]
    add ecx, 1
    mov [edi + 4], ecx
END_IDIOM

IDIOM "store_forward", "store then reload of the same address"
    mov [edi], eax
    mov ecx, [edi]
END_IDIOM

IDIOM "adc_chain", "64-bit add: add/adc"
    add eax, [esi]
    adc edx, [esi + 4]
END_IDIOM

IDIOM "sbb_chain", "64-bit sub: sub/sbb"
    sub eax, ecx
    sbb edx, ebx
END_IDIOM

IDIOM "neg_not", "neg / not"
    neg eax
    not ecx
END_IDIOM

IDIOM "and_or_imm", "and / or with immediates"
    and eax, 0xff
    or eax, 0x100
END_IDIOM

IDIOM "bswap", "bswap r"
    bswap eax
END_IDIOM

IDIOM "xchg", "xchg r, r"
    xchg eax, ecx
END_IDIOM

IDIOM "inc_mem", "inc dword [mem]"
    inc dword [ebx]
END_IDIOM

IDIOM "cmp_mem_jcc", "cmp [mem], imm + jne"
    cmp dword [ebx + 4], 0
    jne .ne
    mov eax, 1
.ne:
END_IDIOM

IDIOM "bt_reg", "bt r, r + setc"
    bt eax, ecx
    setc dl
END_IDIOM

IDIOM "x87_load_op_store", "fld m64 + fmul m64 + fstp m64 (x87, empty stack at entry)"
    fld qword [ebx]
    fmul qword [ebx + 8]
    fstp qword [ebx + 16]
END_IDIOM

IDIOM "x87_dot_step", "fldz, then fld m64 + fmul m64 + faddp (a dot product's body)"
    fldz
    fld qword [eax]
    fmul qword [edx]
    faddp st1, st0
    fstp qword [ecx]
END_IDIOM

IDIOM "x87_fucomip_jcc", "fucomip + ja (compare of two m64 values)"
    fld qword [eax]
    fld qword [edx]
    fucomip st0, st1
    fstp st0
    ja .above
    inc ecx
.above:
END_IDIOM

IDIOM "x87_ftst_fnstsw", "ftst + fnstsw ax + sahf + jb"
    fld qword [eax]
    ftst
    fnstsw ax
    fstp st0
    sahf
    jb .below
    inc ecx
.below:
END_IDIOM

IDIOM_TABLE
