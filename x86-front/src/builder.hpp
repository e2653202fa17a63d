// Private to x86-front: the emitter the per-class lifter files use to build
// an instruction's IR, plus the operand and flag helpers they share.
#pragma once
#include <vector>

#include "x86/insn.hpp"
#include "x86/ir.hpp"
#include "x86/lifter.hpp"
#include "x86/state.hpp"

namespace cm::x86 {

class Builder {
  public:
    Builder(const Insn& insn, std::vector<IrInst>& out) : insn(insn), out_(out) {}

    const Insn& insn;
    Flow flow = Flow::Next;
    uint32_t branch_target = 0;
    bool unsupported = false;

    unsigned ntemps() const { return next_temp_; }
    Temp temp();
    /// An 80-bit FP temporary (x87 ops; a separate file from temp()).
    Temp ftemp();

    /// Emits x87 op `o` (any IR_FOP): its destinations are allocated by kind
    /// (FP or 32-bit, per ir_ops.def); returns dst, and dst2 in `second`.
    Temp fop(IrOp o, uint32_t imm, Temp a = kNoTemp, Temp b = kNoTemp, Temp c = kNoTemp,
             Temp* second = nullptr);

    // --- raw emission ---
    Temp op(IrOp o, unsigned size, Temp a = kNoTemp, Temp b = kNoTemp, Temp c = kNoTemp,
            uint32_t imm = 0);
    /// For two-result ops: returns the first, stores the second in `second`.
    Temp op2(IrOp o, unsigned size, Temp& second, Temp a, Temp b = kNoTemp, Temp c = kNoTemp,
             uint32_t imm = 0);
    void op0(IrOp o, unsigned size, Temp a = kNoTemp, Temp b = kNoTemp, Temp c = kNoTemp,
             uint32_t imm = 0);

    // --- convenience ---
    // Note: C++ leaves the order of function arguments unspecified, so two
    // emitting calls must never share one argument list (the IR order, and so
    // golden translation files, would depend on the compiler). `opk` takes a
    // constant operand for the common case.
    /// dst = a <o> constant k.
    Temp opk(IrOp o, unsigned size, Temp a, uint32_t k) {
        Temp kt = konst(k);
        return op(o, size, a, kt);
    }
    Temp konst(uint32_t v);
    Temp get_reg(unsigned idx, unsigned size) { return op(IrOp::GetReg, size, kNoTemp, kNoTemp, kNoTemp, idx); }
    void put_reg(unsigned idx, unsigned size, Temp v) { op0(IrOp::PutReg, size, v, kNoTemp, kNoTemp, idx); }
    Temp get_flag(Flag f) { return op(IrOp::GetFlag, 1, kNoTemp, kNoTemp, kNoTemp, unsigned(f)); }
    void put_flag(Flag f, Temp v) { op0(IrOp::PutFlag, 1, v, kNoTemp, kNoTemp, unsigned(f)); }
    void put_flag_const(Flag f, bool v) { put_flag(f, konst(v ? 1 : 0)); }
    Temp load(Temp addr, unsigned size) { return op(IrOp::Load, size, addr); }
    void store(Temp addr, Temp v, unsigned size) { op0(IrOp::Store, size, addr, v); }
    Temp add(Temp a, Temp b, unsigned size = 4) { return op(IrOp::Add, size, a, b); }
    Temp sub(Temp a, Temp b, unsigned size = 4) { return op(IrOp::Sub, size, a, b); }
    Temp add_imm(Temp a, int32_t v, unsigned size = 4) { return v ? opk(IrOp::Add, size, a, uint32_t(v)) : a; }
    Temp cond(CondCode cc) { return op(IrOp::Cond, 1, kNoTemp, kNoTemp, kNoTemp, unsigned(cc)); }
    Temp sext(Temp v, unsigned from) { return op(IrOp::Sext, from, v); }
    Temp zext(Temp v, unsigned from) { return op(IrOp::Zext, from, v); }

    // --- operands ---
    /// Linear address of a memory operand (segment base, 16-bit wrap);
    /// computed once per operand even if read and written.
    Temp addr(const Operand& o);
    /// Effective address without the segment base (lea).
    Temp effective_address(const Operand& o);
    /// Value of operand `o` at its size (immediates at the operand size).
    Temp read(const Operand& o);
    Temp read(unsigned i) { return read(insn.op[i]); }
    void write(const Operand& o, Temp v);
    void write(unsigned i, Temp v) { write(insn.op[i], v); }

    // --- stack (ESP-relative, 16- or 32-bit pushes) ---
    /// Stores `v` below ESP and updates ESP (store first: a fault leaves ESP).
    void push(Temp v, unsigned size);
    /// Loads from ESP and updates ESP; the value is returned.
    Temp pop(unsigned size);

    // --- flags ---
    /// ZF, SF and PF from a result.
    void flags_zsp(Temp res, unsigned size);
    /// All six arithmetic flags of res = a + b + cin (cin may be kNoTemp).
    void flags_add(Temp a, Temp b, Temp cin, Temp res, unsigned size);
    /// All six arithmetic flags of res = a - b - bin (bin may be kNoTemp).
    void flags_sub(Temp a, Temp b, Temp bin, Temp res, unsigned size);
    /// Logic ops: CF = OF = 0, AF = 0 (undefined), ZF SF PF from res.
    void flags_logic(Temp res, unsigned size);

    // --- control ---
    void jump(Temp target) { op0(IrOp::Jmp, 4, target); }
    void branch(Temp c, Temp target) { op0(IrOp::Br, 4, c, target); }
    void trap(Fault f, uint32_t extra = 0) { op0(IrOp::Trap, 4, kNoTemp, kNoTemp, kNoTemp, unsigned(f) | (extra << 8)); }
    void trap_if(Temp c, Fault f) { op0(IrOp::TrapIf, 4, c, kNoTemp, kNoTemp, unsigned(f)); }
    /// Raises #UD (an instruction Codemorph or the i686 does not have).
    void undefined();

  private:
    unsigned b_operand_size() const;
    std::vector<IrInst>& out_;
    unsigned next_temp_ = 0;
    unsigned next_ftemp_ = 0;
    const Operand* addr_cache_op_[2] = {nullptr, nullptr};
    Temp addr_cache_[2] = {kNoTemp, kNoTemp};
};

using Handler = void (*)(Builder&);

/// Each lifter class file registers its handlers through one of these.
struct HandlerTable {
    Handler h[static_cast<size_t>(Mnemonic::Count)] = {};
    void set(Mnemonic m, Handler f) { h[static_cast<size_t>(m)] = f; }
};

void register_data(HandlerTable&);   // lift_data.cpp: moves, stack, conversions
void register_alu(HandlerTable&);    // lift_alu.cpp: add/sub/logic/inc/dec/neg/cmp/test
void register_shift(HandlerTable&);  // lift_shift.cpp: shifts and rotates
void register_muldiv(HandlerTable&); // lift_muldiv.cpp: mul/imul/div/idiv
void register_bits(HandlerTable&);   // lift_bits.cpp: bt*, bsf, bsr
void register_bcd(HandlerTable&);    // lift_bcd.cpp: aaa/aas/aam/aad/daa/das
void register_string(HandlerTable&); // lift_string.cpp: movs/cmps/stos/lods/scas with rep
void register_branch(HandlerTable&); // lift_branch.cpp: jcc/jmp/call/ret/loop/enter/leave
void register_misc(HandlerTable&);   // lift_misc.cpp: flags, cpuid, rdtsc, int, atomics, ...
void register_x87(HandlerTable&);    // lift_x87.cpp: the x87 FPU

} // namespace cm::x86
