// The back end: regions lifted from IA-32 bytes, translated to molecules,
// run on the VLIW machine and compared with the interpreter.
#include <catch2/catch.hpp>

#include <cstdio>

#include "morph/optimize.hpp"
#include "test_backend_harness.hpp"
#include "x86/state.hpp"

using namespace cm;
using namespace cm::test;
using x86::Flag;

namespace {

GuestRun state(std::initializer_list<uint32_t> regs, uint32_t eflags = 0) {
    GuestRun g;
    unsigned i = 0;
    for (uint32_t v : regs)
        g.cpu.gpr[i++] = v;
    g.cpu.gpr[x86::EBP] = kData + 0x100;
    g.cpu.set_eflags(eflags, x86::eflags::kArith);
    for (uint32_t k = 0; k < kDataSize; ++k)
        g.data[k] = uint8_t(k * 7 + 3);
    return g;
}

/// Translates and runs `code`, interprets the same instructions, and checks
/// that both end in the same state. Returns the machine's result.
MachineResult same(const std::vector<uint8_t>& code, const GuestRun& in,
                   const vliw::Config& cfg = vliw::Config{},
                   vliw::Machine::Backend be = vliw::Machine::Backend::Plain, bool optimized = false) {
    morph::Region r = build_test_region(code);
    if (optimized) morph::optimize(r);
    MachineResult m = run_translated(r, in, cfg, be);
    INFO(m.tr.listing);
    REQUIRE(m.tr.ok());
    INFO(vliw::to_string(m.rec));
    REQUIRE(m.rec.reason == vliw::ExitReason::Exit);
    REQUIRE(m.rec.code < r.exits.size());
    GuestRun want;
    REQUIRE(run_interp(code, in, r.exits[m.rec.code].guest_insns, want));
    CHECK(diff_runs(want, m.after) == "");
    return m;
}

} // namespace

TEST_CASE("backend: add and adc set registers and flags like the interpreter", "[backend]") {
    // add eax, ebx ; adc ecx, edx ; sub esi, 5 ; inc edi
    std::vector<uint8_t> code = {0x01, 0xd8, 0x11, 0xd1, 0x83, 0xee, 0x05, 0x47};
    same(code, state({0x7fffffff, 0xffffffff, 1, 1, 0, 0, 3, 0xffffffff}));
    same(code, state({1, 2, 3, 4, 0, 0, 6, 7}, x86::eflags::CF));
}

TEST_CASE("backend: 8- and 16-bit registers merge into the full registers", "[backend]") {
    // add al, bh ; mov ah, cl ; add cx, dx ; movzx edx, ah ; movsx esi, cx
    std::vector<uint8_t> code = {0x00, 0xf8, 0x88, 0xcc, 0x66, 0x01, 0xd1,
                                 0x0f, 0xb6, 0xd4, 0x0f, 0xbf, 0xf1};
    same(code, state({0x12345678, 0x9abcdef0, 0x0f0f8001, 0x11223344}));
}

TEST_CASE("backend: loads and stores through the data page", "[backend]") {
    // mov eax, [ebp+8] ; add [ebp+12], eax ; mov byte [ebp+1], 0x55 ; mov bx, [ebp+12]
    // push eax ; pop ecx
    std::vector<uint8_t> code = {0x8b, 0x45, 0x08, 0x01, 0x45, 0x0c, 0xc6, 0x45,
                                 0x01, 0x55, 0x66, 0x8b, 0x5d, 0x0c, 0x50, 0x59};
    GuestRun in = state({0, 0, 0, 0, kData + 0x800});
    same(code, in);
}

TEST_CASE("backend: cmp/jcc exits both ways; setcc and cmov", "[backend]") {
    // cmp eax, ebx ; setl cl ; cmovb edx, esi ; jz +0x20 ; inc eax
    std::vector<uint8_t> code = {0x39, 0xd8, 0x0f, 0x9c, 0xc1, 0x0f, 0x42, 0xd6,
                                 0x0f, 0x84, 0x20, 0x00, 0x00, 0x00, 0x40};
    MachineResult taken = same(code, state({5, 0, 0, 5, 0, 0, 9}));
    CHECK(taken.rec.code == 0);
    CHECK(taken.after.cpu.eip == kGuestCode + 14 + 0x20);
    MachineResult fall = same(code, state({4, 0, 0, 5, 0, 0, 9}));
    CHECK(fall.rec.code == 1);
    CHECK(fall.after.cpu.gpr[x86::EAX] == 5);
    REQUIRE(taken.tr.stubs.size() == 2);
    CHECK(taken.tr.stubs[0].conditional != taken.tr.stubs[1].conditional);
}

