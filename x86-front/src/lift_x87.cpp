// The x87 FPU: loads and stores of every memory format, arithmetic,
// compares, constants, transcendentals, control/status/tag words,
// environment and state images, fcmovcc.
//
// Every instruction follows one order (see the FP part of ir_ops.def):
//   FWait (waiting instructions: #MF for a pending unmasked exception)
//   memory loads, then the stack check, then the computation
//   the last-instruction pointers (FIP, FCS:FOP, FDP, FDS)
//   FCheck: an unmasked invalid/denormal/zero-divide (or, for memory
//           destinations, overflow/underflow) ends the instruction here
//   memory stores, then the FP register/TOP/tag writes, FStatus last.
// So a page fault leaves the FP registers, TOP, tags and status word as
// they were (only FIP/FOP/FDP may already name the faulting instruction).
//
// Stack faults: an empty source reads as the QNaN indefinite (FGetSt), which
// propagates without raising anything further, and FStkChk raises IE|SF
// with C1 = 0 (underflow) or 1 (overflow). Masked, the result is the
// indefinite; unmasked, FCheck leaves destination and TOP unchanged and the
// next waiting instruction raises #MF.
#include <stdexcept>

#include "builder.hpp"
#include "x86/x87.hpp"

namespace cm::x86 {
namespace {

/// The FP register operands of an instruction (visible and hidden), in
/// decoder order: for two-register arithmetic [destination, source].
struct StRegs {
    unsigned n = 0;
    unsigned idx[4] = {};
};

StRegs st_regs(const Insn& in) {
    StRegs r;
    for (unsigned i = 0; i < in.num_operands; ++i)
        if (in.op[i].kind == OperandKind::Reg && in.op[i].reg.cls == RegClass::X87 && r.n < 4)
            r.idx[r.n++] = in.op[i].reg.index;
    return r;
}

/// The first visible FP register operand: ST(i) of fld, fst, fxch, fcom,
/// fcomi, fcmov, ffree (ST(0) is a hidden operand of those).
unsigned visible_st(const Insn& in) {
    for (unsigned i = 0; i < in.num_operands; ++i)
        if (in.op[i].kind == OperandKind::Reg && in.op[i].reg.cls == RegClass::X87 &&
            !in.op[i].hidden)
            return in.op[i].reg.index;
    throw std::logic_error("x87: no visible register operand");
}

const Operand* mem_operand(const Insn& in) {
    for (unsigned i = 0; i < in.num_operands; ++i)
        if (in.op[i].kind == OperandKind::Mem) return &in.op[i];
    return nullptr;
}

/// The 11-bit FOP: low 3 bits of the D8-DF opcode byte, then the ModRM byte.
uint32_t fop_of(const Insn& in) {
    for (unsigned i = 0; i + 1 < in.length; ++i)
        if (in.bytes[i] >= 0xd8 && in.bytes[i] <= 0xdf)
            return (uint32_t(in.bytes[i] & 7) << 8) | in.bytes[i + 1];
    return 0;
}

/// Emission helpers for one x87 instruction.
struct Fx {
    Builder& b;
    const Insn& in;
    explicit Fx(Builder& bb) : b(bb), in(bb.insn) {}

    void wait() { b.fop(IrOp::FWait, 0); }
    Temp st(unsigned i) { return b.fop(IrOp::FGetSt, i); }
    void put(unsigned i, Temp v) { b.fop(IrOp::FPutSt, i, v); }
    void pop() {
        b.fop(IrOp::FFree, 0);
        b.fop(IrOp::FTop, 1);
    }
    void push(Temp v) {
        b.fop(IrOp::FTop, 7);
        put(0, v);
    }
    Temp stkchk(uint32_t mask) { return b.fop(IrOp::FStkChk, mask); }
    Temp konst(FpConst k) { return b.fop(IrOp::FConst, uint32_t(k)); }
    Temp sel(Temp c, Temp x, Temp y) { return b.fop(IrOp::FSel, 0, c, x, y); }
    /// `v`, or the indefinite when the stack check faulted (masked case).
    Temp or_indefinite(Temp fault, Temp v) {
        Temp ind = konst(FpConst::Indefinite);
        return sel(fault, ind, v);
    }
    void check(uint32_t imm = 0) { b.fop(IrOp::FCheck, imm); }
    void status(uint32_t imm = kFpC1) { b.fop(IrOp::FStatus, imm); }
    void set_cc(Temp v, uint32_t mask) { b.fop(IrOp::FSetCc, mask, v); }

