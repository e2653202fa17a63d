// The x87 ops of the IR. Stack, tags and the control/status/tag words are
// plain state updates here; every computation goes to the host x87
// (host_x87.cpp) under the guest's control word, so that precision and
// rounding control, exception flags, C1 (rounded up) and the transcendental
// results are those of the processor Codemorph runs on.
#include "ir_exec_fp.hpp"

#include <cstring>

#include "host_x87.hpp"
#include "x86/x87.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {

constexpr uint16_t kCcX = fsw::C1 | fsw::C2; ///< condition bits X carries

/// The 10 significant bytes of an 80-bit value.
struct Ext {
    uint64_t mant;
    uint16_t se; ///< sign and exponent
};
Ext bits_of(const long double& v) {
    Ext e;
    std::memcpy(&e.mant, &v, 8);
    std::memcpy(&e.se, reinterpret_cast<const uint8_t*>(&v) + 8, 2);
    return e;
}
long double from_bits(uint64_t mant, uint16_t se) {
    long double v = 0;
    std::memcpy(&v, &mant, 8);
    std::memcpy(reinterpret_cast<uint8_t*>(&v) + 8, &se, 2);
    return v;
}

long double indefinite() {
    return from_bits(0xc000000000000000ull, 0xffff);
}

bool is_nan(const long double& v) {
    Ext e = bits_of(v);
    return (e.se & 0x7fff) == 0x7fff && (e.mant << 1) != 0;
}

/// NaNs and the encodings the 387 and later no longer support (unnormals,
/// pseudo-NaNs, pseudo-infinities): operands that make the result a NaN.
bool nan_or_unsupported(const long double& v) {
    Ext e = bits_of(v);
    unsigned exp = e.se & 0x7fff;
    if (exp == 0x7fff) return e.mant != (1ull << 63);
    return exp != 0 && !(e.mant >> 63);
}

/// Such an operand takes precedence over a denormal one: the DE that
/// converting a denormal m32/m64 operand raised does not count then.
void nan_drops_de(FpCtx& fx, const long double& a, const long double& b) {
    if (nan_or_unsupported(a) || nan_or_unsupported(b)) fx.x &= uint16_t(~fsw::DE);
}

/// The 80-bit SNaN with the same sign and payload as an m32/m64 SNaN, if
/// `buf` holds one.
bool keep_snan(FpFmt fmt, const uint8_t* buf, long double& out) {
    if (fmt == FpFmt::R32) {
        uint32_t v;
        std::memcpy(&v, buf, 4);
        uint32_t frac = v & 0x7fffff;
        if ((v & 0x7f800000) != 0x7f800000 || !frac || (frac & 0x400000)) return false;
        out =
            from_bits((1ull << 63) | (uint64_t(frac) << 40), uint16_t(((v >> 31) << 15) | 0x7fff));
        return true;
    }
    if (fmt == FpFmt::R64) {
        uint64_t v;
        std::memcpy(&v, buf, 8);
        uint64_t frac = v & ((1ull << 52) - 1);
        if (((v >> 52) & 0x7ff) != 0x7ff || !frac || (frac >> 51)) return false;
        out = from_bits((1ull << 63) | (frac << 11), uint16_t(((v >> 63) << 15) | 0x7fff));
        return true;
    }
    return false;
}

unsigned phys(const X87State& f, unsigned st) {
    return (f.top() + st) & 7;
}
unsigned tag(const X87State& f, unsigned p) {
    return (f.tw >> (2 * p)) & 3;
}
void set_tag(X87State& f, unsigned p, unsigned t) {
    f.tw = uint16_t((f.tw & ~(3u << (2 * p))) | (t << (2 * p)));
}

/// ES and B follow the unmasked exception flags.
void update_es(X87State& f) {
    if (f.sw & ~f.cw & fcw::kMasks)
        f.sw |= fsw::ES | fsw::B;
    else
        f.sw &= uint16_t(~(fsw::ES | fsw::B));
}

/// Folds a host status word into X: flags accumulate; C1 and C2 are those of
/// the last computation.
/// A stack fault preempts the operation: nothing it raises is recorded.
void merge(FpCtx& fx, hostfp::Sw sw) {
    if (fx.x & fsw::SF) return;
    fx.x = uint16_t(((fx.x | sw) & fsw::kExceptions) | (sw & kCcX));
}

/// Moves X's flags into the status word; C1 too if `c1` or on a stack
/// fault (which always defines it).
void commit(X87State& f, const FpCtx& fx, bool c1) {
    f.sw |= fx.x & (fsw::kExceptions | fsw::SF);
    if (c1 || (fx.x & fsw::SF)) f.sw = uint16_t((f.sw & ~fsw::C1) | (fx.x & fsw::C1));
    update_es(f);
}

} // namespace