TEST_CASE("backend: compares with zero and jnb/jae give the interpreter's flags and exits", "[backend]") {
    // cmp byte [ebp+1], 0 ; jnz +0x10 ; add eax, 0 ; sub ebx, 0 ; inc edi
    // (optimized: the flags of x - 0 and x + 0 fold, a test atom remains)
    std::vector<uint8_t> zero = {0x80, 0x7d, 0x01, 0x00, 0x0f, 0x85, 0x10, 0x00, 0x00, 0x00,
                                 0x83, 0xc0, 0x00, 0x83, 0xeb, 0x00, 0x47};
    for (uint8_t byte : {0x00, 0x01, 0x80, 0x10}) {
        for (uint32_t eax : {0u, 0x80000000u, 0x10u, 0xffffffffu}) {
            GuestRun in = state({eax, eax ^ 0x8000000fu, 0, 0, 0, 0, 0, 7},
                                x86::eflags::CF | x86::eflags::AF | x86::eflags::OF);
            in.data[0x101] = byte;
            MachineResult m = same(zero, in, vliw::Config{}, vliw::Machine::Backend::Plain, true);
            CHECK(m.rec.code == (byte ? 0u : 1u));
        }
    }
    // cmp edx, esi ; jae +0x10 ; cmp ecx, 0 ; jl +0x10 ; inc edi
    std::vector<uint8_t> unsigned_ge = {0x39, 0xf2, 0x0f, 0x83, 0x10, 0x00, 0x00, 0x00, 0x83, 0xf9,
                                        0x00, 0x0f, 0x8c, 0x10, 0x00, 0x00, 0x00, 0x47};
    for (uint32_t edx : {0u, 5u, 0x80000000u})
        for (uint32_t ecx : {0u, 1u, 0xfffffff0u}) {
            MachineResult m = same(unsigned_ge, state({0, ecx, edx, 0, 0, 0, 5, 0}), vliw::Config{},
                                   vliw::Machine::Backend::Plain, true);
            const unsigned want = edx >= 5 ? 0u : int32_t(ecx) < 0 ? 1u : 2u;
            CHECK(m.rec.code == want);
        }
}

TEST_CASE("backend: ret is an indirect exit with the target in r63", "[backend]") {
    std::vector<uint8_t> code = {0x01, 0xc8, 0xc3}; // add eax, ecx ; ret
    GuestRun in = state({1, 2, 0, 0, kData + 0x40});
    in.data[0x40] = 0x78, in.data[0x41] = 0x56, in.data[0x42] = 0x34, in.data[0x43] = 0x12;
    MachineResult m = same(code, in);
    CHECK(m.after.cpu.eip == 0x12345678);
    CHECK(m.after.cpu.gpr[x86::ESP] == kData + 0x44);
}

TEST_CASE("backend: shifts, rotates, mul, div, bit scans", "[backend]") {
    // shl eax, 3 ; sar ebx, cl ; rol dl, 1 ; rcr esi, 1 ; shld edi, eax, 5 ;
    // imul ecx, ebx ; bsr edx, eax ; bswap esi
    std::vector<uint8_t> code = {0xc1, 0xe0, 0x03, 0xd3, 0xfb, 0xd0, 0xc2, 0xd1, 0xde, 0x0f, 0xa4,
                                 0xc7, 0x05, 0x0f, 0xaf, 0xcb, 0x0f, 0xbd, 0xd0, 0x0f, 0xce};
    same(code, state({0x80000011, 3, 0x81, 0x80000000, 0, 0, 0x12345679, 0x0fedcba9}));
    same(code, state({0, 0, 0, 7, 0, 0, 1, 2}, x86::eflags::CF));
    // mul ebx ; div ecx ; cwd ; idiv si (16-bit) ; mov ah, 1 ; div bl (8-bit) ; imul bl
    std::vector<uint8_t> dv = {0xf7, 0xe3, 0xf7, 0xf1, 0x66, 0x99, 0x66, 0xf7,
                               0xfe, 0xb4, 0x01, 0xf6, 0xf3, 0xf6, 0xeb};
    same(dv, state({100000, 0x10000, 0, 0x1ff, 0, 0, 0xfff3}));
}

