// Semantics of the FP atoms on 80-bit registers. The host's long double is
// the x87 extended format, so results round like the x87 with precision
// control at 64 bits and round-to-nearest.
#include "exec.hpp"

#include <cmath>

namespace cm::vliw::detail {

void exec_FADD(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, x.f(a.rs) + x.f(a.rt));
}
void exec_FSUB(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, x.f(a.rs) - x.f(a.rt));
}
void exec_FMUL(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, x.f(a.rs) * x.f(a.rt));
}
void exec_FDIV(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, x.f(a.rs) / x.f(a.rt));
}
void exec_FSQRT(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, std::sqrt(x.f(a.rs)));
}
void exec_FABS(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, std::fabs(x.f(a.rs)));
}
void exec_FNEG(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, -x.f(a.rs));
}
void exec_FMOV(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, x.f(a.rs));
}
void exec_FRND(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, std::nearbyint(x.f(a.rs)));
}
void exec_I2F(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, static_cast<long double>(int32_t(x.r(a.rs))));
}

namespace {
// x87 "integer indefinite" for NaN and out-of-range conversions.
uint32_t to_int32(long double v) {
    if (!(v >= -2147483648.0L && v < 2147483648.0L)) return 0x80000000u;
    return uint32_t(int32_t(v));
}
} // namespace

void exec_F2I(ExecCtx& x, const Atom& a) {
    x.w(a.rd, to_int32(std::nearbyint(x.f(a.rs))));
}
void exec_F2IZ(ExecCtx& x, const Atom& a) {
    x.w(a.rd, to_int32(std::trunc(x.f(a.rs))));
}

void exec_FCMP(ExecCtx& x, const Atom& a) {
    long double s = x.f(a.rs), t = x.f(a.rt);
    uint32_t f = 0;
    if (std::isunordered(s, t))
        f = F_ZF | F_PF | F_CF;
    else if (s < t)
        f = F_CF;
    else if (s == t)
        f = F_ZF;
    x.set_flags(f);
}

void exec_FCONST(ExecCtx& x, const Atom& a) {
    static constexpr long double k[] = {
        0.0L,
        1.0L,
        3.14159265358979323846264338327950288L,  // pi
        3.32192809488736234787031942948939018L,  // log2(10)
        1.44269504088896340735992468100189214L,  // log2(e)
        0.301029995663981195213738894724493027L, // log10(2)
        0.693147180559945309417232121458176568L, // ln(2)
    };
    x.wf(a.rd, k[a.cc < 7 ? a.cc : 0]);
}

} // namespace cm::vliw::detail
