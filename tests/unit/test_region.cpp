// Regions from small hand-assembled byte sequences mapped into a
// GuestMemory: what the builder includes and where it stops, the
// reference executor's exits and rollback, and what each optimizer pass
// does to typical idioms.
#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <vector>

#include "morph/interpreter.hpp"
#include "morph/optimize.hpp"
#include "morph/region_builder.hpp"
#include "morph/region_exec.hpp"

using namespace cm::x86;
using namespace cm::morph;

namespace {

class TestEnv : public GuestEnv {
  public:
    uint64_t rdtsc() override { return 1234; }
};

struct Guest {
    static constexpr uint32_t kCode = 0x10000;
    static constexpr uint32_t kData = 0x20000;

    CpuState cpu;
    GuestMemory mem;
    TestEnv env;
    std::unique_ptr<Interpreter> interp;

    explicit Guest(std::initializer_list<uint8_t> code) {
        std::vector<uint8_t> v(code);
        mem.map(kCode, GuestMemory::kPageSize, GuestMemory::RX);
        mem.poke(kCode, v.data(), v.size());
        mem.map(kData, 2 * GuestMemory::kPageSize, GuestMemory::RW);
        cpu.eip = kCode;
        cpu.gpr[ESP] = kData + 0x1800;
        cpu.gpr[EBX] = kData + 0x100;
        cpu.gpr[ESI] = kData + 0x200;
        interp = std::make_unique<Interpreter>(cpu, mem, env);
    }
    Region build(RegionLimits lim = {}) { return build_region(kCode, mem, *interp, lim); }
    RegionResult exec(const Region& r) {
        cpu.eip = r.entry;
        return exec_region(r, cpu, mem, env);
    }
    uint32_t read32(uint32_t a) {
        uint32_t v = 0;
        REQUIRE(mem.read(a, 4, v));
        return v;
    }
};

size_t count_op(const Region& r, IrOp op) {
    return size_t(std::count_if(r.code.begin(), r.code.end(), [op](const RInst& i) {
        return i.ctl == RegionCtl::None && i.op == op;
    }));
}

const RInst* first_op(const Region& r, IrOp op) {
    for (const RInst& i : r.code)
        if (i.ctl == RegionCtl::None && i.op == op) return &i;
    return nullptr;
}

} // namespace

TEST_CASE("region: straight-line code ends before int3 with an interp exit", "[region]") {
    Guest g({0xb8, 0x01, 0, 0, 0, 0x01, 0xd8, 0xcc}); // mov eax, 1; add eax, ebx; int3
    Region r = g.build();
    REQUIRE(r.validate().empty());
    REQUIRE(r.insns.size() == 2);
    REQUIRE(r.exits.size() == 1);
    CHECK(r.exits[0].kind == ExitKind::Interp);
    CHECK(r.exits[0].target == Guest::kCode + 7);
    CHECK(r.exits[0].guest_insns == 2);
    REQUIRE(r.ranges.size() == 1);
    CHECK(r.ranges[0] == std::pair<uint32_t, uint32_t>{Guest::kCode, Guest::kCode + 7});
    CHECK(r.dump().find("add eax, ebx") != std::string::npos);
    g.cpu.gpr[EBX] = 41;
    RegionResult res = g.exec(r);
    CHECK(res.outcome == RegionOutcome::Exit);
    CHECK(res.guest_insns == 2);
    CHECK(g.cpu.gpr[EAX] == 42);
    CHECK(g.cpu.eip == Guest::kCode + 7);
}

TEST_CASE("region: a hot loop branch is followed and its back edge ends the region", "[region]") {
    // L: dec ecx; jnz L; mov eax, 1; int3
    Guest g({0x49, 0x75, 0xfd, 0xb8, 0x01, 0, 0, 0, 0xcc});
    g.cpu.gpr[ECX] = 10;
    g.interp->run(100); // profile: jnz taken 9 times, not taken once
    RegionLimits lim;
    lim.unroll_loops = false;
    Region r = g.build(lim);
    REQUIRE(r.validate().empty());
    REQUIRE(r.insns.size() == 2);
    REQUIRE(r.exits.size() == 2);
    CHECK(r.exits[0].kind == ExitKind::Direct); // the cold fall-through side
    CHECK(r.exits[0].target == Guest::kCode + 3);
    CHECK(r.exits[1].kind == ExitKind::Direct); // back to the loop head
    CHECK(r.exits[1].target == Guest::kCode);
    g.cpu.gpr[ECX] = 5;
    RegionResult res = g.exec(r);
    CHECK(res.exit == 1);
    CHECK(g.cpu.eip == Guest::kCode);
    CHECK(g.cpu.gpr[ECX] == 4);
    g.cpu.gpr[ECX] = 1;
    res = g.exec(r);
    CHECK(res.exit == 0);
    CHECK(res.guest_insns == 2);
    CHECK(g.cpu.eip == Guest::kCode + 3);
}

