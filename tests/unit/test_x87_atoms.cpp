// The VLIW machine's FP atoms against the interpreter's x87 operations
// (morph/src/host_x87.cpp, proven bit-exact against native execution): the
// precondition for translating x87 code into FP atoms. Under the control
// word 0x037f (64-bit precision, round to nearest, all exceptions masked)
// every atom must give bit-identical results (NaN payloads, signed zeros,
// denormals, unsupported encodings included) and conversions the same
// integers and memory images. Under any other control word they need not:
// a translation may only use them when the guest's control word is 0x037f.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include "../../morph/src/host_x87.hpp"
#include "vliw/config.hpp"
#include "vliw/isa.hpp"
#include "vliw/machine.hpp"

namespace {

using namespace cm;
using x86::FpBin;
using x86::FpConst;
using x86::FpFmt;
using x86::FpUn;

constexpr uint16_t kCw = 0x037f;
constexpr uint32_t kCode = 0x1000, kData = 0x80000;

struct Bits {
    uint64_t mant;
    uint16_t se;
    bool operator==(const Bits& o) const { return mant == o.mant && se == o.se; }
};
Bits bits(long double v) {
    Bits b;
    std::memcpy(&b.mant, &v, 8);
    std::memcpy(&b.se, reinterpret_cast<const uint8_t*>(&v) + 8, 2);
    return b;
}
long double make(uint64_t mant, uint16_t se) {
    long double v = 0;
    std::memcpy(&v, &mant, 8);
    std::memcpy(reinterpret_cast<uint8_t*>(&v) + 8, &se, 2);
    return v;
}
std::string hex(long double v) {
    char b[40];
    Bits x = bits(v);
    std::snprintf(b, sizeof b, "%04x:%016llx", x.se, (unsigned long long)x.mant);
    return b;
}

/// Operands: random normals over a wide and a narrow exponent range, and
/// zeros, denormals, pseudo-denormals, infinities, QNaNs, SNaNs, unnormals,
/// values at the edges of the double and float ranges, and exact integers.
long double operand(std::mt19937_64& g) {
    const uint16_t sign = (g() & 1) ? 0x8000 : 0;
    const uint64_t m = g() | (1ull << 63);
    switch (g() % 16) {
    case 0: return make(0, sign);                                        // zero
    case 1: return make(m >> (1 + g() % 63), sign);                      // denormal
    case 2: return make(1ull << 63, sign | 0x7fff);                      // infinity
    case 3: return make(m | (1ull << 62), sign | 0x7fff);                // QNaN
    case 4: return make((m & ~(1ull << 62)) | 1, sign | 0x7fff);         // SNaN
    case 5: return make(m & ~(1ull << 63), sign | uint16_t(1 + g() % 0x7ffe)); // unnormal
    case 6: return make(m, sign | uint16_t(0x3c01 + g() % 8));            // near DBL_MIN
    case 7: return make(m, sign | uint16_t(0x43fe - g() % 4));            // near DBL_MAX
    case 8: return make(m, sign | uint16_t(1 + g() % 4));                 // tiny normal
    case 9: return make(m, sign | uint16_t(0x7ffe - g() % 4));            // huge
    case 10: return (long double)int64_t(g() % 2000001) - 1000000;       // integer
    case 11: return ((long double)int64_t(g() % 4001) - 2000) / 16;      // x87_poly-like
    case 12: return make(m & ~0x7ffull, sign | uint16_t(0x3fff + g() % 64)); // double-exact
    default: return make(m, sign | uint16_t(0x3fff - 40 + g() % 80));    // ordinary
    }
}

/// Runs `text` (one atom and `exit 0`) on a machine with f1, f2 and r1 set.
struct Rig {
    vliw::Machine m{vliw::load_config("tm5800", {}), vliw::Machine::Backend::Plain};
    uint32_t base = kCode;
    uint32_t load(const std::string& text) {
        const uint32_t at = base;
        vliw::Program p = m.assemble(text + "\nexit 0 ; commit", at);
        m.load(p);
        base += uint32_t(p.bytes.size() + 64) & ~31u;
        return at;
    }
    void run(uint32_t at) { REQUIRE(m.run(at, 1000).reason == vliw::ExitReason::Exit); }
};

} // namespace