TEST_CASE("backend: divide error faults and rollback restores the entry state", "[backend]") {
    // add eax, 1 ; mov [ebp], eax ; div ecx (ecx = 0)
    std::vector<uint8_t> code = {0x83, 0xc0, 0x01, 0x89, 0x45, 0x00, 0xf7, 0xf1};
    GuestRun in = state({10, 0, 0, 0});
    morph::Region r = build_test_region(code);
    MachineResult m = run_translated(r, in);
    REQUIRE(m.tr.ok());
    CHECK(m.rec.reason == vliw::ExitReason::DivideError);
    CHECK(diff_runs(in, m.after) == "");
    GuestRun out;
    x86::Fault f;
    CHECK_FALSE(run_interp(code, in, 3, out, &f));
    CHECK(f == x86::Fault::DivideError);
    // 8-bit quotient overflow: ax = 0x1000 / 2.
    std::vector<uint8_t> ovf = {0xb3, 0x02, 0xf6, 0xf3}; // mov bl, 2 ; div bl
    MachineResult m2 = run_translated(build_test_region(ovf), state({0x1000}));
    CHECK(m2.rec.reason == vliw::ExitReason::DivideError);
}

TEST_CASE("backend: a memory fault rolls back", "[backend]") {
    std::vector<uint8_t> code = {0x40, 0x8b, 0x45, 0x08}; // inc eax ; mov eax, [ebp+8]
    GuestRun in = state({10});
    MachineResult m = run_translated(build_test_region(code), in, vliw::Config{},
                                     vliw::Machine::Backend::Plain, true);
    REQUIRE(m.tr.ok());
    CHECK(m.rec.reason == vliw::ExitReason::MemoryFault);
    CHECK(m.rec.fault_addr == kData + 0x108);
    CHECK(m.after.cpu.gpr[x86::EAX] == 10);
}

TEST_CASE("backend: the SystemC machine runs a translation the same way", "[backend][systemc]") {
    std::vector<uint8_t> code = {0x01, 0xd8, 0x89, 0x45, 0x04, 0x39, 0xc8, 0x0f, 0x95, 0xc2};
    same(code, state({1, 2, 3, 4}), vliw::Config{}, vliw::Machine::Backend::SystemC);
}

TEST_CASE("backend: efficeon and two-slot molecules", "[backend]") {
    std::vector<uint8_t> code = {0x01, 0xd8, 0x8b, 0x4d, 0x04, 0x29, 0xca, 0x0f, 0x94, 0xc3};
    vliw::Config eff = vliw::load_config("efficeon");
    same(code, state({1, 2, 3, 4}), eff);
    vliw::Config narrow;
    narrow.vliw.molecule_atoms = 2;
    same(code, state({1, 2, 3, 4}), narrow);
}

TEST_CASE("backend: unsupported ops fail with the op and instruction", "[backend]") {
    std::vector<uint8_t> code = {0x40, 0x9c}; // inc eax ; pushf
    morph::Region r = build_test_region(code);
    morph::Translation t = morph::translate(r, vliw::Config{}, kCodeBase);
    REQUIRE_FALSE(t.ok());
    CHECK(t.failure->why == morph::BackendFailure::Why::UnsupportedOp);
    CHECK(t.failure->insn == 1);
    CHECK(t.failure->op == x86::IrOp::GetEflags);
}

namespace {
// Three copies of an unrolled `a[i] = b[i] + c[i]` body, each ending in its
// loop exit (jz, a side exit):
//   mov edx, [esi] ; add edx, [edi] ; mov [ebx], edx ; add esi, 4 ; add edi, 4
//   add ebx, 4 ; dec ecx ; jz out
/// The region after the optimizer with the CMS's first-translation options
/// (alias speculation; loads may be hoisted above one side exit).
morph::Region optimized(const std::vector<uint8_t>& code) {
    morph::Region r = build_test_region(code);
    morph::OptOptions o;
    o.hoist_side_exits = 1;
    morph::optimize(r, o);
    return r;
}

std::vector<uint8_t> unrolled_add() {
    const std::vector<uint8_t> body = {0x8b, 0x16, 0x03, 0x17, 0x89, 0x13, 0x83, 0xc6, 0x04, 0x83,
                                       0xc7, 0x04, 0x83, 0xc3, 0x04, 0x49, 0x74, 0x40};
    std::vector<uint8_t> code;
    for (int k = 0; k < 3; ++k)
        code.insert(code.end(), body.begin(), body.end());
    return code;
}
} // namespace