namespace {

/// Runs `r` with the reference executor from g's state and the interpreter
/// for as many guest instructions from the same state in `ref` (a second
/// guest with the same code, profile-free), and compares the results.
void check_against_interpreter(Guest& g, Guest& ref, const Region& r) {
    ref.cpu = g.cpu;
    ref.cpu.eip = r.entry;
    RegionResult res = g.exec(r);
    REQUIRE(res.outcome == RegionOutcome::Exit);
    REQUIRE(res.guest_insns > 0);
    const uint64_t before = ref.interp->stats().instructions;
    ref.interp->run(res.guest_insns);
    CHECK(ref.interp->stats().instructions - before == res.guest_insns);
    CHECK(g.cpu.eip == ref.cpu.eip);
    for (int i = 0; i < 8; ++i)
        CHECK(g.cpu.gpr[i] == ref.cpu.gpr[i]);
    CHECK((g.cpu.get_eflags() & eflags::kArith) == (ref.cpu.get_eflags() & eflags::kArith));
    for (uint32_t a = Guest::kData; a < Guest::kData + 0x400; a += 4)
        CHECK(g.read32(a) == ref.read32(a));
}

} // namespace

TEST_CASE("region: a loop back to the entry is unrolled, each copy with its side exit", "[region]") {
    // L: dec ecx; jnz L; mov eax, 1; int3
    const std::initializer_list<uint8_t> code = {0x49, 0x75, 0xfd, 0xb8, 0x01, 0, 0, 0, 0xcc};
    Guest g(code);
    g.cpu.gpr[ECX] = 10;
    g.interp->run(100);
    RegionLimits lim;
    lim.max_insns = 7; // three copies of the two-instruction body; a fourth does not fit
    Region r = g.build(lim);
    REQUIRE(r.validate().empty());
    REQUIRE(r.insns.size() == 6);
    for (size_t i = 0; i < r.insns.size(); ++i)
        CHECK(r.insns[i].addr == Guest::kCode + (i % 2 ? 1u : 0u));
    REQUIRE(r.exits.size() == 4);
    for (unsigned c = 0; c < 3; ++c) {
        CHECK(r.exits[c].kind == ExitKind::Direct); // out of the loop, after copy c
        CHECK(r.exits[c].target == Guest::kCode + 3);
        CHECK(r.exits[c].guest_insns == 2 * (c + 1));
    }
    CHECK(r.exits[3].kind == ExitKind::Direct); // the last back edge: to the entry
    CHECK(r.exits[3].target == Guest::kCode);
    CHECK(r.exits[3].guest_insns == 6);
    REQUIRE(r.ranges.size() == 1); // the copies' bytes are listed once
    CHECK(r.ranges[0] == std::pair<uint32_t, uint32_t>{Guest::kCode, Guest::kCode + 3});

    Guest ref(code);
    for (uint32_t ecx : {1u, 2u, 3u, 4u, 9u}) {
        Region o = r;
        optimize(o);
        REQUIRE(o.validate().empty());
        g.cpu.gpr[ECX] = ecx;
        check_against_interpreter(g, ref, o);
    }
    lim.unroll_loops = false;
    CHECK(g.build(lim).insns.size() == 2);
}

