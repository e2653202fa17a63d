// Randomized differential test of the back end: random sequences of integer
// instructions (ALU at 8/16/32 bits, immediates, inc/dec/neg/not, moves,
// loads and stores through EBP, shifts and rotates, cmov, setcc, mul/imul,
// lea, xchg, bswap, bit scans, shld/shrd, push/pop, cdq, conditional exits
// in the middle) translated and run on the VLIW machine, compared with the
// interpreter. Also prints atoms per molecule and molecules per guest
// instruction for a few idioms (the start of the golden file).
#include <catch2/catch.hpp>

#include <cstdio>
#include <random>

#include "test_backend_harness.hpp"

using namespace cm;
using namespace cm::test;

namespace {

class Gen {
  public:
    explicit Gen(uint64_t seed) : rng_(seed) {}
    uint32_t u(uint32_t n) { return uint32_t(rng_() % n); }
    uint32_t u32() { return uint32_t(rng_()); }

    /// A destination register: never ESP or EBP (EBP points at the data).
    uint8_t dst() {
        static const uint8_t r[] = {0, 1, 2, 3, 6, 7};
        return r[u(6)];
    }
    uint8_t src() { return uint8_t(u(8) == 4 ? 5 : u(8)); }

    /// One instruction appended to `c`.
    void insn(std::vector<uint8_t>& c) {
        auto rr = [&](uint8_t reg, uint8_t rm) { c.push_back(uint8_t(0xc0 | reg << 3 | rm)); };
        auto mem = [&](uint8_t reg) {
            c.push_back(uint8_t(0x45 | reg << 3));
            c.push_back(uint8_t(u(30) * 4 + u(2)));
        };
        auto imm32 = [&](uint32_t v) {
            for (int i = 0; i < 4; ++i)
                c.push_back(uint8_t(v >> (8 * i)));
        };
        const uint8_t alu = uint8_t(u(8));
        switch (u(24)) {
        case 0: c.push_back(uint8_t(alu << 3 | 1)), rr(src(), dst()); break;
        case 1: c.push_back(uint8_t(alu << 3 | 3)), rr(dst(), src()); break;
        case 2: c.push_back(uint8_t(alu << 3 | 0)), rr(uint8_t(u(8)), uint8_t(dst() & 3)); break;
        case 3: c.push_back(0x66), c.push_back(uint8_t(alu << 3 | 1)), rr(src(), dst()); break;
        case 4: c.push_back(0x83), rr(alu, dst()), c.push_back(uint8_t(u32())); break;
        case 5: c.push_back(0x81), rr(alu, dst()), imm32(u(3) ? u(64) : u32()); break;
        case 6: c.push_back(uint8_t(alu << 3 | 3)), mem(dst()); break;
        case 7: c.push_back(uint8_t(alu << 3 | 1)), mem(src()); break;
        case 8: c.push_back(uint8_t((u(2) ? 0x40 : 0x48) + dst())); break;
        case 9: c.push_back(u(2) ? 0xf7 : 0xf6), rr(uint8_t(2 + u(2)), dst()); break;
        case 10: c.push_back(0x85), rr(src(), dst()); break;
        case 11:
            if (u(2))
                c.push_back(0x8b), mem(dst());
            else
                c.push_back(0x89), mem(src());
            break;
        case 12: c.push_back(uint8_t(0xb8 + dst())), imm32(u32()); break;
        case 13:
            c.push_back(0x0f), c.push_back(uint8_t(0xb6 + u(2) + 8 * u(2))), rr(dst(), src());
            break;
        case 14: {
            static const uint8_t ops[] = {0, 1, 2, 3, 4, 5, 7};
            const uint8_t k = u(4) == 0 ? 1 : uint8_t(u(33));
            switch (u(4)) {
            case 0: c.push_back(0xc1), rr(ops[u(7)], dst()), c.push_back(k); break;
            case 1: c.push_back(0xd3), rr(ops[u(7)], dst()); break;
            case 2: c.push_back(0xc0), rr(ops[u(7)], uint8_t(u(8) & 3)), c.push_back(k); break;
            default: c.push_back(0xd1), rr(ops[u(7)], dst()); break;
            }
            break;
        }
        case 15: c.push_back(0x0f), c.push_back(uint8_t(0x40 + u(16))), rr(dst(), src()); break;
        case 16:
            c.push_back(0x0f), c.push_back(uint8_t(0x90 + u(16))), rr(0, uint8_t(dst() & 3));
            break;
        case 17:
            switch (u(4)) {
            case 0: c.push_back(0x0f), c.push_back(0xaf), rr(dst(), src()); break;
            case 1: c.push_back(0x6b), rr(dst(), src()), c.push_back(uint8_t(u32())); break;
            default: c.push_back(0xf7), rr(uint8_t(4 + u(2)), src()); break;
            }
            break;
        case 18: // lea r, [base + index*s + disp8]
            c.push_back(0x8d), c.push_back(uint8_t(0x44 | dst() << 3));
            c.push_back(uint8_t(u(4) << 6 | dst() << 3 | src())), c.push_back(uint8_t(u32()));
            break;
        case 19:
            switch (u(4)) {
            case 0: c.push_back(0x87), rr(dst(), dst()); break;
            case 1: c.push_back(0x0f), c.push_back(uint8_t(0xc8 + dst())); break;
            case 2: c.push_back(0x0f), c.push_back(uint8_t(0xbc + u(2))), rr(dst(), src()); break;
            default:
                c.push_back(0x0f), c.push_back(uint8_t(0xa4 + 8 * u(2))), rr(src(), dst());
                c.push_back(uint8_t(u(32)));
                break;
            }
            break;
        case 20: c.push_back(uint8_t(0x50 + src())), c.push_back(uint8_t(0x58 + dst())); break;
        case 21: c.push_back(u(2) ? 0x99 : 0x98); break;
        case 22: c.push_back(u(2) ? 0xf9 : 0xf8 + uint8_t(u(2)) * 5); break; // stc / clc / cmc
        default: // jcc: a conditional exit in the middle of the region
            c.push_back(0x0f), c.push_back(uint8_t(0x80 + u(16))), imm32(0x100 + u(64));
            break;
        }
    }