TEST_CASE("FP atoms compute as the x87 under control word 0x037f", "[x87][atoms]") {
    Rig r;
    std::mt19937_64 g(0x5eed87);
    struct Op {
        const char* text;
        FpBin bin;
    };
    const Op ops[] = {{"fadd f3, f1, f2", FpBin::Add},
                      {"fsub f3, f1, f2", FpBin::Sub},
                      {"fmul f3, f1, f2", FpBin::Mul},
                      {"fdiv f3, f1, f2", FpBin::Div}};
    uint32_t at[4];
    for (unsigned k = 0; k < 4; ++k)
        at[k] = r.load(ops[k].text);
    unsigned bad = 0;
    for (unsigned n = 0; n < 20000; ++n) {
        const long double a = operand(g), b = operand(g);
        for (unsigned k = 0; k < 4; ++k) {
            r.m.set_fpr(1, a);
            r.m.set_fpr(2, b);
            r.run(at[k]);
            long double want;
            morph::hostfp::binary(ops[k].bin, kCw, a, b, want);
            if (!(bits(r.m.fpr(3)) == bits(want)) && ++bad <= 10)
                FAIL_CHECK(ops[k].text << " " << hex(a) << " " << hex(b) << ": atom "
                                       << hex(r.m.fpr(3)) << ", x87 " << hex(want));
        }
    }
    CHECK(bad == 0);
}

TEST_CASE("unary FP atoms, constants and compares match the x87", "[x87][atoms]") {
    Rig r;
    std::mt19937_64 g(0xfab5);
    struct Op {
        const char* text;
        FpUn un;
    };
    const Op ops[] = {{"fsqrt f3, f1", FpUn::Sqrt},
                      {"fabs f3, f1", FpUn::Abs},
                      {"fneg f3, f1", FpUn::Chs},
                      {"frnd f3, f1", FpUn::Rndint}};
    uint32_t at[4];
    for (unsigned k = 0; k < 4; ++k)
        at[k] = r.load(ops[k].text);
    const uint32_t cmp = r.load("fcmp f1, f2");
    unsigned bad = 0;
    for (unsigned n = 0; n < 20000; ++n) {
        const long double a = operand(g), b = operand(g);
        for (unsigned k = 0; k < 4; ++k) {
            r.m.set_fpr(1, a);
            r.run(at[k]);
            long double want;
            morph::hostfp::unary(ops[k].un, kCw, a, want);
            if (!(bits(r.m.fpr(3)) == bits(want)) && ++bad <= 10)
                FAIL_CHECK(ops[k].text << " " << hex(a) << ": atom " << hex(r.m.fpr(3))
                                       << ", x87 " << hex(want));
        }
        // fcmp sets ZF PF CF as fucomi would: C3 C2 C0 of the compare.
        r.m.set_fpr(1, a);
        r.m.set_fpr(2, b);
        r.run(cmp);
        const uint16_t sw = morph::hostfp::compare(true, kCw, a, b);
        uint32_t want = 0;
        if (sw & x86::fsw::C3) want |= vliw::F_ZF;
        if (sw & x86::fsw::C2) want |= vliw::F_PF;
        if (sw & x86::fsw::C0) want |= vliw::F_CF;
        if ((r.m.flags() & (vliw::F_ZF | vliw::F_PF | vliw::F_CF)) != want && ++bad <= 10)
            FAIL_CHECK("fcmp " << hex(a) << " " << hex(b) << ": flags " << r.m.flags());
    }
    CHECK(bad == 0);

    const char* names[] = {"one", "l2t", "l2e", "pi", "lg2", "ln2", "zero"};
    for (unsigned k = 0; k < 7; ++k) {
        r.run(r.load(std::string("fconst f3, ") + names[k]));
        long double want;
        morph::hostfp::constant(FpConst(k), kCw, want);
        CHECK(hex(r.m.fpr(3)) == hex(want));
    }
}