TEST_CASE("region: unrolling stops at the copy that does not fit the stores", "[region]") {
    // L: mov [ebx], ecx; dec ecx; jnz L; int3
    Guest g({0x89, 0x0b, 0x49, 0x75, 0xfb, 0xcc});
    g.cpu.gpr[ECX] = 10;
    g.interp->run(100);
    RegionLimits lim;
    lim.max_stores = 3;
    Region r = g.build(lim);
    REQUIRE(r.validate().empty());
    CHECK(r.insns.size() == 9);
    CHECK(r.exits.back().target == Guest::kCode);
    CHECK(r.exits.back().guest_insns == 9);
    CHECK(count_op(r, IrOp::Store) == 3);
}

TEST_CASE("region: a region entered inside a loop is cut back to the back edge at a limit", "[region]") {
    // mov ecx, 10; jmp M; L: inc eax; inc ebx; M: inc edx; inc esi; dec ecx; jnz L; int3
    Guest g({0xb9, 0x0a, 0, 0, 0, 0xeb, 0x02, 0x40, 0x43, 0x42, 0x46, 0x49, 0x75, 0xf9, 0xcc});
    g.interp->run(1000);
    const uint32_t L = Guest::kCode + 7, M = Guest::kCode + 9;
    RegionLimits lim;
    lim.max_insns = 5; // would end after "inc eax", in the loop's middle
    Region r = build_region(M, g.mem, *g.interp, lim);
    REQUIRE(r.validate().empty());
    REQUIRE(r.insns.size() == 4);
    REQUIRE(r.exits.size() == 2);
    CHECK(r.exits[0].target == Guest::kCode + 14); // out of the loop
    CHECK(r.exits[1].kind == ExitKind::Direct);
    CHECK(r.exits[1].target == L); // the loop head, not a new point inside
    CHECK(r.exits[1].guest_insns == 4);
    // Room for a whole trip: it goes round to its own entry and ends there,
    // or, unrolling, goes on with more trips from there.
    lim = {};
    lim.unroll_loops = false;
    r = build_region(M, g.mem, *g.interp, lim);
    REQUIRE(r.validate().empty());
    CHECK(r.insns.size() == 6);
    CHECK(r.exits.back().target == M);
    r = build_region(M, g.mem, *g.interp, RegionLimits{});
    REQUIRE(r.validate().empty());
    CHECK(r.insns.size() == 60);
    CHECK(r.exits.back().target == M);
    CHECK(r.exits.back().guest_insns == 60);
}

TEST_CASE("region: without a profile the fall-through side is followed", "[region]") {
    Guest g({0x49, 0x75, 0xfd, 0xb8, 0x01, 0, 0, 0, 0xcc});
    Region r = build_region(Guest::kCode, g.mem, BlockLookup{}, RegionLimits{});
    REQUIRE(r.insns.size() == 3);
    CHECK(r.exits[0].target == Guest::kCode);
    CHECK(r.exits.back().kind == ExitKind::Interp);
}

TEST_CASE("region: direct jmp and call are followed, ret ends with an indirect exit", "[region]") {
    // jmp +2; (2 skipped bytes); mov eax, 2; call next; ret
    Guest g({0xeb, 0x02, 0xff, 0xff, 0xb8, 0x02, 0, 0, 0, 0xe8, 0, 0, 0, 0, 0xc3});
    Region r = g.build();
    REQUIRE(r.validate().empty());
    REQUIRE(r.insns.size() == 4);
    CHECK(r.ranges.size() == 2);
    REQUIRE(r.exits.size() == 1);
    CHECK(r.exits[0].kind == ExitKind::Indirect);
    CHECK(r.exits[0].guest_insns == 4);
    const uint32_t esp = g.cpu.gpr[ESP];
    RegionResult res = g.exec(r);
    CHECK(res.outcome == RegionOutcome::Exit);
    CHECK(g.cpu.eip == Guest::kCode + 14);
    CHECK(g.cpu.gpr[ESP] == esp);
    CHECK(g.cpu.gpr[EAX] == 2);

    // After optimization the pushed return address reaches ret: Direct.
    optimize(r);
    REQUIRE(r.validate().empty());
    CHECK(r.exits[0].kind == ExitKind::Direct);
    CHECK(r.exits[0].target == Guest::kCode + 14);
    CHECK(count_op(r, IrOp::Load) == 0);
}

