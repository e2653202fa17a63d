// The host-x87 operations: one inline-asm sequence per operation shape (see
// host_x87.hpp for the protocol). AT&T syntax: "fsub %st(1), %st" is
// Intel's FSUB ST(0), ST(1), that is ST(0) = ST(0) - ST(1).
#include "host_x87.hpp"

#include <cstring>

#if !defined(__x86_64__) && !defined(__i386__)
#error "Codemorph's x87 model runs the guest's FP operations on the host's x87 FPU"
#endif

namespace cm::morph::hostfp {

using namespace cm::x86;

namespace {

/// A 16-byte memory operand for the format loads and stores.
struct Buf {
    uint8_t b[16];
};

// Prologue: save the host CW, clear stale flags, load the guest CW.
#define HFP_PRO "fnstcw %[hcw]\n\tfnclex\n\tfldcw %[gcw]\n\t"
// After the operation: read and clear its flags, then mask everything so
// that the stores below cannot raise anything either.
#define HFP_SW "fnstsw %[sw]\n\tfnclex\n\tfldcw %[mcw]\n\t"
// Empty the host stack whatever the operation left, restore the host CW.
#define HFP_END "fninit\n\tfldcw %[hcw]\n\t"
#define HFP_CLOBBERS "memory", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"
#define HFP_CW [hcw] "+m"(hcw), [sw] "=m"(sw)
#define HFP_IN [gcw] "m"(cw), [mcw] "m"(mcw)

// a in ST(0), b in ST(1); the result from ST(0).
#define HFP_BIN(OP)                                                                                \
    asm volatile(HFP_PRO "fldt %[b]\n\tfldt %[a]\n\t" OP "\n\t" HFP_SW "fstpt %[r]\n\t" HFP_END    \
                 : [r] "=m"(r), HFP_CW                                                             \
                 : [a] "m"(a), [b] "m"(b), HFP_IN                                                  \
                 : HFP_CLOBBERS)
// a in ST(1), b in ST(0) (fpatan, fyl2x, fyl2xp1 pop to the result).
#define HFP_BIN_REV(OP)                                                                            \
    asm volatile(HFP_PRO "fldt %[a]\n\tfldt %[b]\n\t" OP "\n\t" HFP_SW "fstpt %[r]\n\t" HFP_END    \
                 : [r] "=m"(r), HFP_CW                                                             \
                 : [a] "m"(a), [b] "m"(b), HFP_IN                                                  \
                 : HFP_CLOBBERS)
#define HFP_UN(OP)                                                                                 \
    asm volatile(HFP_PRO "fldt %[a]\n\t" OP "\n\t" HFP_SW "fstpt %[r]\n\t" HFP_END                 \
                 : [r] "=m"(r), HFP_CW                                                             \
                 : [a] "m"(a), HFP_IN                                                              \
                 : HFP_CLOBBERS)
// Pushes a second result: ST(0) is the second, ST(1) the first.
#define HFP_UN2(OP)                                                                                \
    asm volatile(HFP_PRO "fldt %[a]\n\t" OP "\n\t" HFP_SW "fstpt %[r2]\n\tfstpt %[r1]\n\t" HFP_END \
                 : [r1] "=m"(r1), [r2] "=m"(r2), HFP_CW                                            \
                 : [a] "m"(a), HFP_IN                                                              \
                 : HFP_CLOBBERS)
#define HFP_CONST(OP)                                                                              \
    asm volatile(HFP_PRO OP "\n\t" HFP_SW "fstpt %[r]\n\t" HFP_END                                 \
                 : [r] "=m"(r), HFP_CW:HFP_IN                                                      \
                 : HFP_CLOBBERS)
#define HFP_CMP(OP)                                                                                \
    asm volatile(HFP_PRO "fldt %[b]\n\tfldt %[a]\n\t" OP "\n\t" HFP_SW HFP_END:HFP_CW              \
                 : [a] "m"(a), [b] "m"(b), HFP_IN                                                  \
                 : HFP_CLOBBERS)
#define HFP_LOAD(OP)                                                                               \
    asm volatile(HFP_PRO OP " %[m]\n\t" HFP_SW "fstpt %[r]\n\t" HFP_END                            \
                 : [r] "=m"(r), HFP_CW                                                             \
                 : [m] "m"(m), HFP_IN                                                              \
                 : HFP_CLOBBERS)
#define HFP_STORE(OP)                                                                              \
    asm volatile(HFP_PRO "fldt %[a]\n\t" OP " %[m]\n\t" HFP_SW HFP_END                             \
                 : [m] "+m"(m), HFP_CW                                                             \
                 : [a] "m"(a), HFP_IN                                                              \
                 : HFP_CLOBBERS)

} // namespace

// The functions stay out of line: the ABI guarantees an empty host x87
// stack at a call, which the sequences rely on.

[[gnu::noinline]] Sw binary(FpBin op, uint16_t cw, const long double& a, const long double& b,
                            long double& r) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    switch (op) {
    case FpBin::Add: HFP_BIN("fadd %%st(1), %%st"); break;
    case FpBin::Sub: HFP_BIN("fsub %%st(1), %%st"); break;
    case FpBin::SubR: HFP_BIN("fsubr %%st(1), %%st"); break;
    case FpBin::Mul: HFP_BIN("fmul %%st(1), %%st"); break;
    case FpBin::Div: HFP_BIN("fdiv %%st(1), %%st"); break;
    case FpBin::DivR: HFP_BIN("fdivr %%st(1), %%st"); break;
    case FpBin::Scale: HFP_BIN("fscale"); break;
    case FpBin::Atan: HFP_BIN_REV("fpatan"); break;
    case FpBin::Yl2x: HFP_BIN_REV("fyl2x"); break;
    case FpBin::Yl2xp1: HFP_BIN_REV("fyl2xp1"); break;
    }
    return sw;
}

