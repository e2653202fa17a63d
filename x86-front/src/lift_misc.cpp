// Flag instructions, cpuid, rdtsc, nops, software interrupts and #UD forms,
// privileged instructions, and the atomics xadd, cmpxchg, cmpxchg8b.
#include "builder.hpp"

namespace cm::x86 {
namespace {

void lift_clc(Builder& b) { b.put_flag_const(Flag::CF, false); }
void lift_stc(Builder& b) { b.put_flag_const(Flag::CF, true); }
void lift_cmc(Builder& b) { b.put_flag(Flag::CF, b.opk(IrOp::Xor, 4, b.get_flag(Flag::CF), 1)); }
void lift_cld(Builder& b) { b.put_flag_const(Flag::DF, false); }
void lift_std(Builder& b) { b.put_flag_const(Flag::DF, true); }

void lift_cpuid(Builder& b) {
    b.flow = Flow::Serialize;
    b.op0(IrOp::Cpuid, 4);
}

void lift_rdtsc(Builder& b) {
    b.flow = Flow::Serialize;
    Temp hi;
    Temp lo = b.op2(IrOp::Rdtsc, 4, hi, kNoTemp);
    b.put_reg(EAX, 4, lo);
    b.put_reg(EDX, 4, hi);
}

void lift_nop(Builder&) {} // includes the multi-byte forms: no memory access

void lift_int(Builder& b) {
    uint32_t n = b.insn.op[0].imm & 0xff;
    // Linux's IDT lets user code use vectors 3 (int3), 4 (into) and 0x80.
    if (n == 3 || n == 4) {
        b.flow = Flow::Trap;
        b.trap(n == 3 ? Fault::Breakpoint : Fault::Overflow);
        return;
    }
    if (n == 0x80) {
        b.flow = Flow::Syscall;
        b.op0(IrOp::Syscall, 4, kNoTemp, kNoTemp, kNoTemp, n);
        return;
    }
    // Other vectors have DPL 0 gates under Linux: #GP with the IDT error code.
    b.flow = Flow::Trap;
    b.trap(Fault::GeneralProtection, (n << 3) | 2);
}

void lift_int3(Builder& b) {
    b.flow = Flow::Trap;
    b.trap(Fault::Breakpoint);
}

void lift_int1(Builder& b) {
    b.flow = Flow::Trap;
    b.trap(Fault::Debug);
}

void lift_into(Builder& b) { b.trap_if(b.get_flag(Flag::OF), Fault::Overflow); }

void lift_bound(Builder& b) {
    unsigned s = b.insn.op[0].size;
    Temp idx = b.sext(b.read(0), s);
    Temp a = b.addr(b.insn.op[1]);
    Temp lo = b.sext(b.load(a, s), s);
    Temp hi = b.sext(b.load(b.opk(IrOp::Add, 4, a, s), s), s);
    Temp below = b.op(IrOp::CmpLtS, 4, idx, lo);
    Temp above = b.op(IrOp::CmpLtS, 4, hi, idx);
    b.trap_if(b.op(IrOp::Or, 4, below, above), Fault::BoundRange);
}

void lift_ud(Builder& b) { b.undefined(); }

/// Privileged or I/O instructions at CPL 3 with IOPL 0.
void lift_privileged(Builder& b) {
    b.flow = Flow::Trap;
    b.trap(Fault::GeneralProtection);
}

void lift_xadd(Builder& b) {
    unsigned s = b.insn.op[0].size;
    Temp d = b.read(0), src = b.read(1);
    Temp r = b.op(IrOp::Add, s, d, src);
    b.flags_add(d, src, kNoTemp, r, s);
    b.write(1, d);
    b.write(0, r);
}

void lift_cmpxchg(Builder& b) {
    unsigned s = b.insn.op[0].size;
    Temp acc = b.get_reg(EAX, s);
    Temp d = b.read(0);
    Temp src = b.read(1);
    Temp r = b.op(IrOp::Sub, s, acc, d);
    b.flags_sub(acc, d, kNoTemp, r, s);
    Temp eq = b.op(IrOp::CmpEq, 4, acc, d);
    // The destination is always written (with its old value on mismatch),
    // as the processor's locked read-modify-write does.
    b.write(0, b.op(IrOp::Select, s, eq, src, d));
    // The accumulator is written only on a mismatch; re-read it so that
    // `cmpxchg eax, r` keeps the value just stored into its destination.
    Temp acc_now = b.get_reg(EAX, s);
    b.put_reg(EAX, s, b.op(IrOp::Select, s, eq, acc_now, d));
}

void lift_cmpxchg8b(Builder& b) {
    const Operand* m = nullptr;
    for (unsigned i = 0; i < b.insn.num_operands; ++i)
        if (b.insn.op[i].kind == OperandKind::Mem) m = &b.insn.op[i];
    if (!m) return b.undefined();
    Temp a = b.addr(*m);
    Temp a4 = b.opk(IrOp::Add, 4, a, 4);
    Temp lo = b.load(a, 4), hi = b.load(a4, 4);
    Temp eax = b.get_reg(EAX, 4), edx = b.get_reg(EDX, 4);
    Temp eq_lo = b.op(IrOp::CmpEq, 4, lo, eax);
    Temp eq_hi = b.op(IrOp::CmpEq, 4, hi, edx);
    Temp eq = b.op(IrOp::And, 4, eq_lo, eq_hi);
    b.put_flag(Flag::ZF, eq);
    Temp new_lo = b.op(IrOp::Select, 4, eq, b.get_reg(EBX, 4), lo);
    Temp new_hi = b.op(IrOp::Select, 4, eq, b.get_reg(ECX, 4), hi);
    b.store(a, new_lo, 4);
    b.store(a4, new_hi, 4);
    b.put_reg(EAX, 4, b.op(IrOp::Select, 4, eq, eax, lo));
    b.put_reg(EDX, 4, b.op(IrOp::Select, 4, eq, edx, hi));
}

} // namespace

void register_misc(HandlerTable& t) {
    t.set(Mnemonic::clc_, lift_clc);
    t.set(Mnemonic::stc_, lift_stc);
    t.set(Mnemonic::cmc_, lift_cmc);
    t.set(Mnemonic::cld_, lift_cld);
    t.set(Mnemonic::std_, lift_std);
    t.set(Mnemonic::cpuid_, lift_cpuid);
    t.set(Mnemonic::rdtsc_, lift_rdtsc);
    t.set(Mnemonic::nop_, lift_nop);
    t.set(Mnemonic::pause_, lift_nop);
    t.set(Mnemonic::int_, lift_int);
    t.set(Mnemonic::int3_, lift_int3);
    t.set(Mnemonic::int1_, lift_int1);
    t.set(Mnemonic::into_, lift_into);
    t.set(Mnemonic::bound_, lift_bound);
    t.set(Mnemonic::ud0_, lift_ud);
    t.set(Mnemonic::ud1_, lift_ud);
    t.set(Mnemonic::ud2_, lift_ud);
    for (Mnemonic m : {Mnemonic::hlt_, Mnemonic::cli_, Mnemonic::sti_, Mnemonic::in_, Mnemonic::out_,
                       Mnemonic::insb_, Mnemonic::insw_, Mnemonic::insd_, Mnemonic::outsb_,
                       Mnemonic::outsw_, Mnemonic::outsd_, Mnemonic::iret_, Mnemonic::iretd_})
        t.set(m, lift_privileged);
    t.set(Mnemonic::xadd_, lift_xadd);
    t.set(Mnemonic::cmpxchg_, lift_cmpxchg);
    t.set(Mnemonic::cmpxchg8b_, lift_cmpxchg8b);
}

} // namespace cm::x86