TEST_CASE("region: instructions left to the interpreter", "[region]") {
    SECTION("int 0x80 first: no region") {
        Guest g({0xcd, 0x80});
        CHECK(g.build().empty());
    }
    SECTION("ud2 first: no region") {
        Guest g({0x0f, 0x0b});
        CHECK(g.build().empty());
    }
    SECTION("unmapped code: no region") {
        Guest g({0x90});
        CHECK(build_region(0x50000, g.mem, *g.interp, {}).empty());
    }
    const std::vector<std::vector<uint8_t>> enders = {
        {0xcd, 0x80}, // int 0x80
        {0xd9, 0xe8}, // fld1 (x87)
        {0x0f, 0xa2}, // cpuid
        {0x0f, 0x31}, // rdtsc
        {0xf3, 0xa4}, // rep movsb
        {0x9d},       // popf
        {0x9e},       // sahf
        {0x8e, 0xd8}, // mov ds, ax
        {0x0f, 0x0b}, // ud2
    };
    for (const auto& e : enders) {
        Guest g({0x40}); // inc eax, then the instruction under test
        g.mem.poke(Guest::kCode + 1, e.data(), e.size());
        Region r = g.build();
        INFO("opcode " << int(e[0]));
        REQUIRE(r.insns.size() == 1);
        CHECK(r.exits.back().kind == ExitKind::Interp);
        CHECK(r.exits.back().target == Guest::kCode + 1);
        CHECK(r.exits.back().guest_insns == 1);
    }
}

TEST_CASE("region: limits on instructions, stores and protected loads", "[region]") {
    // push eax; push ebx; push ecx; mov eax, [esi]; int3
    Guest g({0x50, 0x53, 0x51, 0x8b, 0x06, 0xcc});
    RegionLimits lim;
    lim.max_insns = 1;
    Region r = g.build(lim);
    CHECK(r.insns.size() == 1);
    CHECK(r.exits.back().kind == ExitKind::Direct);
    CHECK(r.exits.back().target == Guest::kCode + 1);
    lim = {};
    lim.max_stores = 2;
    r = g.build(lim);
    CHECK(r.insns.size() == 2);
    CHECK(r.exits.back().target == Guest::kCode + 2);
    lim = {};
    lim.max_protected_loads = 0;
    CHECK(g.build(lim).insns.size() == 4);
    lim.max_protected_loads = 1;
    CHECK(g.build(lim).insns.size() == 4);
    Guest h({0x50, 0x8b, 0x06, 0x8b, 0x0e, 0xcc}); // push eax; mov eax, [esi]; mov ecx, [esi]
    lim.max_protected_loads = 1;
    CHECK(h.build(lim).insns.size() == 2);
}

TEST_CASE("region: a fault rolls registers and memory back to the entry", "[region]") {
    // mov [ebx], eax; inc edx; mov ecx, [esi]; int3
    Guest g({0x89, 0x03, 0x42, 0x8b, 0x0e, 0xcc});
    Region r = g.build();
    REQUIRE(r.insns.size() == 3);
    g.cpu.gpr[EAX] = 0xdeadbeef;
    g.cpu.gpr[ESI] = 0x90000; // unmapped
    const CpuState before = g.cpu;
    const uint32_t old = g.read32(Guest::kData + 0x100);
    RegionResult res = g.exec(r);
    CHECK(res.outcome == RegionOutcome::Fault);
    CHECK(res.fault.kind == Fault::PageFault);
    CHECK(res.fault.eip == Guest::kCode + 3);
    CHECK(res.fault.addr == 0x90000);
    CHECK(res.fault_insn == 2);
    CHECK(g.read32(Guest::kData + 0x100) == old);
    CHECK(g.cpu.gpr[EDX] == before.gpr[EDX]);
    CHECK(g.cpu.eip == before.eip);
}