TEST_CASE("FP atom conversions and memory formats match the x87", "[x87][atoms]") {
    Rig r;
    std::mt19937_64 g(0xc0de);
    const uint32_t f2i = r.load("f2i r2, f1"), i2f = r.load("i2f f3, r1");
    const uint32_t fst = r.load("fst.s [r4], f1\nfst.d [r5], f1 ; commit\nfst.t [r6], f1");
    const uint32_t fld = r.load("fld.s f4, [r4]\nfld.d f5, [r5]");
    r.m.set_gpr(4, kData);
    r.m.set_gpr(5, kData + 16);
    r.m.set_gpr(6, kData + 32);
    unsigned bad = 0;
    for (unsigned n = 0; n < 20000; ++n) {
        long double a = operand(g);
        if (n % 3 == 0) a = make(g() | (1ull << 63), uint16_t(0x3fff + g() % 34) | ((g() & 1) << 15));
        r.m.set_fpr(1, a);
        r.run(f2i);
        uint8_t want[16] = {};
        morph::hostfp::store(FpFmt::I32, kCw, a, want);
        uint32_t wi;
        std::memcpy(&wi, want, 4);
        if (r.m.gpr(2) != wi && ++bad <= 10)
            FAIL_CHECK("f2i " << hex(a) << ": atom " << r.m.gpr(2) << ", fistp " << wi);

        const uint32_t iv = uint32_t(g());
        r.m.set_gpr(1, iv);
        r.run(i2f);
        long double wv;
        morph::hostfp::load(FpFmt::I32, kCw, reinterpret_cast<const uint8_t*>(&iv), wv);
        if (!(bits(r.m.fpr(3)) == bits(wv)) && ++bad <= 10) FAIL_CHECK("i2f " << iv);

        r.run(fst);
        for (FpFmt f : {FpFmt::R32, FpFmt::R64}) {
            uint8_t got[16] = {}, w[16] = {};
            const uint32_t addr = f == FpFmt::R32 ? kData : kData + 16;
            r.m.read_memory(addr, got, f == FpFmt::R32 ? 4 : 8);
            morph::hostfp::store(f, kCw, a, w);
            if (std::memcmp(got, w, f == FpFmt::R32 ? 4 : 8) != 0 && ++bad <= 10)
                FAIL_CHECK("fst " << (f == FpFmt::R32 ? ".s " : ".d ") << hex(a));
        }
        uint8_t t[16] = {};
        r.m.read_memory(kData + 32, t, 10);
        long double back = make(0, 0);
        std::memcpy(&back, t, 10);
        if (!(bits(back) == bits(a)) && ++bad <= 10) FAIL_CHECK("fst.t " << hex(a));

        // Loads of random float and double images (SNaNs and denormals too).
        const uint64_t img = g();
        const uint32_t img32 = uint32_t(img);
        r.m.write_memory(kData, &img32, 4);
        r.m.write_memory(kData + 16, &img, 8);
        r.run(fld);
        long double w32, w64;
        morph::hostfp::load(FpFmt::R32, kCw, reinterpret_cast<const uint8_t*>(&img32), w32);
        morph::hostfp::load(FpFmt::R64, kCw, reinterpret_cast<const uint8_t*>(&img), w64);
        if (!(bits(r.m.fpr(4)) == bits(w32)) && ++bad <= 10) FAIL_CHECK("fld.s " << img32);
        if (!(bits(r.m.fpr(5)) == bits(w64)) && ++bad <= 10) FAIL_CHECK("fld.d " << img);
    }
    CHECK(bad == 0);
}

TEST_CASE("FP atoms ignore the guest control word: only 0x037f may use them", "[x87][atoms]") {
    // 1/3 under 53-bit precision (CW 0x027f) differs from the atom's 64-bit
    // result: a translation must guard on the control word.
    Rig r;
    r.m.set_fpr(1, 1.0L);
    r.m.set_fpr(2, 3.0L);
    r.run(r.load("fdiv f3, f1, f2"));
    long double p53, p64;
    morph::hostfp::binary(FpBin::Div, 0x027f, 1.0L, 3.0L, p53);
    morph::hostfp::binary(FpBin::Div, kCw, 1.0L, 3.0L, p64);
    CHECK(bits(r.m.fpr(3)) == bits(p64));
    CHECK_FALSE(bits(r.m.fpr(3)) == bits(p53));
}

