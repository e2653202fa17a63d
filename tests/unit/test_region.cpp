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
    Region r = g.build();
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