TEST_CASE("opt: redundant loads and store-to-load forwarding", "[region][opt]") {
    SECTION("two loads of [ebx]") {
        Guest g({0x8b, 0x03, 0x8b, 0x0b, 0xcc}); // mov eax, [ebx]; mov ecx, [ebx]
        Region r = g.build();
        CHECK(count_op(r, IrOp::Load) == 2);
        optimize(r);
        CHECK(count_op(r, IrOp::Load) == 1);
    }
    SECTION("push eax; pop ecx") {
        Guest g({0x50, 0x59, 0xcc});
        Region r = g.build();
        optimize(r);
        CHECK(count_op(r, IrOp::Load) == 0);
        CHECK(count_op(r, IrOp::Store) == 1);
        g.cpu.gpr[EAX] = 77;
        g.exec(r);
        CHECK(g.cpu.gpr[ECX] == 77);
    }
    SECTION("a store through another base kills") {
        Guest g({0x8b, 0x03, 0x89, 0x16, 0x8b, 0x0b,
                 0xcc}); // mov eax,[ebx]; mov [esi],edx; mov ecx,[ebx]
        Region r = g.build();
        OptOptions o;
        o.hoist_loads = false;
        optimize(r, o);
        CHECK(count_op(r, IrOp::Load) == 2);
    }
    SECTION("a store at a disjoint offset of the same base does not") {
        Guest g({0x8b, 0x03, 0x89, 0x53, 0x04, 0x8b, 0x0b,
                 0xcc}); // mov eax,[ebx]; mov [ebx+4],edx; mov ecx,[ebx]
        Region r = g.build();
        optimize(r);
        CHECK(count_op(r, IrOp::Load) == 1);
    }
}

TEST_CASE("opt: overwritten flags and registers die, flags at the exit stay", "[region][opt]") {
    Guest g({0x83, 0xc0, 0x01, 0x83, 0xc0, 0x02, 0xcc}); // add eax, 1; add eax, 2
    Region r = g.build();
    CHECK(count_op(r, IrOp::PutFlag) == 12);
    CHECK(count_op(r, IrOp::PutReg) == 2);
    optimize(r);
    CHECK(count_op(r, IrOp::PutFlag) == 6);
    CHECK(count_op(r, IrOp::PutReg) == 1);
    CHECK(count_op(r, IrOp::GetReg) == 1);
    CHECK(count_op(r, IrOp::FlagOAdd) == 1);
}

TEST_CASE("opt: a branch on compare flags reads no guest flags", "[region][opt]") {
    Guest g({0x39, 0xd8, 0x74, 0x00, 0xcc}); // cmp eax, ebx; jz +0; int3
    Region r = g.build();
    CHECK(count_op(r, IrOp::Cond) == 1);
    optimize(r);
    CHECK(count_op(r, IrOp::Cond) == 0);
    CHECK(count_op(r, IrOp::GetFlag) == 0);
}

TEST_CASE("opt: loads hoisted above stores are protected by alias registers", "[region][opt]") {
    // mov [ebx], eax; mov ecx, [esi]; int3
    Guest g({0x89, 0x03, 0x8b, 0x0e, 0xcc});
    Region base = g.build();
    Region r = base;
    optimize(r);
    REQUIRE(r.validate().empty());
    const RInst* ld = first_op(r, IrOp::Load);
    const RInst* st = first_op(r, IrOp::Store);
    REQUIRE(ld);
    REQUIRE(st);
    CHECK(ld < st);
    CHECK(ld->alias_reg == 0);
    CHECK(st->alias_mask == 1);
    CHECK(r.dump().find("ldp") != std::string::npos);

    g.cpu.gpr[EAX] = 5;
    g.cpu.gpr[ESI] = g.cpu.gpr[EBX] + 4; // no overlap
    RegionResult res = g.exec(r);
    CHECK(res.outcome == RegionOutcome::Exit);

    g.cpu.gpr[ESI] = g.cpu.gpr[EBX] + 2; // overlap: alias fault, rollback
    const CpuState before = g.cpu;
    const uint32_t old = g.read32(Guest::kData + 0x100);
    res = g.exec(r);
    CHECK(res.outcome == RegionOutcome::AliasFault);
    CHECK(g.read32(Guest::kData + 0x100) == old);
    CHECK(g.cpu.gpr[ECX] == before.gpr[ECX]);

    SECTION("no alias speculation: the load stays below the store") {
        Region c = base;
        OptOptions o;
        o.alias_speculation = false;
        optimize(c, o);
        CHECK(first_op(c, IrOp::Load) > first_op(c, IrOp::Store));
        CHECK(first_op(c, IrOp::Load)->alias_reg == RInst::kNoAlias);
        CHECK(g.exec(c).outcome == RegionOutcome::Exit);
        CHECK(g.cpu.gpr[ECX] == g.read32(g.cpu.gpr[ESI])); // sees the store's bytes
    }
    SECTION("zero alias registers behave like no speculation") {
        Region c = base;
        OptOptions o;
        o.alias_registers = 0;
        optimize(c, o);
        CHECK(first_op(c, IrOp::Load) > first_op(c, IrOp::Store));
    }
}

