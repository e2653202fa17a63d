// x87_effect (morph/src/backend/x87_plan.cpp) against the interpreter: for
// random x87 instruction sequences from random stack states, every
// instruction it calls translatable must move TOP, tag registers empty and
// leave registers, C1 and FIP exactly as the interpreter (bit-exact against
// native) does, and never hit a stack fault; the instructions it refuses
// include every one that faults.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "../../morph/src/backend/x87_plan.hpp"
#include "morph/interpreter.hpp"
#include "x86/decoder.hpp"
#include "x86/lifter.hpp"
#include "x86/x87.hpp"

using namespace cm::x86;
using cm::morph::Interpreter;
namespace be = cm::morph::backend;

namespace {

class NoEnv : public GuestEnv {
  public:
    uint64_t rdtsc() override { return 0; }
};

constexpr uint32_t kCode = 0x10000, kData = 0x20000;

struct Enc {
    std::vector<uint8_t> b;
    bool expect_ok; ///< translatable whenever its stack operands allow
};

/// x87 instructions; memory operands at [eax], [eax+8], [eax+16].
const std::vector<Enc>& pool() {
    static const std::vector<Enc> p = {
        {{0xd9, 0xe8}, true},             // fld1
        {{0xd9, 0xee}, true},             // fldz
        {{0xd9, 0xeb}, true},             // fldpi
        {{0xd9, 0xed}, true},             // fldln2
        {{0xd9, 0xc1}, true},             // fld st(1)
        {{0xd9, 0xc2}, true},             // fld st(2)
        {{0xd9, 0xc9}, true},             // fxch st(1)
        {{0xdd, 0xd9}, true},             // fstp st(1)
        {{0xdd, 0xd8}, true},             // fstp st(0)
        {{0xdd, 0xd2}, true},             // fst st(2)
        {{0xde, 0xc1}, true},             // faddp
        {{0xde, 0xc9}, true},             // fmulp
        {{0xde, 0xe1}, true},             // fsubrp
        {{0xde, 0xf9}, true},             // fdivp
        {{0xd8, 0xc1}, true},             // fadd st, st(1)
        {{0xdc, 0xca}, true},             // fmul st(2), st
        {{0xd9, 0xe0}, true},             // fchs
        {{0xd9, 0xe1}, true},             // fabs
        {{0xd9, 0xfa}, true},             // fsqrt
        {{0xd9, 0xfc}, true},             // frndint
        {{0xdd, 0x00}, true},             // fld qword [eax]
        {{0xd9, 0x40, 0x08}, true},       // fld dword [eax+8]
        {{0xdc, 0x00}, true},             // fadd qword [eax]
        {{0xdc, 0x48, 0x08}, true},       // fmul qword [eax+8]
        {{0xdb, 0x40, 0x10}, true},       // fild dword [eax+16]
        {{0xdd, 0x58, 0x10}, true},       // fstp qword [eax+16]
        {{0xdb, 0x58, 0x18}, true},       // fistp dword [eax+24]
        {{0xdf, 0xe9}, true},             // fucomip st(1)
        {{0xdb, 0xf1}, true},             // fcomi st(1)
        {{0xd8, 0xd1}, true},             // fcom st(1)
        {{0xdd, 0xc3}, true},             // ffree st(3)
        {{0xd9, 0xf7}, true},             // fincstp
        {{0xd9, 0xf6}, true},             // fdecstp
        {{0xd9, 0xfe}, false},            // fsin
        {{0xd9, 0xf8}, false},            // fprem
        {{0xd9, 0xe5}, false},            // fxam
        {{0xda, 0xc1}, false},            // fcmovb st(1)
        {{0xdd, 0x78, 0x1c}, true},       // fnstsw [eax+28]
    };
    return p;
}

long double value(std::mt19937_64& g) {
    switch (g() % 6) {
    case 0: return 0.0L;
    case 1: return -(long double)(g() % 100);
    default: return ((long double)(int64_t)(g() % 20001) - 10000) / 64;
    }
}

be::X87Static facts(const X87State& f) {
    be::X87Static s;
    s.cw = f.cw;
    s.top = f.top();
    s.empty = f.empty_mask();
    return s;
}

bool same_bits(const long double& a, const long double& b) {
    return std::memcmp(&a, &b, 10) == 0;
}

} // namespace

