// The back end's FP register class (morph/src/backend: roles, schedule,
// regalloc, encode): atoms over virtual FP registers, scheduled and
// allocated to the FP temporaries f8..f31 beside the guest's x87 registers
// f0..f7, give the values of the same atoms run one per molecule on
// physical registers (the machine's FP atoms are checked against the host
// x87 in test_x87_atoms.cpp); too many live FP values is a clean failure,
// not a wrong allocation.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "../../morph/src/backend/encode.hpp"
#include "vliw/machine.hpp"

namespace {

using namespace cm::morph::backend;
using cm::vliw::Opcode;

constexpr uint32_t kData = 0x4000, kCode = 0x100000;

struct Builder {
    Selected s;
    RegId fresh() { return s.next_virt++; }
    VAtom& put(Opcode op, RegId rd = kNoReg, RegId rs = kNoReg, RegId rt = kNoReg) {
        VAtom v;
        v.a.op = op;
        v.rd = rd;
        v.rs = rs;
        v.rt = rt;
        s.atoms.push_back(v);
        return s.atoms.back();
    }
    void exit() {
        VAtom& e = put(Opcode::EXIT);
        e.kind = VAtom::Kind::Exit;
    }
};

/// n doubles at kData, then a program: load them into n FP temporaries
/// (all live at once), combine them pairwise with fadd/fmul/fsub into a
/// running value kept in guest x87 register f0 and a second one in a
/// temporary stored to memory at the end, and convert one to an integer.
Builder program(unsigned n) {
    Builder b;
    const RegId base = b.fresh();
    b.put(Opcode::LI, base).a.imm = int32_t(kData);
    std::vector<RegId> v(n);
    for (unsigned i = 0; i < n; ++i) {
        const RegId a = b.fresh();
        b.put(Opcode::ADDI, a, base).a.imm = int32_t(8 * i);
        v[i] = b.fresh();
        b.put(Opcode::FLD, v[i], a).a.size = 1; // .d
    }
    RegId acc = v[0];
    for (unsigned i = 1; i < n; ++i) {
        const RegId t = b.fresh();
        const Opcode op = i % 3 == 0 ? Opcode::FADD : i % 3 == 1 ? Opcode::FMUL : Opcode::FSUB;
        b.put(op, t, acc, v[n - i]); // reads the loads in reverse: all stay live
        acc = t;
    }
    b.put(Opcode::FADD, kFpr0 + 0, acc, kFpr0 + 1); // guest x87 R0 = acc + R1
    const RegId out = b.fresh();
    b.put(Opcode::ADDI, out, base).a.imm = 0x400;
    b.put(Opcode::FST, kNoReg, out, acc).a.size = 1;
    b.put(Opcode::F2IZ, 3, acc); // guest EBX
    b.exit();
    return b;
}

struct Result {
    long double f0;
    uint32_t ebx;
    std::vector<uint8_t> mem;
};

Result run(const std::vector<cm::vliw::Molecule>& mols, const std::vector<double>& in) {
    cm::vliw::Machine m(cm::vliw::Config{}, cm::vliw::Machine::Backend::Plain);
    std::vector<uint8_t> code;
    for (const cm::vliw::Molecule& mo : mols)
        cm::vliw::encode_molecule(mo, code);
    m.write_memory(kCode, code.data(), code.size());
    m.write_memory(kData, in.data(), 8 * in.size());
    m.set_fpr(1, 0.25L);
    const cm::vliw::ExitRecord r = m.run(kCode, 1'000'000);
    REQUIRE(r.reason == cm::vliw::ExitReason::Exit);
    Result res{m.fpr(0), m.gpr(3), std::vector<uint8_t>(0x500)};
    m.read_memory(kData, res.mem.data(), res.mem.size());
    return res;
}

/// The reference: every atom in its own molecule, virtual registers mapped
/// one to one onto physical ones (only possible for small programs).
std::vector<cm::vliw::Molecule> sequential(const Selected& s) {
    std::vector<cm::vliw::Molecule> mols;
    for (const VAtom& v : s.atoms) {
        const Roles ro = roles(v.a);
        auto phys = [&](RegId r, bool fp) -> uint8_t {
            if (r == kNoReg) return 0;
            if (!is_virt(r)) return uint8_t(is_fpr(r) ? r - kFpr0 : r);
            const unsigned k = r - kFirstVirt;
            return uint8_t(fp ? 8 + k : 11 + k);
        };
        cm::vliw::Molecule m;
        cm::vliw::Atom a = v.a;
        a.rd = phys(v.rd, ro.rd_fp);
        a.rs = phys(v.rs, ro.rs_fp);
        a.rt = phys(v.rt, ro.rt_fp);
        if (v.kind == VAtom::Kind::Exit) m.commit = true;
        m.atoms.push_back(a);
        mols.push_back(m);
    }
    return mols;
}

} // namespace

TEST_CASE("backend: FP temporaries are scheduled and allocated to f8..f31", "[backend][fp]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> d(-4.0, 4.0);
    // 6: the virtual numbers are small enough for the one-to-one reference.
    const unsigned n = 6;
    Builder b = program(n);
    REQUIRE(b.s.next_virt - kFirstVirt < 20);
    const Selected orig = b.s;
    std::vector<SchedMolecule> mols = schedule(b.s, cm::vliw::Config{});
    REQUIRE(allocate(b.s, mols));
    for (size_t i = 0; i < b.s.atoms.size(); ++i) {
        const VAtom& v = b.s.atoms[i];
        const Roles ro = roles(v.a);
        // Every register is physical now, in the class of its field.
        for (auto [on, fp, r] : {std::tuple{ro.rd_def || ro.rd_use, ro.rd_fp, v.rd},
                                 std::tuple{ro.rs_use, ro.rs_fp, v.rs}, std::tuple{ro.rt_use, ro.rt_fp, v.rt}}) {
            if (!on) continue;
            REQUIRE(!is_virt(r));
            CHECK(is_fpr(r) == fp);
        }
        // FP temporaries never land on the guest's x87 registers.
        if (ro.rd_def && ro.rd_fp && is_virt(orig.atoms[i].rd)) CHECK(v.rd >= kFpr0 + kGuestFprs);
    }
    const Layout L = encode(b.s, mols, kCode);
    CHECK(L.mols.size() < orig.atoms.size()); // scheduled: several atoms per molecule
    for (int round = 0; round < 20; ++round) {
        std::vector<double> in(n);
        for (double& x : in) x = d(rng);
        const Result want = run(sequential(orig), in), got = run(L.mols, in);
        INFO("round " << round);
        CHECK(std::memcmp(&want.f0, &got.f0, 10) == 0);
        CHECK(want.ebx == got.ebx);
        CHECK(want.mem == got.mem);
    }
}

TEST_CASE("backend: more live FP values than FP temporaries fails cleanly", "[backend][fp]") {
    // 24 temporaries (f8..f31): 24 values all live at once fit, 26 do not.
    Builder fits = program(24), too_many = program(26);
    std::vector<SchedMolecule> m1 = schedule(fits.s, cm::vliw::Config{});
    CHECK(allocate(fits.s, m1));
    std::vector<SchedMolecule> m2 = schedule(too_many.s, cm::vliw::Config{});
    CHECK_FALSE(allocate(too_many.s, m2));
}