TEST_CASE("opt: an unrolled loop's loads pass a side exit, reusing alias registers", "[region][opt]") {
    // L: mov edx, [esi]; mov [ebx], edx; add esi, 4; add ebx, 4; dec ecx; jnz L; int3
    const std::initializer_list<uint8_t> code = {0x8b, 0x16, 0x89, 0x13, 0x83, 0xc6, 0x04,
                                                 0x83, 0xc3, 0x04, 0x49, 0x75, 0xf3, 0xcc};
    Guest g(code);
    g.cpu.gpr[ECX] = 10;
    g.interp->run(1000);
    Region base = build_region(Guest::kCode, g.mem, *g.interp, RegionLimits{});
    REQUIRE(base.validate().empty());
    REQUIRE(base.insns.size() == 60); // ten copies of the six-instruction body
    OptOptions o;
    o.hoist_side_exits = 1;
    o.alias_registers = 2;
    Region r = base;
    optimize(r, o);
    REQUIRE(r.validate().empty());
    // Every copy's load but the first moves above the store (and the side
    // exit) of the copy before; two registers serve all nine in turn.
    unsigned protected_loads = 0, above_exit = 0;
    bool seen_exit = false;
    for (const RInst& in : r.code) {
        if (in.ctl == RegionCtl::ExitIf) seen_exit = true;
        if (in.ctl != RegionCtl::None || in.op != IrOp::Load) continue;
        if (in.alias_reg != RInst::kNoAlias) {
            ++protected_loads;
            CHECK(in.alias_reg < 2);
        }
        if (!seen_exit) ++above_exit;
    }
    CHECK(protected_loads == 9);
    CHECK(above_exit == 2);
    Region plain = base;
    OptOptions no_exits;
    no_exits.hoist_side_exits = 0; // loads stay below the side exits
    optimize(plain, no_exits);
    for (const RInst& in : plain.code)
        if (in.ctl == RegionCtl::None && in.op == IrOp::Load) CHECK(in.alias_reg == RInst::kNoAlias);

    Guest ref(code);
    for (uint32_t i = 0; i < 64; ++i)
        REQUIRE(g.mem.write(Guest::kData + 0x200 + 4 * i, 4, 1000 + i));
    ref.mem.poke(Guest::kData, g.mem.host(Guest::kData), 0x400);
    for (uint32_t ecx : {1u, 3u, 10u, 12u}) {
        g.cpu.gpr[ESI] = Guest::kData + 0x200;
        g.cpu.gpr[EBX] = Guest::kData + 0x100;
        g.cpu.gpr[ECX] = ecx;
        check_against_interpreter(g, ref, r);
    }
    // Each store writes the next copy's load address: the hoisted load is
    // stale, the stam catches it and the region rolls back.
    g.cpu.gpr[ESI] = Guest::kData + 0x200;
    g.cpu.gpr[EBX] = Guest::kData + 0x204;
    g.cpu.gpr[ECX] = 5;
    const CpuState before = g.cpu;
    const uint32_t old = g.read32(Guest::kData + 0x204);
    RegionResult res = g.exec(r);
    CHECK(res.outcome == RegionOutcome::AliasFault);
    CHECK(g.read32(Guest::kData + 0x204) == old);
    CHECK(g.cpu.gpr[ECX] == before.gpr[ECX]);
}

TEST_CASE("opt: a load passes a provably disjoint store without protection", "[region][opt]") {
    Guest g({0x89, 0x43, 0x04, 0x8b, 0x0b, 0xcc}); // mov [ebx+4], eax; mov ecx, [ebx]
    Region r = g.build();
    optimize(r);
    const RInst* ld = first_op(r, IrOp::Load);
    REQUIRE(ld);
    CHECK(ld < first_op(r, IrOp::Store));
    CHECK(ld->alias_reg == RInst::kNoAlias);
    CHECK(first_op(r, IrOp::Store)->alias_mask == 0);
}