unsigned x87_tag(const long double& v) {
    Ext e = bits_of(v);
    unsigned exp = e.se & 0x7fff;
    if (exp == 0) return e.mant == 0 ? 1 : 2;
    if (exp == 0x7fff) return 2;
    return (e.mant >> 63) ? 0 : 2;
}

FpExec exec_fp(const IrInst& in, uint32_t* t, FpCtx& fx, CpuState& cpu) {
    X87State& f = cpu.fpu;
    long double* F = fx.f;
#define S0 t[in.src[0]]
#define S1 t[in.src[1]]
#define S2 t[in.src[2]]
#define D t[in.dst]
#define FS0 F[in.src[0]]
#define FS1 F[in.src[1]]
#define FS2 F[in.src[2]]
#define FD F[in.dst]
    switch (in.op) {
    case IrOp::FWait:
        if (f.sw & fsw::ES) return FpExec::FpError;
        break;
    case IrOp::FGetSt: {
        unsigned p = phys(f, in.imm & 7);
        FD = (!(in.imm & kFpRaw) && tag(f, p) == 3) ? indefinite() : f.r[p];
        break;
    }
    case IrOp::FPutSt: {
        unsigned p = phys(f, in.imm & 7);
        f.r[p] = FS0;
        set_tag(f, p, x87_tag(FS0));
        break;
    }
    case IrOp::FTop:
        f.sw = uint16_t((f.sw & ~fsw::kTopMask) | (((f.top() + in.imm) & 7) << 11));
        break;
    case IrOp::FFree: set_tag(f, phys(f, in.imm & 7), 3); break;
    case IrOp::FStkChk: {
        bool under = false, over = false;
        for (unsigned i = 0; i < 8; ++i) {
            bool empty = tag(f, phys(f, i)) == 3;
            if ((in.imm >> i) & 1) under |= empty;
            if ((in.imm >> (8 + i)) & 1) over |= !empty;
        }
        D = under || over;
        // The stack is checked before anything else: a fault drops what an
        // operand conversion (a denormal or SNaN memory operand) raised.
        // Underflow wins over overflow (fld st(i) with both: C1 = 0).
        if (under || over) fx.x = fsw::IE | fsw::SF | (over && !under ? fsw::C1 : 0);
        break;
    }
    case IrOp::FSel: FD = S0 ? FS1 : FS2; break;
    case IrOp::FConst:
        if (FpConst(in.imm) == FpConst::Indefinite)
            FD = indefinite();
        else
            merge(fx, hostfp::constant(FpConst(in.imm), f.cw, FD));
        break;
    case IrOp::FArith: {
        long double r;
        nan_drops_de(fx, FS0, FS1);
        merge(fx, hostfp::binary(FpBin(in.imm), f.cw, FS0, FS1, r));
        FD = r;
        break;
    }
    case IrOp::FPrem: {
        long double r;
        hostfp::Sw sw = hostfp::prem(in.imm != 0, f.cw, FS0, FS1, r);
        merge(fx, sw);
        FD = r;
        // A NaN result (NaN operand, invalid operation) clears C2 and C1
        // and leaves C0 C3 as they were (measured on hardware).
        t[in.dst2] = is_nan(r) ? (f.sw & (fsw::C0 | fsw::C3)) : (sw & fsw::kCc);
        break;
    }
    case IrOp::FUnary: {
        long double r;
        merge(fx, hostfp::unary(FpUn(in.imm), f.cw, FS0, r));
        FD = r;
        break;
    }
    case IrOp::FUnary2: {
        long double r1, r2;
        merge(fx, hostfp::unary2(FpUn2(in.imm), f.cw, FS0, r1, r2));
        FD = r1;
        F[in.dst2] = r2;
        break;
    }
    case IrOp::FCmp: {
        nan_drops_de(fx, FS0, FS1);
        hostfp::Sw sw = hostfp::compare(in.imm != 0, f.cw, FS0, FS1);
        if (!(fx.x & fsw::SF)) fx.x |= sw & fsw::kExceptions;
        D = sw & (fsw::C0 | fsw::C2 | fsw::C3);
        break;
    }
    case IrOp::FExam: {
        unsigned p = phys(f, in.imm & 7);
        uint16_t sign = (bits_of(f.r[p]).se & 0x8000) ? fsw::C1 : 0;
        if (tag(f, p) == 3)
            D = fsw::C3 | fsw::C0 | sign;
        else
            D = hostfp::examine(f.r[p]) & fsw::kCc;
        break;
    }
    case IrOp::FFromBits: {
        uint8_t buf[10] = {};
        std::memcpy(buf, &S0, 4);
        if (in.src[1] != kNoTemp) std::memcpy(buf + 4, &S1, 4);
        if (in.src[2] != kNoTemp) std::memcpy(buf + 8, &S2, 2);
        FpFmt fmt = FpFmt(in.imm & 0xff);
        if (fmt == FpFmt::R80) {
            uint64_t mant;
            uint16_t se;
            std::memcpy(&mant, buf, 8);
            std::memcpy(&se, buf + 8, 2);
            FD = from_bits(mant, se);
        } else if ((in.imm & kFpKeepSnan) && keep_snan(fmt, buf, FD)) {
        } else {
            long double r;
            merge(fx, hostfp::load(fmt, f.cw, buf, r));
            FD = r;
        }
        break;
    }
    case IrOp::FToBits: {
        uint8_t buf[10] = {};
        FpFmt fmt = FpFmt(in.imm & 0xff);
        if (fmt == FpFmt::R80) {
            Ext e = bits_of(FS0);
            std::memcpy(buf, &e.mant, 8);
            std::memcpy(buf + 8, &e.se, 2);
        } else {
            merge(fx, hostfp::store(fmt, f.cw, FS0, buf));
        }
        uint32_t lo = 0, hi = 0;
        if (in.imm & kFpHigh) {
            std::memcpy(&lo, buf + 8, 2);
        } else {
            std::memcpy(&lo, buf, 4);
            std::memcpy(&hi, buf + 4, 4);
        }
        D = lo;
        t[in.dst2] = hi;
        break;
    }
    case IrOp::FCheck: {
        uint16_t unmasked = fx.x & ~f.cw & fcw::kMasks;
        uint16_t aborting = (in.imm & kFpCheckIeOnly) ? fsw::IE : fsw::IE | fsw::DE | fsw::ZE;
        if (in.imm & kFpCheckMemDst) aborting |= fsw::OE | fsw::UE;
        bool incomplete = (in.imm & kFpCheckC2) && (fx.x & fsw::C2);
        if ((unmasked & aborting) || incomplete) {
            // An operand out of range (C2) still defines C1 (cleared).
            commit(f, fx, incomplete);
            if (incomplete) f.sw |= fsw::C2;
            return FpExec::End;
        }
        break;
    }
    case IrOp::FStatus: commit(f, fx, in.imm & kFpC1); break;
    case IrOp::FSetCc: f.sw = uint16_t((f.sw & ~in.imm) | (S0 & in.imm)); break;
    case IrOp::FGetCw: D = f.cw; break;
    case IrOp::FSetCw:
        // Bit 6 reads as one; bits 13-15 are reserved (zero).
        f.cw = uint16_t((S0 & 0x1f7f) | 0x0040);
        update_es(f);
        break;
    case IrOp::FGetSw: D = f.sw; break;
    case IrOp::FSetSw:
        f.sw = uint16_t(S0);
        update_es(f);
        break;
    case IrOp::FGetTw: D = f.tw; break;
    case IrOp::FSetTw:
        for (unsigned p = 0; p < 8; ++p)
            set_tag(f, p, ((S0 >> (2 * p)) & 3) == 3 ? 3 : x87_tag(f.r[p]));
        break;
    case IrOp::FGetEnv:
        switch (FpEnv(in.imm)) {
        case FpEnv::Fip: D = f.fip; break;
        case FpEnv::FcsFop: D = f.fcs | (uint32_t(f.fop) << 16); break;
        case FpEnv::Fdp: D = f.fdp; break;
        case FpEnv::Fds: D = f.fds; break;
        }
        break;
    case IrOp::FSetEnv:
        switch (FpEnv(in.imm)) {
        case FpEnv::Fip: f.fip = S0; break;
        case FpEnv::FcsFop:
            f.fcs = uint16_t(S0);
            f.fop = uint16_t((S0 >> 16) & 0x7ff);
            break;
        case FpEnv::Fdp: f.fdp = S0; break;
        case FpEnv::Fds: f.fds = uint16_t(S0); break;
        }
        break;
    case IrOp::FClex: f.sw &= uint16_t(~(fsw::kExceptions | fsw::SF | fsw::ES | fsw::B)); break;
    case IrOp::FInit:
        f.cw = fcw::kInit;
        f.sw = 0;
        f.tw = 0xffff;
        f.fip = f.fdp = 0;
        f.fop = f.fcs = f.fds = 0;
        break;
    default: break;
    }
#undef S0
#undef S1
#undef S2
#undef D
#undef FS0
#undef FS1
#undef FS2
#undef FD
    return FpExec::Next;
}

} // namespace cm::morph
