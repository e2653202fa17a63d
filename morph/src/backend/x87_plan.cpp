// x87_effect: one instruction's lifted IR (lift_x87.cpp, ir_ops.def) walked
// with a running TOP and empty mask, as ir_exec_fp.cpp would run it, but
// deciding at translation time everything that does not depend on values.
#include "x87_plan.hpp"

#include "x86/x87.hpp"

namespace cm::morph::backend {

using namespace cm::x86;

namespace {

X87Effect no(const char* why) {
    X87Effect e;
    e.why = why;
    return e;
}

} // namespace

X87Effect x87_effect(const X87Static& s, const std::vector<IrInst>& ops) {
    if (s.cw != fcw::kInit) return no("control word is not 0x037f");
    X87Effect e;
    unsigned top = s.top;
    uint8_t empty = s.empty;
    std::vector<bool> fault_temp(kMaxTemps, false); // FStkChk results (statically 0)
    auto phys = [&](uint32_t st) { return (top + (st & 7)) & 7; };
    for (const IrInst& in : ops) {
        if (!ir_info(in.op).fp) continue; // integer IR: the ordinary back end
        switch (in.op) {
        case IrOp::FWait: break; // ES is clear: every exception is masked
        case IrOp::FGetSt: {
            if (in.imm & kFpRaw) return no("raw register read (fnsave)");
            const unsigned p = phys(in.imm);
            if ((empty >> p) & 1) return no("reads an empty register");
            e.reads |= uint8_t(1u << p);
            break;
        }
        case IrOp::FPutSt: {
            const unsigned p = phys(in.imm);
            e.writes |= uint8_t(1u << p);
            e.freed &= uint8_t(~(1u << p));
            empty &= uint8_t(~(1u << p));
            break;
        }
        case IrOp::FTop:
            top = (top + in.imm) & 7;
            e.top_delta = (e.top_delta + in.imm) & 7;
            break;
        case IrOp::FFree: {
            const unsigned p = phys(in.imm);
            e.freed |= uint8_t(1u << p);
            empty |= uint8_t(1u << p);
            break;
        }
        case IrOp::FStkChk: {
            bool fault = false;
            for (unsigned i = 0; i < 8; ++i) {
                const bool is_empty = (empty >> phys(i)) & 1;
                if (((in.imm >> i) & 1) && is_empty) fault = true;
                if (((in.imm >> (8 + i)) & 1) && !is_empty) fault = true;
            }
            if (fault) return no("stack underflow or overflow");
            if (in.dst != kNoTemp) fault_temp[in.dst] = true;
            break;
        }
        case IrOp::FSel:
            // The masked-stack-fault selection resolves statically; fcmov's
            // does not (no FP select atom).
            if (in.src[0] == kNoTemp || !fault_temp[in.src[0]]) return no("fcmov");
            break;
        case IrOp::FConst: break; // fconst is exact at 64-bit precision
        case IrOp::FArith:
            switch (FpBin(in.imm)) {
            case FpBin::Add:
            case FpBin::Sub:
            case FpBin::SubR:
            case FpBin::Mul:
            case FpBin::Div:
            case FpBin::DivR: ++e.roundings; break;
            default: return no("fscale, fpatan, fyl2x, fyl2xp1");
            }
            break;
        case IrOp::FUnary:
            switch (FpUn(in.imm)) {
            case FpUn::Chs:
            case FpUn::Abs: break; // raise nothing
            case FpUn::Sqrt:
            case FpUn::Rndint: ++e.roundings; break;
            default: return no("transcendental");
            }
            break;
        case IrOp::FCmp: ++e.compares; break;
        case IrOp::FFromBits:
            switch (FpFmt(in.imm & 0xff)) {
            case FpFmt::R32:
            case FpFmt::R64: ++e.checked_loads; break;
            case FpFmt::I16:
            case FpFmt::I32: break; // exact, raise nothing
            default: return no("m80, m64int or BCD load");
            }
            break;
        case IrOp::FToBits:
            switch (FpFmt(in.imm & 0xff)) {
            case FpFmt::R32:
            case FpFmt::R64:
            case FpFmt::I32: ++e.roundings; break;
            default: return no("m80, m16int, m64int or BCD store");
            }
            break;
        case IrOp::FCheck:
            // Masked exceptions never end an instruction; an incomplete
            // reduction (fsin, fcos, fptan, fsincos) would.
            if (in.imm & kFpCheckC2) return no("partial reduction check");
            break;
        case IrOp::FStatus: e.c1 = (in.imm & kFpC1) != 0; break;
        case IrOp::FSetCc: e.cc_writes |= uint16_t(in.imm & fsw::kCc); break;
        case IrOp::FGetSw: break; // composed from fsr, the condition codes and TOP
        case IrOp::FGetCw: break; // the guarded constant
        case IrOp::FSetEnv: e.env = true; break;
        default: return no("x87 control, status, tag or environment access");
        }
    }
    e.ok = true;
    e.why = "";
    return e;
}

void x87_apply(X87Static& s, const X87Effect& e) {
    s.empty = uint8_t((s.empty & ~e.writes) | e.freed);
    s.top = (s.top + e.top_delta) & 7;
}

} // namespace cm::morph::backend