    /// Linear address of memory operand `o` (cached by the builder).
    Temp addr(const Operand& o) { return b.addr(o); }

    /// Loads a value of format `f` from memory operand `o`; `operand`: an
    /// arithmetic or compare source (see kFpKeepSnan).
    Temp load(const Operand& o, FpFmt f, bool operand = false) {
        Temp a = addr(o);
        unsigned size = fp_fmt_size(f);
        Temp lo = b.load(a, size >= 4 ? 4 : size);
        Temp hi = kNoTemp, ext = kNoTemp;
        if (size >= 8) hi = b.load(b.opk(IrOp::Add, 4, a, 4), 4);
        if (size == 10) ext = b.load(b.opk(IrOp::Add, 4, a, 8), 2);
        return b.fop(IrOp::FFromBits, uint32_t(f) | (operand ? kFpKeepSnan : 0), lo, hi, ext);
    }

    /// Converts `v` to format `f`, lets FCheck end the instruction on an
    /// unmasked exception, then stores it to memory operand `o`.
    void store(const Operand& o, Temp v, FpFmt f) {
        Temp a = addr(o);
        unsigned size = fp_fmt_size(f);
        Temp hi = kNoTemp, ext = kNoTemp;
        Temp lo = b.fop(IrOp::FToBits, uint32_t(f), v, kNoTemp, kNoTemp, &hi);
        if (size == 10) ext = b.fop(IrOp::FToBits, uint32_t(f) | kFpHigh, v);
        note();
        check(kFpCheckMemDst);
        if (size > 4) b.op0(IrOp::ProbeW, size, a); // all or nothing
        b.store(a, lo, size >= 4 ? 4 : size);
        if (size >= 8) b.store(b.opk(IrOp::Add, 4, a, 4), hi, 4);
        if (size == 10) b.store(b.opk(IrOp::Add, 4, a, 8), ext, 2);
    }