TEST_CASE("backend: loads run above side exits; exit stubs set the guest registers",
          "[backend]") {
    // Three copies of a summing loop's body, each ending in its exit:
    //   add eax, [esi] ; lea esi, [esi+4] ; dec ecx ; jz out
    const std::vector<uint8_t> body = {0x03, 0x06, 0x8d, 0x76, 0x04, 0x49, 0x74, 0x40};
    std::vector<uint8_t> code;
    for (int k = 0; k < 3; ++k)
        code.insert(code.end(), body.begin(), body.end());
    for (uint32_t ecx : {1u, 2u, 3u, 9u}) {
        INFO("ecx " << ecx);
        GuestRun in = state({5, ecx, 0, 0, 0, 0, kData + 0x200});
        const morph::Region r = optimized(code);
        MachineResult m = run_translated(r, in);
        INFO(m.tr.listing);
        REQUIRE(m.tr.ok());
        REQUIRE(m.rec.reason == vliw::ExitReason::Exit);
        REQUIRE(m.rec.code < r.exits.size());
        GuestRun want;
        REQUIRE(run_interp(code, in, r.exits[m.rec.code].guest_insns, want));
        CHECK(diff_runs(want, m.after) == "");
        // Molecule lines of the listing end in "# i<guest insn> ...".
        std::vector<std::string> lines;
        for (size_t p = 0, q; p < m.tr.listing.size(); p = q + 1) {
            q = m.tr.listing.find('\n', p);
            if (q == std::string::npos) q = m.tr.listing.size();
            lines.push_back(m.tr.listing.substr(p, q - p) + " ");
        }
        auto first = [&](const char* atom, std::initializer_list<const char*> insns) {
            for (size_t k = 0; k < lines.size(); ++k)
                if (lines[k][0] != '#' && lines[k].find(atom) != std::string::npos)
                    for (const char* i : insns)
                        if (lines[k].find(std::string(" ") + i + " ") != std::string::npos) return k;
            return lines.size();
        };
        // Each later copy's load (guest instructions 4, 8) starts no later
        // than the molecule of the exit branch before it (3, 7).
        const size_t branch = first("b", {"i3"}), branch2 = first("b", {"i7"});
        REQUIRE(branch2 < lines.size());
        CHECK(first("ld", {"i4"}) <= branch);
        CHECK(first("ld", {"i8"}) <= branch2);
        // The second copy's esi (held in a temporary) reaches its exit
        // through the stub.
        CHECK(first("mov r6, r", {"stub"}) < lines.size());
    }
}

TEST_CASE("backend: a load run above a taken side exit faults and rolls back", "[backend]") {
    // The first copy exits (ecx = 1); the second copy's load from [esi + 4]
    // is in no-access memory. The interpreter takes the exit without
    // touching it; the machine, having loaded early, faults and rolls back
    // (the CMS then interprets and counts a speculation fault).
    const std::vector<uint8_t> code = unrolled_add();
    const uint32_t esi = kData + 0x7fc;
    GuestRun in = state({0, 1, 0, kData + 0x100, 0, 0, esi, kData + 0x300});
    GuestRun want;
    REQUIRE(run_interp(code, in, 8, want));
    CHECK(want.cpu.gpr[x86::ESI] == esi + 4);
    vliw::Machine machine{vliw::Config{}, vliw::Machine::Backend::Plain};
    machine.set_no_access(kData + 0x800, 0x100);
    MachineResult m = run_translated(optimized(code), in, machine);
    INFO(m.tr.listing);
    REQUIRE(m.tr.ok());
    CHECK(m.rec.reason == vliw::ExitReason::MemoryFault);
    CHECK(m.rec.fault_addr == kData + 0x800);
    CHECK(diff_runs(in, m.after) == "");
}