  private:
    std::mt19937_64 rng_;
};

GuestRun random_state(Gen& g) {
    GuestRun s;
    for (unsigned i = 0; i < 8; ++i)
        s.cpu.gpr[i] = g.u(4) == 0 ? g.u(3) : g.u(4) == 0 ? 0x80000000u - g.u(2) : g.u32();
    s.cpu.gpr[x86::ESP] = kData + 0x800;
    s.cpu.gpr[x86::EBP] = kData + 0x100;
    s.cpu.set_eflags(g.u32(), x86::eflags::kArith);
    for (uint8_t& b : s.data)
        b = uint8_t(g.u32());
    return s;
}

} // namespace

TEST_CASE("backend: random instruction sequences match the interpreter", "[backend][random]") {
    vliw::Config cfg;
    cfg.memory.size_mb = 4;
    vliw::Machine m(cfg, vliw::Machine::Backend::Plain);
    vliw::Config eff = vliw::load_config("efficeon");
    eff.memory.size_mb = 4;
    vliw::Machine me(eff, vliw::Machine::Backend::Plain);
    Gen g(0xc0de);
    unsigned cases = 0, side_exits = 0, insns = 0, molecules = 0, atoms = 0;
    for (unsigned n = 0; n < 12000; ++n) {
        std::vector<uint8_t> code;
        const unsigned len = 1 + g.u(12);
        for (unsigned k = 0; k < len; ++k)
            g.insn(code);
        const GuestRun in = random_state(g);
        morph::Region r = build_test_region(code);
        MachineResult res = run_translated(r, in, (n & 1) ? me : m);
        INFO("case " << n << "\n" << res.tr.listing);
        REQUIRE(res.tr.ok());
        INFO(vliw::to_string(res.rec));
        REQUIRE(res.rec.reason == vliw::ExitReason::Exit);
        GuestRun want;
        REQUIRE(run_interp(code, in, r.exits[res.rec.code].guest_insns, want));
        REQUIRE(diff_runs(want, res.after) == "");
        ++cases;
        side_exits += res.rec.code + 1u != r.exits.size();
        insns += unsigned(r.insns.size());
        molecules += res.tr.molecules;
        atoms += res.tr.atoms;
    }
    std::printf("backend random: %u cases (%u left by a side exit), %u guest insns, %.2f "
                "atoms/molecule, %.2f molecules/insn\n",
                cases, side_exits, insns, double(atoms) / molecules, double(molecules) / insns);
    CHECK(cases == 12000);
}

TEST_CASE("backend: idiom figures (atoms per molecule, molecules per instruction)",
          "[backend][golden]") {
    struct Idiom {
        const char* name;
        std::vector<uint8_t> code;
    };
    const Idiom idioms[] = {
        {"add eax, ebx", {0x01, 0xd8}},
        {"add eax, [ebp+8]", {0x03, 0x45, 0x08}},
        {"cmp eax, ebx ; jl", {0x39, 0xd8, 0x0f, 0x8c, 0x00, 0x01, 0x00, 0x00}},
        {"inc ecx ; cmp ecx, edx ; jnz (loop)",
         {0x41, 0x39, 0xd1, 0x0f, 0x85, 0x00, 0x01, 0x00, 0x00}},
        {"mov eax, [ebp+4] ; add eax, [ebp+8] ; mov [ebp+12], eax",
         {0x8b, 0x45, 0x04, 0x03, 0x45, 0x08, 0x89, 0x45, 0x0c}},
        {"shl eax, 2 ; sar ebx, 3", {0xc1, 0xe0, 0x02, 0xc1, 0xfb, 0x03}},
        {"add al, bl (8-bit)", {0x00, 0xd8}},
        {"push ebx ; pop ecx", {0x53, 0x59}},
        {"test eax, eax ; setz cl ; cmovnz edx, esi",
         {0x85, 0xc0, 0x0f, 0x94, 0xc1, 0x0f, 0x45, 0xd6}},
        {"adc eax, ebx", {0x11, 0xd8}},
        {"imul eax, ebx", {0x0f, 0xaf, 0xc3}},
    };
    vliw::Config cfg;
    for (const Idiom& i : idioms) {
        morph::Region r = build_test_region(i.code);
        morph::Translation t = morph::translate(r, cfg, kCodeBase);
        REQUIRE(t.ok());
        std::printf(
            "idiom %-58s %2u insn  %2u molecules  %2u atoms  %.2f atoms/mol  %.2f mol/insn\n",
            i.name, t.guest_insns, t.molecules, t.atoms, double(t.atoms) / t.molecules,
            double(t.molecules) / t.guest_insns);
    }
}