// ---- x87 precision flag and C1 without a hardware FP status register ------
//
// The atoms raise no flags. A translation that must leave PE (sticky) and C1
// (rounded up) exactly as the x87 would can only recompute them: the exact
// rounding error of the sum (TwoSum) or product (Dekker's TwoProduct with
// Veltkamp splitting at 32 bits) is representable, PE = error != 0 and C1 =
// the result's magnitude exceeds the exact one. These sequences are checked
// here against the x87 for finite operands whose results neither overflow
// nor underflow (elsewhere a translation would need range checks too). They
// cost 7 (add) and 17 (mul) extra FP atoms per operation, which on a
// one-FPU machine bounds what such translations can gain.

namespace {

/// Operands with moderate exponents; short significands make exact results common.
long double moderate(std::mt19937_64& g) {
    uint64_t m = g() | (1ull << 63);
    if (g() & 1) m &= ~0ull << (20 + g() % 44);
    const uint16_t sign = (g() & 1) ? 0x8000 : 0;
    return make(m, sign | uint16_t(0x3fff - 2000 + g() % 4000));
}

/// r2 = inexact, r3 = error < 0, r4 = result < 0 (f8 = error, f3 = result).
constexpr const char* kTail = R"(
    fconst f9, zero
    fcmp f8, f9
    setcc r2, ne
    setcc r3, b
    fcmp f3, f9
    setcc r4, b)";

void check_flags(Rig& r, uint32_t at, FpBin op, std::mt19937_64& g, unsigned& bad,
                 unsigned& exact) {
    const long double a = moderate(g), b = moderate(g);
    r.m.set_fpr(1, a);
    r.m.set_fpr(2, b);
    r.m.set_fpr(25, 4294967297.0L); // 2^32 + 1
    r.run(at);
    long double want;
    const uint16_t sw = morph::hostfp::binary(op, kCw, a, b, want);
    if (sw & (x86::fsw::OE | x86::fsw::UE | x86::fsw::DE | x86::fsw::IE)) return;
    REQUIRE(bits(r.m.fpr(3)) == bits(want));
    const bool pe = r.m.gpr(2) != 0;
    const bool c1 = pe && r.m.gpr(3) != r.m.gpr(4);
    exact += !pe;
    if ((pe != bool(sw & x86::fsw::PE) || c1 != bool(sw & x86::fsw::C1)) && ++bad <= 10)
        FAIL_CHECK(hex(a) << (op == FpBin::Add ? " + " : " * ") << hex(b) << ": PE " << pe
                          << " C1 " << c1 << ", x87 sw " << sw);
}

} // namespace

TEST_CASE("PE and C1 of fadd and fmul recomputed with atoms match the x87", "[x87][atoms]") {
    Rig r;
    std::mt19937_64 g(0xe7ac7);
    const uint32_t add = r.load(std::string(R"(
        fadd f3, f1, f2
        fsub f4, f3, f1
        fsub f5, f3, f4
        fsub f6, f1, f5
        fsub f7, f2, f4
        fadd f8, f6, f7)") + kTail);
    const uint32_t mul = r.load(std::string(R"(
        fmul f3, f1, f2
        fmul f10, f1, f25
        fsub f11, f10, f1
        fsub f12, f10, f11
        fsub f13, f1, f12
        fmul f14, f2, f25
        fsub f15, f14, f2
        fsub f16, f14, f15
        fsub f17, f2, f16
        fmul f18, f12, f16
        fsub f19, f18, f3
        fmul f20, f12, f17
        fadd f21, f19, f20
        fmul f22, f13, f16
        fadd f23, f21, f22
        fmul f24, f13, f17
        fadd f8, f23, f24)") + kTail);
    unsigned bad = 0, exact_add = 0, exact_mul = 0;
    for (unsigned n = 0; n < 40000; ++n) {
        check_flags(r, add, FpBin::Add, g, bad, exact_add);
        check_flags(r, mul, FpBin::Mul, g, bad, exact_mul);
    }
    CHECK(bad == 0);
    CHECK(exact_add > 200); // both outcomes exercised
    CHECK(exact_mul > 1000);
}