    /// Records this instruction in FIP, FCS:FOP and, with a memory operand,
    /// FDP:FDS (what fnstenv/fnsave report to an exception handler).
    void note() {
        if (noted) return;
        noted = true;
        b.fop(IrOp::FSetEnv, uint32_t(FpEnv::Fip), b.konst(in.addr));
        Temp cs = b.op(IrOp::GetSeg, 2, kNoTemp, kNoTemp, kNoTemp, CS);
        b.fop(IrOp::FSetEnv, uint32_t(FpEnv::FcsFop), b.opk(IrOp::Or, 4, cs, fop_of(in) << 16));
        if (const Operand* m = mem_operand(in)) {
            // The offset within the segment: the linear address unless FS/GS
            // carry a base.
            Temp off = (m->seg == FS || m->seg == GS) ? b.effective_address(*m) : addr(*m);
            b.fop(IrOp::FSetEnv, uint32_t(FpEnv::Fdp), off);
            Temp ds = b.op(IrOp::GetSeg, 2, kNoTemp, kNoTemp, kNoTemp, m->seg);
            b.fop(IrOp::FSetEnv, uint32_t(FpEnv::Fds), ds);
        }
    }
    bool noted = false;
};

FpFmt real_fmt(unsigned size) {
    switch (size) {
    case 4: return FpFmt::R32;
    case 8: return FpFmt::R64;
    case 10: return FpFmt::R80;
    default: throw std::logic_error("x87: real operand size");
    }
}
FpFmt int_fmt(unsigned size) {
    switch (size) {
    case 2: return FpFmt::I16;
    case 4: return FpFmt::I32;
    case 8: return FpFmt::I64;
    default: throw std::logic_error("x87: integer operand size");
    }
}

// --- loads and stores ---

void lift_push_value(Fx& x, Temp v, uint32_t extra_need) {
    Temp fault = x.stkchk(fp_need_empty(7) | extra_need);
    v = x.or_indefinite(fault, v);
    x.note();
    x.check();
    x.push(v);
    x.status();
}

template <bool Int> void lift_fld(Builder& b) {
    Fx x(b);
    x.wait();
    if (const Operand* m = mem_operand(b.insn)) {
        FpFmt f = b.insn.mnemonic == Mnemonic::fbld_ ? FpFmt::Bcd
                  : Int                              ? int_fmt(m->size)
                                                     : real_fmt(m->size);
        lift_push_value(x, x.load(*m, f), 0);
        return;
    }
    unsigned i = visible_st(b.insn);
    lift_push_value(x, x.st(i), fp_need(i));
}

template <bool Pop> void lift_fst(Builder& b) {
    Fx x(b);
    x.wait();
    x.stkchk(fp_need(0));
    Temp v = x.st(0);
    if (const Operand* m = mem_operand(b.insn)) {
        Mnemonic mn = b.insn.mnemonic;
        FpFmt f = mn == Mnemonic::fbstp_                              ? FpFmt::Bcd
                  : (mn == Mnemonic::fist_ || mn == Mnemonic::fistp_) ? int_fmt(m->size)
                                                                      : real_fmt(m->size);
        x.store(*m, v, f);
    } else {
        unsigned i = visible_st(b.insn);
        x.note();
        x.check();
        x.put(i, v);
    }
    if (Pop) x.pop();
    x.status();
}

void lift_fxch(Builder& b) {
    Fx x(b);
    x.wait();
    unsigned i = visible_st(b.insn);
    x.stkchk(fp_need(0) | fp_need(i));
    Temp a = x.st(0), c = x.st(i);
    x.note();
    x.check();
    x.put(0, c);
    x.put(i, a);
    x.status();
}

void lift_fconst(Builder& b) {
    Fx x(b);
    x.wait();
    FpConst k;
    switch (b.insn.mnemonic) {
    case Mnemonic::fld1_: k = FpConst::One; break;
    case Mnemonic::fldl2t_: k = FpConst::L2t; break;
    case Mnemonic::fldl2e_: k = FpConst::L2e; break;
    case Mnemonic::fldpi_: k = FpConst::Pi; break;
    case Mnemonic::fldlg2_: k = FpConst::Lg2; break;
    case Mnemonic::fldln2_: k = FpConst::Ln2; break;
    default: k = FpConst::Zero; break;
    }
    lift_push_value(x, x.konst(k), 0);
}

// --- arithmetic ---

FpBin bin_of(Mnemonic m) {
    switch (m) {
    case Mnemonic::fadd_:
    case Mnemonic::faddp_:
    case Mnemonic::fiadd_: return FpBin::Add;
    case Mnemonic::fsub_:
    case Mnemonic::fsubp_:
    case Mnemonic::fisub_: return FpBin::Sub;
    case Mnemonic::fsubr_:
    case Mnemonic::fsubrp_:
    case Mnemonic::fisubr_: return FpBin::SubR;
    case Mnemonic::fmul_:
    case Mnemonic::fmulp_:
    case Mnemonic::fimul_: return FpBin::Mul;
    case Mnemonic::fdiv_:
    case Mnemonic::fdivp_:
    case Mnemonic::fidiv_: return FpBin::Div;
    default: return FpBin::DivR;
    }
}

/// fadd fsub fsubr fmul fdiv fdivr and their p and i forms: the first
/// register operand is the destination, the other the source; a memory
/// operand is the source with ST(0) the destination.
template <bool Pop, bool Int> void lift_arith(Builder& b) {
    Fx x(b);
    x.wait();
    FpBin op = bin_of(b.insn.mnemonic);
    unsigned d = 0;
    Temp src, fault;
    if (const Operand* m = mem_operand(b.insn)) {
        src = x.load(*m, Int ? int_fmt(m->size) : real_fmt(m->size), true);
        fault = x.stkchk(fp_need(0));
    } else {
        StRegs r = st_regs(b.insn);
        if (r.n < 2) throw std::logic_error("x87 arithmetic without two registers");
        d = r.idx[0];
        unsigned s = r.idx[1];
        fault = x.stkchk(fp_need(d) | fp_need(s));
        src = x.st(s);
    }
    Temp dv = x.st(d);
    Temp res = x.or_indefinite(fault, b.fop(IrOp::FArith, uint32_t(op), dv, src));
    x.note();
    x.check();
    x.put(d, res);
    if (Pop) x.pop();
    x.status();
}

/// fpatan, fyl2x, fyl2xp1: ST(1) = f(ST(1), ST(0)), then pop.
template <FpBin Op> void lift_st1_op(Builder& b) {
    Fx x(b);
    x.wait();
    Temp fault = x.stkchk(fp_need(0) | fp_need(1));
    Temp s1 = x.st(1), s0 = x.st(0);
    Temp res = x.or_indefinite(fault, b.fop(IrOp::FArith, uint32_t(Op), s1, s0));
    x.note();
    x.check();
    x.put(1, res);
    x.pop();
    x.status();
}

void lift_fscale(Builder& b) {
    Fx x(b);
    x.wait();
    Temp fault = x.stkchk(fp_need(0) | fp_need(1));
    Temp s0 = x.st(0), s1 = x.st(1);
    Temp res = x.or_indefinite(fault, b.fop(IrOp::FArith, uint32_t(FpBin::Scale), s0, s1));
    x.note();
    x.check();
    x.put(0, res);
    x.status();
}

template <unsigned Ieee> void lift_fprem(Builder& b) {
    Fx x(b);
    x.wait();
    Temp fault = x.stkchk(fp_need(0) | fp_need(1));
    Temp s0 = x.st(0), s1 = x.st(1);
    Temp cc;
    Temp res = x.or_indefinite(fault, b.fop(IrOp::FPrem, Ieee, s0, s1, kNoTemp, &cc));
    x.note();
    x.check();
    x.put(0, res);
    x.set_cc(cc, fsw::kCc); // C2 = incomplete; C0 C3 C1 = quotient bits 2 1 0
    x.status(0);            // C1 = 0 after a stack fault
}

template <FpUn Op> void lift_unary(Builder& b) {
    Fx x(b);
    x.wait();
    Temp fault = x.stkchk(fp_need(0));
    Temp s0 = x.st(0);
    Temp res = x.or_indefinite(fault, b.fop(IrOp::FUnary, uint32_t(Op), s0));
    x.note();
    constexpr bool trig = Op == FpUn::Sin || Op == FpUn::Cos;
    x.check(trig ? kFpCheckC2 : 0);
    x.put(0, res);
    if (trig) x.set_cc(b.konst(0), fsw::C2); // in range (FCheck ended it otherwise)
    x.status();
}

/// fptan, fsincos, fxtract: ST(0) = first result, then push the second.
template <FpUn2 Op> void lift_unary2(Builder& b) {
    Fx x(b);
    x.wait();
    Temp fault = x.stkchk(fp_need(0) | fp_need_empty(7));
    Temp s0 = x.st(0);
    Temp second;
    Temp first = b.fop(IrOp::FUnary2, uint32_t(Op), s0, kNoTemp, kNoTemp, &second);
    first = x.or_indefinite(fault, first);
    second = x.or_indefinite(fault, second);
    x.note();
    constexpr bool trig = Op != FpUn2::Xtract;
    x.check(trig ? kFpCheckC2 : 0);
    x.put(0, first);
    x.push(second);
    if (trig) x.set_cc(b.konst(0), fsw::C2);
    x.status();
}

// --- compares ---

enum CmpKind { kCmpSt, kCmpMem, kCmpInt, kCmpSt1, kCmpZero };

/// fcom fcomp fcompp fucom fucomp fucompp ficom ficomp ftst: C3 C2 C0 from
/// comparing ST(0) with the source, C1 = 0; `pops` registers popped.
template <CmpKind K, unsigned Pops, bool Unordered> void lift_fcom(Builder& b) {
    Fx x(b);
    x.wait();
    Temp src;
    const Operand* m = mem_operand(b.insn);
    if (K == kCmpMem || K == kCmpInt || m) {
        src = x.load(*m, K == kCmpInt ? int_fmt(m->size) : real_fmt(m->size), true);
        x.stkchk(fp_need(0));
    } else if (K == kCmpZero) {
        src = x.konst(FpConst::Zero);
        x.stkchk(fp_need(0));
    } else {
        unsigned i = K == kCmpSt1 ? 1 : visible_st(b.insn);
        x.stkchk(fp_need(0) | fp_need(i));
        src = x.st(i);
    }
    Temp s0 = x.st(0);
    Temp cc = b.fop(IrOp::FCmp, Unordered ? 1 : 0, s0, src);
    x.note();
    x.check(kFpCheckIeOnly); // an unmasked denormal operand still sets C3 C2 C0
    x.set_cc(cc, fsw::C0 | fsw::C2 | fsw::C3);
    x.check(); // ... but does not pop
    for (unsigned p = 0; p < Pops; ++p)
        x.pop();
    x.status();
}

/// fcomi fcomip fucomi fucomip: ZF PF CF as C3 C2 C0 would be; OF SF AF = 0.
template <bool Pop, bool Unordered> void lift_fcomi(Builder& b) {
    Fx x(b);
    x.wait();
    unsigned i = visible_st(b.insn);
    x.stkchk(fp_need(0) | fp_need(i));
    Temp s0 = x.st(0), si = x.st(i);
    Temp cc = b.fop(IrOp::FCmp, Unordered ? 1 : 0, s0, si);
    x.note();
    x.check(kFpCheckIeOnly); // as for fcom: flags set, no pop, on an unmasked DE
    Temp zf = b.opk(IrOp::Shr, 4, cc, 14);
    Temp pf = b.opk(IrOp::Shr, 4, cc, 10);
    b.put_flag(Flag::ZF, zf);
    b.put_flag(Flag::PF, pf);
    b.put_flag(Flag::CF, b.opk(IrOp::Shr, 4, cc, 8));
    b.put_flag_const(Flag::OF, false);
    b.put_flag_const(Flag::SF, false);
    b.put_flag_const(Flag::AF, false);
    x.check();
    if (Pop) x.pop();
    x.status(0); // C1 only on a stack fault
}

void lift_fxam(Builder& b) {
    Fx x(b);
    x.wait();
    Temp cc = b.fop(IrOp::FExam, 0);
    x.note();
    x.set_cc(cc, fsw::kCc);
}

template <CondCode Cc> void lift_fcmov(Builder& b) {
    Fx x(b);
    x.wait();
    unsigned i = visible_st(b.insn);
    Temp c = b.cond(Cc);
    Temp fault = x.stkchk(fp_need(0) | fp_need(i));
    Temp s0 = x.st(0), si = x.st(i);
    // Masked stack underflow: ST(0) becomes the indefinite whatever the condition.
    Temp res = x.or_indefinite(fault, x.sel(c, si, s0));
    x.note();
    x.check();
    x.put(0, res);
    x.status(0); // C1 only on a stack fault
}

// --- control ---

void lift_fnstcw(Builder& b) {
    const Operand* m = mem_operand(b.insn);
    if (!m) throw std::logic_error("fnstcw without memory");
    b.store(b.addr(*m), b.fop(IrOp::FGetCw, 0), 2);
}

void lift_fldcw(Builder& b) {
    const Operand* m = mem_operand(b.insn);
    if (!m) throw std::logic_error("fldcw without memory");
    b.fop(IrOp::FWait, 0); // a waiting instruction (measured: #MF with ES pending)
    Temp v = b.load(b.addr(*m), 2);
    b.fop(IrOp::FSetCw, 0, v);
}

void lift_fnstsw(Builder& b) {
    Temp sw = b.fop(IrOp::FGetSw, 0);
    if (const Operand* m = mem_operand(b.insn))
        b.store(b.addr(*m), sw, 2);
    else
        b.put_reg(EAX, 2, sw);
}

void lift_fnclex(Builder& b) {
    b.fop(IrOp::FClex, 0);
}
void lift_fninit(Builder& b) {
    b.fop(IrOp::FInit, 0);
}

void lift_fwait(Builder& b) {
    b.fop(IrOp::FWait, 0);
}

void lift_fnop(Builder& b) {
    Fx x(b);
    x.wait();
    x.note();
}

/// The 8087/287 control instructions (feni, fdisi, fsetpm) do nothing on
/// later processors, and do not wait.
void lift_nop287(Builder&) {}

template <bool Pop> void lift_ffree(Builder& b) {
    Fx x(b);
    x.wait();
    unsigned i = visible_st(b.insn);
    x.note();
    b.fop(IrOp::FFree, i);
    if (Pop) x.pop();
    x.status(); // C1 = 0 (measured; the manual leaves C0-C3 undefined)
}

template <uint32_t Delta> void lift_fstp_top(Builder& b) {
    Fx x(b);
    x.wait();
    x.note();
    b.fop(IrOp::FTop, Delta);
    x.status(); // C1 = 0
}

/// The 28-byte protected-mode environment: CW, SW, TW (upper halves of
/// those dwords read as ones), FIP, FCS | FOP << 16, FDP, FDS.
constexpr uint32_t kEnvSize = 28;

void store_env(Builder& b, Temp a) {
    Temp vals[7];
    vals[0] = b.opk(IrOp::Or, 4, b.fop(IrOp::FGetCw, 0), 0xffff0000u);
    vals[1] = b.opk(IrOp::Or, 4, b.fop(IrOp::FGetSw, 0), 0xffff0000u);
    vals[2] = b.opk(IrOp::Or, 4, b.fop(IrOp::FGetTw, 0), 0xffff0000u);
    vals[3] = b.fop(IrOp::FGetEnv, uint32_t(FpEnv::Fip));
    vals[4] = b.fop(IrOp::FGetEnv, uint32_t(FpEnv::FcsFop));
    vals[5] = b.fop(IrOp::FGetEnv, uint32_t(FpEnv::Fdp));
    vals[6] = b.opk(IrOp::Or, 4, b.fop(IrOp::FGetEnv, uint32_t(FpEnv::Fds)), 0xffff0000u);
    for (unsigned i = 0; i < 7; ++i)
        b.store(b.opk(IrOp::Add, 4, a, 4 * i), vals[i], 4);
}

struct Env {
    Temp v[7];
};

Env load_env(Builder& b, Temp a) {
    Env e;
    for (unsigned i = 0; i < 7; ++i)
        e.v[i] = b.load(b.opk(IrOp::Add, 4, a, 4 * i), 4);
    return e;
}

void apply_env(Builder& b, const Env& e) {
    b.fop(IrOp::FSetSw, 0, e.v[1]);
    b.fop(IrOp::FSetTw, 0, e.v[2]);
    b.fop(IrOp::FSetEnv, uint32_t(FpEnv::Fip), e.v[3]);
    b.fop(IrOp::FSetEnv, uint32_t(FpEnv::FcsFop), e.v[4]);
    b.fop(IrOp::FSetEnv, uint32_t(FpEnv::Fdp), e.v[5]);
    b.fop(IrOp::FSetEnv, uint32_t(FpEnv::Fds), e.v[6]);
    b.fop(IrOp::FSetCw, 0, e.v[0]); // last: ES follows the loaded flags and masks
}

/// Only the 32-bit formats (28-byte environment, 108-byte state).
const Operand& env_operand(Builder& b) {
    const Operand* m = mem_operand(b.insn);
    if (!m || b.insn.operand_size != 4) throw std::logic_error("x87 16-bit environment format");
    return *m;
}

void lift_fnstenv(Builder& b) {
    Temp a = b.addr(env_operand(b));
    b.op0(IrOp::ProbeW, kEnvSize, a);
    store_env(b, a);
    // Then every exception is masked, as the processor does.
    b.fop(IrOp::FSetCw, 0, b.opk(IrOp::Or, 4, b.fop(IrOp::FGetCw, 0), fcw::kMasks));
}

void lift_fldenv(Builder& b) {
    Temp a = b.addr(env_operand(b));
    apply_env(b, load_env(b, a));
}

void lift_fnsave(Builder& b) {
    Temp a = b.addr(env_operand(b));
    b.op0(IrOp::ProbeW, kEnvSize + 80, a);
    store_env(b, a);
    // ST(0)..ST(7) in stack order, whatever their tags say.
    for (unsigned i = 0; i < 8; ++i) {
        Temp v = b.fop(IrOp::FGetSt, i | kFpRaw);
        Temp hi;
        Temp lo = b.fop(IrOp::FToBits, uint32_t(FpFmt::R80), v, kNoTemp, kNoTemp, &hi);
        Temp ext = b.fop(IrOp::FToBits, uint32_t(FpFmt::R80) | kFpHigh, v);
        Temp p = b.opk(IrOp::Add, 4, a, kEnvSize + 10 * i);
        b.store(p, lo, 4);
        b.store(b.opk(IrOp::Add, 4, p, 4), hi, 4);
        b.store(b.opk(IrOp::Add, 4, p, 8), ext, 2);
    }
    b.fop(IrOp::FInit, 0);
}

void lift_frstor(Builder& b) {
    Temp a = b.addr(env_operand(b));
    Env e = load_env(b, a);
    Temp regs[8];
    for (unsigned i = 0; i < 8; ++i) {
        Temp p = b.opk(IrOp::Add, 4, a, kEnvSize + 10 * i);
        Temp lo = b.load(p, 4);
        Temp hi = b.load(b.opk(IrOp::Add, 4, p, 4), 4);
        Temp ext = b.load(b.opk(IrOp::Add, 4, p, 8), 2);
        regs[i] = b.fop(IrOp::FFromBits, uint32_t(FpFmt::R80), lo, hi, ext);
    }
    b.fop(IrOp::FSetSw, 0, e.v[1]); // the new TOP first: the registers are in stack order
    for (unsigned i = 0; i < 8; ++i)
        b.fop(IrOp::FPutSt, i, regs[i]);
    apply_env(b, e);
}

void lift_fisttp(Builder& b) {
    b.undefined();
} // SSE3: not on the i686

} // namespace

void register_x87(HandlerTable& t) {
    using M = Mnemonic;
    t.set(M::fld_, lift_fld<false>);
    t.set(M::fild_, lift_fld<true>);
    t.set(M::fbld_, lift_fld<false>);
    t.set(M::fst_, lift_fst<false>);
    t.set(M::fist_, lift_fst<false>);
    t.set(M::fstp_, lift_fst<true>);
    t.set(M::fstpnce_, lift_fst<true>);
    t.set(M::fistp_, lift_fst<true>);
    t.set(M::fbstp_, lift_fst<true>);
    t.set(M::fisttp_, lift_fisttp);
    t.set(M::fxch_, lift_fxch);
    for (M m : {M::fld1_, M::fldl2t_, M::fldl2e_, M::fldpi_, M::fldlg2_, M::fldln2_, M::fldz_})
        t.set(m, lift_fconst);

    for (M m : {M::fadd_, M::fsub_, M::fsubr_, M::fmul_, M::fdiv_, M::fdivr_})
        t.set(m, lift_arith<false, false>);
    for (M m : {M::faddp_, M::fsubp_, M::fsubrp_, M::fmulp_, M::fdivp_, M::fdivrp_})
        t.set(m, lift_arith<true, false>);
    for (M m : {M::fiadd_, M::fisub_, M::fisubr_, M::fimul_, M::fidiv_, M::fidivr_})
        t.set(m, lift_arith<false, true>);
    t.set(M::fpatan_, lift_st1_op<FpBin::Atan>);
    t.set(M::fyl2x_, lift_st1_op<FpBin::Yl2x>);
    t.set(M::fyl2xp1_, lift_st1_op<FpBin::Yl2xp1>);
    t.set(M::fscale_, lift_fscale);
    t.set(M::fprem_, lift_fprem<0>);
    t.set(M::fprem1_, lift_fprem<1>);
    t.set(M::fchs_, lift_unary<FpUn::Chs>);
    t.set(M::fabs_, lift_unary<FpUn::Abs>);
    t.set(M::fsqrt_, lift_unary<FpUn::Sqrt>);
    t.set(M::frndint_, lift_unary<FpUn::Rndint>);
    t.set(M::fsin_, lift_unary<FpUn::Sin>);
    t.set(M::fcos_, lift_unary<FpUn::Cos>);
    t.set(M::f2xm1_, lift_unary<FpUn::F2xm1>);
    t.set(M::fptan_, lift_unary2<FpUn2::Tan>);
    t.set(M::fsincos_, lift_unary2<FpUn2::SinCos>);
    t.set(M::fxtract_, lift_unary2<FpUn2::Xtract>);

    t.set(M::fcom_, lift_fcom<kCmpSt, 0, false>);
    t.set(M::fcomp_, lift_fcom<kCmpSt, 1, false>);
    t.set(M::fcompp_, lift_fcom<kCmpSt1, 2, false>);
    t.set(M::fucom_, lift_fcom<kCmpSt, 0, true>);
    t.set(M::fucomp_, lift_fcom<kCmpSt, 1, true>);
    t.set(M::fucompp_, lift_fcom<kCmpSt1, 2, true>);
    t.set(M::ficom_, lift_fcom<kCmpInt, 0, false>);
    t.set(M::ficomp_, lift_fcom<kCmpInt, 1, false>);
    t.set(M::ftst_, lift_fcom<kCmpZero, 0, false>);
    t.set(M::fcomi_, lift_fcomi<false, false>);
    t.set(M::fcomip_, lift_fcomi<true, false>);
    t.set(M::fucomi_, lift_fcomi<false, true>);
    t.set(M::fucomip_, lift_fcomi<true, true>);
    t.set(M::fxam_, lift_fxam);
    t.set(M::fcmovb_, lift_fcmov<CondCode::B>);
    t.set(M::fcmove_, lift_fcmov<CondCode::Z>);
    t.set(M::fcmovbe_, lift_fcmov<CondCode::BE>);
    t.set(M::fcmovu_, lift_fcmov<CondCode::P>);
    t.set(M::fcmovnb_, lift_fcmov<CondCode::NB>);
    t.set(M::fcmovne_, lift_fcmov<CondCode::NZ>);
    t.set(M::fcmovnbe_, lift_fcmov<CondCode::NBE>);
    t.set(M::fcmovnu_, lift_fcmov<CondCode::NP>);

    t.set(M::fnstcw_, lift_fnstcw);
    t.set(M::fldcw_, lift_fldcw);
    t.set(M::fnstsw_, lift_fnstsw);
    t.set(M::fnclex_, lift_fnclex);
    t.set(M::fninit_, lift_fninit);
    t.set(M::fwait_, lift_fwait);
    t.set(M::fnop_, lift_fnop);
    for (M m : {M::fdisi8087_nop_, M::feni8087_nop_, M::fsetpm287_nop_})
        t.set(m, lift_nop287);
    t.set(M::ffree_, lift_ffree<false>);
    t.set(M::ffreep_, lift_ffree<true>);
    t.set(M::fincstp_, lift_fstp_top<1>);
    t.set(M::fdecstp_, lift_fstp_top<7>);
    t.set(M::fnstenv_, lift_fnstenv);
    t.set(M::fldenv_, lift_fldenv);
    t.set(M::fnsave_, lift_fnsave);
    t.set(M::frstor_, lift_frstor);
}

} // namespace cm::x86