[[gnu::noinline]] Sw prem(bool ieee, uint16_t cw, const long double& a, const long double& b,
                          long double& r) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    if (ieee)
        HFP_BIN("fprem1");
    else
        HFP_BIN("fprem");
    return sw;
}

[[gnu::noinline]] Sw compare(bool unordered, uint16_t cw, const long double& a,
                             const long double& b) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    if (unordered)
        HFP_CMP("fucom %%st(1)");
    else
        HFP_CMP("fcom %%st(1)");
    return sw;
}

[[gnu::noinline]] Sw unary(FpUn op, uint16_t cw, const long double& a, long double& r) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    switch (op) {
    case FpUn::Chs: HFP_UN("fchs"); break;
    case FpUn::Abs: HFP_UN("fabs"); break;
    case FpUn::Sqrt: HFP_UN("fsqrt"); break;
    case FpUn::Rndint: HFP_UN("frndint"); break;
    case FpUn::Sin: HFP_UN("fsin"); break;
    case FpUn::Cos: HFP_UN("fcos"); break;
    case FpUn::F2xm1: HFP_UN("f2xm1"); break;
    }
    return sw;
}

[[gnu::noinline]] Sw unary2(FpUn2 op, uint16_t cw, const long double& a, long double& r1,
                            long double& r2) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    switch (op) {
    case FpUn2::Tan: HFP_UN2("fptan"); break;
    case FpUn2::SinCos: HFP_UN2("fsincos"); break;
    case FpUn2::Xtract: HFP_UN2("fxtract"); break;
    }
    return sw;
}

[[gnu::noinline]] Sw examine(const long double& a) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit, cw = fcw::kInit;
    long double r;
    HFP_UN("fxam");
    (void)r;
    return sw;
}

[[gnu::noinline]] Sw constant(FpConst k, uint16_t cw, long double& r) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    switch (k) {
    case FpConst::One: HFP_CONST("fld1"); break;
    case FpConst::L2t: HFP_CONST("fldl2t"); break;
    case FpConst::L2e: HFP_CONST("fldl2e"); break;
    case FpConst::Pi: HFP_CONST("fldpi"); break;
    case FpConst::Lg2: HFP_CONST("fldlg2"); break;
    case FpConst::Ln2: HFP_CONST("fldln2"); break;
    default: HFP_CONST("fldz"); break;
    }
    return sw;
}

[[gnu::noinline]] Sw load(FpFmt f, uint16_t cw, const uint8_t* in, long double& r) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    Buf m;
    std::memcpy(m.b, in, 10);
    switch (f) {
    case FpFmt::R32: HFP_LOAD("flds"); break;
    case FpFmt::R64: HFP_LOAD("fldl"); break;
    case FpFmt::I16: HFP_LOAD("filds"); break;
    case FpFmt::I32: HFP_LOAD("fildl"); break;
    case FpFmt::I64: HFP_LOAD("fildll"); break;
    case FpFmt::Bcd: HFP_LOAD("fbld"); break;
    case FpFmt::R80: HFP_LOAD("fldt"); break;
    }
    return sw;
}

[[gnu::noinline]] Sw store(FpFmt f, uint16_t cw, const long double& a, uint8_t* out) {
    uint16_t hcw = 0, sw = 0, mcw = fcw::kInit;
    Buf m;
    std::memset(m.b, 0, sizeof m.b);
    switch (f) {
    case FpFmt::R32: HFP_STORE("fstps"); break;
    case FpFmt::R64: HFP_STORE("fstpl"); break;
    case FpFmt::I16: HFP_STORE("fistps"); break;
    case FpFmt::I32: HFP_STORE("fistpl"); break;
    case FpFmt::I64: HFP_STORE("fistpll"); break;
    case FpFmt::Bcd: HFP_STORE("fbstp"); break;
    case FpFmt::R80: HFP_STORE("fstpt"); break;
    }
    std::memcpy(out, m.b, 10);
    return sw;
}

} // namespace cm::morph::hostfp
