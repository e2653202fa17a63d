// Shared facts about region ops for the optimizer passes.
#include "opt_common.hpp"

#include <algorithm>
#include <bit>

#include "x86/x87.hpp"

namespace cm::morph::opt {

using namespace cm::x86;

bool has_effect(const RInst& in) {
    if (in.ctl != RegionCtl::None) return true;
    switch (in.op) {
    case IrOp::PutReg:
    case IrOp::PutFlag:
    case IrOp::PutEflags:
    case IrOp::PutSeg:
    case IrOp::Load:
    case IrOp::Store:
    case IrOp::ProbeW:
    case IrOp::DivU:
    case IrOp::DivS:
    case IrOp::Jmp:
    case IrOp::Br:
    case IrOp::Trap:
    case IrOp::TrapIf:
    case IrOp::Syscall:
    case IrOp::Cpuid:
    case IrOp::Rdtsc: return true;
    // x87: only reads of the x87 state and selections are free of effects.
    // Every other FP op writes x87 state, may leave the instruction early
    // (FCheck, FWait) or ORs exceptions into the instruction's accumulator
    // X, which a later FCheck or FStatus observes, so it stays even when
    // its value is unused (and no pass reorders ops with effects). FConst
    // rounds (C1, PE) except for the indefinite.
    case IrOp::FGetSt:
    case IrOp::FSel:
    case IrOp::FExam:
    case IrOp::FGetCw:
    case IrOp::FGetSw:
    case IrOp::FGetTw:
    case IrOp::FGetEnv: return false;
    case IrOp::FConst: return FpConst(in.imm) != FpConst::Indefinite;
    default: return ir_info(in.op).fp;
    }
}

uint8_t result_bits(const RInst& in, const std::vector<uint8_t>& bits, bool second) {
    const uint8_t s8 = uint8_t(in.size * 8);
    auto b = [&](int k) { return bits[in.src[k]]; };
    switch (in.op) {
    case IrOp::Const: return uint8_t(std::bit_width(in.imm));
    case IrOp::GetReg: return s8;
    case IrOp::GetFlag: return 1;
    case IrOp::GetSeg: return 16;
    case IrOp::Load: return s8;
    case IrOp::And: return std::min({b(0), b(1), s8});
    case IrOp::Or:
    case IrOp::Xor: return std::min(std::max(b(0), b(1)), s8);
    case IrOp::Zext: return std::min(b(0), s8);
    case IrOp::Shr: return std::min(b(0), s8);
    case IrOp::Add:
    case IrOp::Sub:
    case IrOp::Not:
    case IrOp::Neg:
    case IrOp::Shl:
    case IrOp::Sar:
    case IrOp::Rol:
    case IrOp::Ror:
    case IrOp::Shld:
    case IrOp::Shrd:
    case IrOp::MulU:
    case IrOp::MulS:
    case IrOp::DivU:
    case IrOp::DivS: return s8;
    case IrOp::Rcl:
    case IrOp::Rcr: return second ? 1 : s8;
    case IrOp::Bsf:
    case IrOp::Bsr: return 5;
    case IrOp::Select: return std::max(b(1), b(2));
    case IrOp::CmpEq:
    case IrOp::CmpNe:
    case IrOp::CmpLtU:
    case IrOp::CmpLeU:
    case IrOp::CmpLtS:
    case IrOp::CmpLeS:
    case IrOp::Cond: return 1;
    default: return ir_info(in.op).flag ? 1 : 32;
    }
}

void sync_exits(Region& r) {
    for (const RInst& in : r.code)
        if (in.ctl == RegionCtl::Exit && r.exits[in.imm].kind == ExitKind::Indirect)
            r.exits[in.imm].target_vreg = in.src[0];
}

unsigned cond_flags(unsigned cc) {
    auto f = [](Flag x) { return 1u << unsigned(x); };
    switch (cc >> 1) {
    case 0: return f(Flag::OF);
    case 1: return f(Flag::CF);
    case 2: return f(Flag::ZF);
    case 3: return f(Flag::CF) | f(Flag::ZF);
    case 4: return f(Flag::SF);
    case 5: return f(Flag::PF);
    case 6: return f(Flag::SF) | f(Flag::OF);
    default: return f(Flag::ZF) | f(Flag::SF) | f(Flag::OF);
    }
}

void AddrForms::define(const RInst& in) {
    if (in.ctl != RegionCtl::None) return;
    const int nd = ir_info(in.op).ndst;
    if (nd == 0) return;
    if (form_.size() <= in.dst || (nd == 2 && form_.size() <= in.dst2))
        resize(std::max(in.dst, nd == 2 ? in.dst2 : in.dst) + 1u);
    AddrForm f{in.dst, 0};
    if (in.op == IrOp::Const) {
        f = {kNoVreg, in.imm};
    } else if (in.size == 4 && (in.op == IrOp::Add || in.op == IrOp::Sub)) {
        AddrForm a = form_[in.src[0]], b = form_[in.src[1]];
        if (b.base == kNoVreg)
            f = {a.base, in.op == IrOp::Add ? a.off + b.off : a.off - b.off};
        else if (in.op == IrOp::Add && a.base == kNoVreg)
            f = {b.base, a.off + b.off};
    }
    form_[in.dst] = f;
    if (nd == 2) form_[in.dst2] = {in.dst2, 0};
}

Alias alias(AddrForm a, unsigned an, AddrForm b, unsigned bn) {
    if (a.base != b.base) return Alias::May;
    // Same base: the offsets decide, modulo 2^32.
    bool overlap = uint32_t(b.off - a.off) < an || uint32_t(a.off - b.off) < bn;
    return overlap ? Alias::Must : Alias::No;
}

} // namespace cm::morph::opt