TEST_CASE("x87_effect agrees with the interpreter on stack, tags, C1 and FIP", "[x87][plan]") {
    std::mt19937_64 g(0x87a1);
    Decoder dec;
    unsigned ok_steps = 0, refused = 0, faults_refused = 0;
    for (unsigned trial = 0; trial < 3000; ++trial) {
        std::vector<uint8_t> code;
        std::vector<uint32_t> starts;
        for (unsigned k = 0; k < 8; ++k) {
            const Enc& e = pool()[g() % pool().size()];
            starts.push_back(kCode + uint32_t(code.size()));
            code.insert(code.end(), e.b.begin(), e.b.end());
        }
        CpuState cpu;
        GuestMemory mem;
        NoEnv env;
        mem.map(kCode, GuestMemory::kPageSize, GuestMemory::RX);
        mem.poke(kCode, code.data(), code.size());
        mem.map(kData, GuestMemory::kPageSize, GuestMemory::RW);
        const double d0 = double(value(g));
        const float f1 = float(value(g));
        const int32_t i2 = int32_t(g() % 1000) - 500;
        mem.poke(kData, &d0, 8);
        mem.poke(kData + 8, &f1, 4);
        mem.poke(kData + 16, &i2, 4);
        cpu.eip = kCode;
        cpu.gpr[EAX] = kData;
        cpu.gpr[ESP] = kData + 0x800;
        X87State& f = cpu.fpu;
        f.cw = fcw::kInit;
        f.sw = uint16_t(((g() % 8) << 11) | ((g() & 1) ? fsw::PE : 0) | ((g() & 1) ? fsw::C1 : 0));
        f.tw = 0;
        const unsigned used = unsigned(g() % 9); // ST(0)..ST(used-1) hold values
        for (unsigned i = 0; i < 8; ++i) {
            const unsigned p = (f.top() + i) & 7;
            f.r[p] = value(g);
            if (i >= used) f.tw |= uint16_t(3u << (2 * p));
            else if (f.r[p] == 0) f.tw |= uint16_t(1u << (2 * p));
        }
        Interpreter interp(cpu, mem, env);
        for (unsigned k = 0; k < starts.size(); ++k) {
            REQUIRE(cpu.eip == starts[k]);
            uint8_t buf[15];
            size_t n = mem.fetch_code(cpu.eip, buf, 15);
            Insn insn;
            REQUIRE(dec.decode(buf, n, cpu.eip, insn) == DecodeStatus::Ok);
            std::vector<IrInst> ops;
            lift(insn, ops);
            const be::X87Static s = facts(f);
            const be::X87Effect e = be::x87_effect(s, ops);
            const X87State before = f;
            const cm::morph::StopInfo si = interp.run(1);
            INFO("stop " << int(si.reason) << " bytes " << int(buf[0]) << " " << int(buf[1]));
            REQUIRE(cpu.eip == starts[k] + insn.length);
            const bool stack_fault = (f.sw & fsw::SF) && !(before.sw & fsw::SF);
            if (!e.ok) {
                ++refused;
                faults_refused += stack_fault;
                // Stack state is left as the interpreter made it; go on from there.
                continue;
            }
            ++ok_steps;
            INFO("instruction " << k << " at " << starts[k] << ", byte " << int(buf[0]) << " "
                                << int(buf[1]));
            CHECK_FALSE(stack_fault);
            be::X87Static next = s;
            be::x87_apply(next, e);
            CHECK(f.top() == next.top);
            CHECK(int(f.empty_mask()) == int(next.empty));
            for (unsigned p = 0; p < 8; ++p) {
                if ((e.writes >> p) & 1) continue;
                CHECK(same_bits(f.r[p], before.r[p]));
                if (!((e.freed >> p) & 1))
                    CHECK(((f.tw >> (2 * p)) & 3) == ((before.tw >> (2 * p)) & 3));
            }
            if (!e.c1) CHECK((f.sw & fsw::C1) == (before.sw & fsw::C1));
            if (e.c1 && e.roundings == 0) CHECK((f.sw & fsw::C1) == 0);
            // Condition codes only where the effect says so.
            const uint16_t cc_other = uint16_t((fsw::C0 | fsw::C2 | fsw::C3) & ~e.cc_writes);
            CHECK((f.sw & cc_other) == (before.sw & cc_other));
            if (e.env) CHECK(f.fip == starts[k]);
            else CHECK(f.fip == before.fip);
            // Sticky flags from nothing but roundings, loads and compares.
            if (!e.roundings && !e.checked_loads && !e.compares)
                CHECK((f.sw & fsw::kExceptions) == (before.sw & fsw::kExceptions));
        }
        // Make sure the generator's state cannot run into unmasked exceptions.
        REQUIRE(f.cw == fcw::kInit);
    }
    CHECK(ok_steps > 5000);
    CHECK(refused > 1000);
    CHECK(faults_refused > 100);
}

TEST_CASE("x87_effect refuses what the atoms cannot do exactly", "[x87][plan]") {
    Decoder dec;
    be::X87Static s;
    s.top = 4;
    s.empty = 0x0f; // ST(0)..ST(3) = physical 4..7 hold values
    for (const Enc& enc : pool()) {
        Insn insn;
        REQUIRE(dec.decode(enc.b.data(), enc.b.size(), kCode, insn) == DecodeStatus::Ok);
        std::vector<IrInst> ops;
        lift(insn, ops);
        const be::X87Effect e = be::x87_effect(s, ops);
        INFO("bytes " << int(enc.b[0]) << " " << int(enc.b[1]) << ": " << e.why);
        CHECK(e.ok == enc.expect_ok);
        be::X87Static p53 = s;
        p53.cw = 0x027f; // 53-bit precision: the atoms would round differently
        CHECK_FALSE(be::x87_effect(p53, ops).ok);
    }
}
