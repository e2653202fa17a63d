// Regions that carry x87 IR (RegionLimits::x87): built from hand-assembled
// x87 guest code (the Horner loop of bench/guest/x87_poly.c, fxch/faddp,
// fcom + fnstsw, an FCheck that fires, stack underflow, #MF at an FWait)
// and from random x87 sequences over random FP states; each region is
// checked by validate(), run unoptimized and after the optimizer (every
// pass alone and all of them) by exec_region, and compared with the
// interpreter running the same instructions: GPRs, flags, EIP, the whole
// x87 state (registers, tags, status and control words, FIP/FCS:FOP,
// FDP/FDS) and memory. Also: validate()'s kind checks, the builder's
// default (x87 instructions end the region) and the back end's refusal.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "morph/backend.hpp"
#include "morph/interpreter.hpp"
#include "morph/optimize.hpp"
#include "morph/region_builder.hpp"
#include "morph/region_exec.hpp"
#include "vliw/config.hpp"
#include "x86/x87.hpp"

using namespace cm::x86;
using namespace cm::morph;

namespace {

constexpr uint32_t kCode = 0x10000;
constexpr uint32_t kData = 0x20000;
constexpr uint32_t kDataBytes = 2 * GuestMemory::kPageSize;
constexpr uint32_t kEbx = kData + 0x100; // x87 operands at [ebx+d8]
constexpr uint32_t kEsi = kData + 0x200; // Horner coefficients

class TestEnv : public GuestEnv {
  public:
    uint64_t rdtsc() override { return 1234; }
};

/// A guest state to start from: registers and the data pages.
struct Start {
    CpuState cpu;
    std::vector<uint8_t> data = std::vector<uint8_t>(kDataBytes, 0);

    void put(uint32_t addr, const void* p, size_t n) {
        std::memcpy(data.data() + (addr - kData), p, n);
    }
    void put_double(uint32_t addr, double v) { put(addr, &v, 8); }
    void put16(uint32_t addr, uint16_t v) { put(addr, &v, 2); }
};

/// 80-bit value bits (the 10 significant bytes of a long double).
long double ld_bits(uint64_t mant, uint16_t se) {
    long double v = 0;
    std::memcpy(&v, &mant, 8);
    std::memcpy(reinterpret_cast<uint8_t*>(&v) + 8, &se, 2);
    return v;
}

/// The tag the hardware keeps for a value (00 valid, 01 zero, 10 special).
unsigned tag_for(long double v) {
    uint64_t mant;
    uint16_t se;
    std::memcpy(&mant, &v, 8);
    std::memcpy(&se, reinterpret_cast<const uint8_t*>(&v) + 8, 2);
    unsigned exp = se & 0x7fff;
    if (exp == 0) return mant == 0 ? 1 : 2;
    if (exp == 0x7fff) return 2;
    return (mant >> 63) ? 0 : 2;
}

struct Machine {
    CpuState cpu;
    GuestMemory mem;
    TestEnv env;
    std::unique_ptr<Interpreter> interp;

    Machine() {
        mem.map(kCode, GuestMemory::kPageSize, GuestMemory::RX);
        mem.map(kData, kDataBytes, GuestMemory::RW);
        interp = std::make_unique<Interpreter>(cpu, mem, env);
    }
    void load_code(const std::vector<uint8_t>& code) {
        std::vector<uint8_t> page(GuestMemory::kPageSize, 0xcc);
        std::memcpy(page.data(), code.data(), code.size());
        mem.poke(kCode, page.data(), page.size());
        interp->flush();
    }
    void set(const Start& s) {
        cpu = s.cpu;
        mem.poke(kData, s.data.data(), s.data.size());
    }
    std::vector<uint8_t> data() {
        std::vector<uint8_t> d(kDataBytes);
        for (uint32_t i = 0; i < kDataBytes; i += 4) {
            uint32_t v = 0;
            mem.read(kData + i, 4, v);
            std::memcpy(d.data() + i, &v, 4);
        }
        return d;
    }
};

struct Snap {
    CpuState cpu;
    std::vector<uint8_t> data;
};

Snap snap(Machine& m) {
    return {m.cpu, m.data()};
}

/// Differences between two snapshots, empty if none.
std::string diff(const Snap& a, const Snap& b) {
    std::ostringstream o;
    o << std::hex;
    for (int i = 0; i < 8; ++i)
        if (a.cpu.gpr[i] != b.cpu.gpr[i])
            o << " gpr" << i << " " << a.cpu.gpr[i] << "/" << b.cpu.gpr[i];
    if (a.cpu.eip != b.cpu.eip) o << " eip " << a.cpu.eip << "/" << b.cpu.eip;
    if (a.cpu.get_eflags() != b.cpu.get_eflags())
        o << " eflags " << a.cpu.get_eflags() << "/" << b.cpu.get_eflags();
    const X87State &x = a.cpu.fpu, &y = b.cpu.fpu;
    for (int i = 0; i < 8; ++i)
        if (std::memcmp(&x.r[i], &y.r[i], 10) != 0) o << " r" << i;
    if (x.cw != y.cw) o << " cw " << x.cw << "/" << y.cw;
    if (x.sw != y.sw) o << " sw " << x.sw << "/" << y.sw;
    if (x.tw != y.tw) o << " tw " << x.tw << "/" << y.tw;
    if (x.fop != y.fop) o << " fop " << x.fop << "/" << y.fop;
    if (x.fip != y.fip) o << " fip " << x.fip << "/" << y.fip;
    if (x.fdp != y.fdp) o << " fdp " << x.fdp << "/" << y.fdp;
    if (x.fcs != y.fcs || x.fds != y.fds) o << " fcs/fds";
    for (size_t i = 0; i < a.data.size(); ++i)
        if (a.data[i] != b.data[i]) {
            o << " mem " << kData + i;
            break;
        }
    return o.str();
}

struct Config {
    const char* name;
    OptOptions o;
};

/// No passes, all passes (also with one alias register), and each alone.
std::vector<Config> configs() {
    OptOptions none;
    none.const_prop = none.state_forward = none.dead_puts = none.dce = none.mem_forward =
        none.hoist_loads = none.alias_speculation = false;
    std::vector<Config> v{{"none", none}, {"all", {}}};
    OptOptions one;
    one.alias_registers = 1;
    v.push_back({"all, 1 alias register", one});
    struct P {
        const char* name;
        bool OptOptions::*flag;
    };
    const P passes[] = {{"only const_prop", &OptOptions::const_prop},
                        {"only state_forward", &OptOptions::state_forward},
                        {"only dead_puts", &OptOptions::dead_puts},
                        {"only dce", &OptOptions::dce},
                        {"only mem_forward", &OptOptions::mem_forward},
                        {"only hoist_loads", &OptOptions::hoist_loads}};
    for (const P& p : passes) {
        OptOptions a = none;
        a.*p.flag = true;
        if (p.flag == &OptOptions::hoist_loads) a.alias_speculation = true;
        v.push_back({p.name, a});
    }
    return v;
}

struct Tally {
    unsigned regions = 0, fp_regions = 0, exits = 0, side_exits = 0, faults = 0, aborts = 0,
             alias_faults = 0, runs = 0, refused = 0;
};

/// Runs region `r` (built from the machine's code) from `s` and compares
/// with the interpreter. Returns what differs (empty if nothing), and the
/// run's result in `out`.
std::string run_and_compare(Machine& m, const Start& s, const Region& r, RegionResult& out) {
    m.set(s);
    const Snap s0 = snap(m);
    m.cpu.eip = r.entry;
    out = exec_region(r, m.cpu, m.mem, m.env);
    const Snap sr = snap(m);
    m.set(s);
    switch (out.outcome) {
    case RegionOutcome::Exit: {
        if (r.exits[out.exit].guest_insns != out.guest_insns) return "guest_insns mismatch";
        StopInfo si = m.interp->run(out.guest_insns);
        if (si.reason != StopReason::InsnLimit) return "interpreter stopped early";
        if (std::string d = diff(snap(m), sr); !d.empty()) return "interpreter/region:" + d;
        return {};
    }
    case RegionOutcome::AliasFault:
        if (std::string d = diff(sr, s0); !d.empty()) return "alias fault, no rollback:" + d;
        return {};
    case RegionOutcome::Fault: {
        if (std::string d = diff(sr, s0); !d.empty()) return "fault, no rollback:" + d;
        if (out.fault_insn && m.interp->run(out.fault_insn).reason != StopReason::InsnLimit)
            return "interpreter faulted before the region's faulting instruction";
        StopInfo si = m.interp->run(1);
        if (si.reason != StopReason::Fault || si.fault.kind != out.fault.kind ||
            si.fault.eip != r.insns[out.fault_insn].addr)
            return "region faulted where the interpreter did not";
        return {};
    }
    case RegionOutcome::FpAbort: {
        if (std::string d = diff(sr, s0); !d.empty()) return "FCheck abort, no rollback:" + d;
        if (out.fault_insn && m.interp->run(out.fault_insn).reason != StopReason::InsnLimit)
            return "interpreter stopped before the region's aborting instruction";
        const Snap before = snap(m);
        // The interpreter's instruction must end early too: an unmasked
        // exception newly pending (ES), or an operand out of range (C2 of
        // fsin, fcos, fsincos, fptan), its registers, tags, TOP and the
        // memory it would store left as they were.
        if (m.interp->run(1).reason != StopReason::InsnLimit)
            return "interpreter faulted at the region's aborting instruction";
        const Snap after = snap(m);
        const X87State &b = before.cpu.fpu, &a = after.cpu.fpu;
        if (!(a.sw & fsw::C2) && ((b.sw & fsw::ES) || !(a.sw & fsw::ES)))
            return "no new unmasked exception or C2 there";
        if (b.tw != a.tw || b.top() != a.top() || std::memcmp(b.r, a.r, sizeof a.r) != 0 ||
            before.data != after.data)
            return "the interpreter completed the instruction the region aborted";
        return {};
    }
    }
    return "unknown outcome";
}

/// The back end's answer for a region with x87 ops: a clean refusal.
std::string backend_refuses(const Region& r) {
    Translation tr = translate(r, cm::vliw::Config{}, 0x40000000);
    if (tr.ok()) return "the back end translated x87 ops";
    if (tr.failure->why != BackendFailure::Why::UnsupportedOp || !ir_info(tr.failure->op).fp)
        return "the back end failed otherwise: " + tr.failure->message;
    return {};
}

/// Builds the region at `entry` from the machine's code (x87 allowed,
/// profile: the interpreter's run from `profile`), then checks it
/// unoptimized and under every pass configuration against the
/// interpreter from `s`. Returns the first failure (with dumps), or empty;
/// `base` gets the unoptimized run's result.
std::string check(Machine& m, uint32_t entry, const Start& profile, const Start& s,
                  RegionLimits lim, Tally& t, RegionResult* base = nullptr,
                  Region* built = nullptr) {
    m.interp->flush();
    m.set(profile);
    m.cpu.eip = entry;
    m.interp->run(200);
    lim.x87 = true;
    lim.x87_unplanned = true; // every x87 instruction (region_exec runs them all)
    Region r = build_region(entry, m.mem, *m.interp, lim);
    if (built) *built = r;
    if (r.empty()) return {};
    ++t.regions;
    t.fp_regions += r.has_fp();
    auto where = [&](const std::string& what, const Region* o) {
        std::string w = what + "\nregion:\n" + r.dump();
        if (o) w += "optimized:\n" + o->dump();
        return w;
    };
    if (std::string e = r.validate(); !e.empty()) return where("invalid region: " + e, nullptr);
    Start st = s;
    st.cpu.eip = entry;
    RegionResult rb;
    if (std::string e = run_and_compare(m, st, r, rb); !e.empty()) return where(e, nullptr);
    if (base) *base = rb;
    if (rb.outcome == RegionOutcome::AliasFault) return where("alias fault unoptimized", nullptr);
    switch (rb.outcome) {
    case RegionOutcome::Exit:
        ++t.exits;
        t.side_exits += rb.exit + 1u != r.exits.size();
        break;
    case RegionOutcome::Fault: ++t.faults; break;
    case RegionOutcome::FpAbort: ++t.aborts; break;
    default: break;
    }
    for (const Config& c : configs()) {
        Region o = r;
        optimize(o, c.o);
        ++t.runs;
        if (std::string e = o.validate(); !e.empty())
            return where(std::string(c.name) + ": invalid: " + e, &o);
        RegionResult rc;
        if (std::string e = run_and_compare(m, st, o, rc); !e.empty())
            return where(std::string(c.name) + ": " + e, &o);
        if (rc.outcome == RegionOutcome::AliasFault) {
            if (!c.o.hoist_loads || !c.o.alias_speculation)
                return where(std::string(c.name) + ": alias fault", &o);
            ++t.alias_faults;
            continue;
        }
        if (o.has_fp() && (std::string(c.name) == "none" || std::string(c.name) == "all")) {
            if (std::string e = backend_refuses(o); !e.empty())
                return where(std::string(c.name) + ": " + e, &o);
            ++t.refused;
        }
        if (rc.outcome != rb.outcome || (rc.outcome == RegionOutcome::Exit && rc.exit != rb.exit) ||
            (rc.outcome != RegionOutcome::Exit && rc.fault_insn != rb.fault_insn))
            return where(std::string(c.name) + ": outcome differs from the unoptimized region", &o);
    }
    return {};
}

/// A default machine state: finit'ed FPU, EBX/ESI at the operands.
Start base_start() {
    Start s;
    s.cpu.eip = kCode;
    s.cpu.gpr[EBX] = kEbx;
    s.cpu.gpr[ESI] = kEsi;
    s.cpu.gpr[ESP] = kData + 0x1800;
    return s;
}

size_t count_fp_ops(const Region& r) {
    size_t n = 0;
    for (const RInst& in : r.code)
        n += in.ctl == RegionCtl::None && ir_info(in.op).fp;
    return n;
}

// fld qword [esi+64]; L: fmul qword [ebx]; fadd qword [esi+ecx*8-8];
// dec ecx; jnz L; fstp qword [ebx+8]; int3
const std::vector<uint8_t> kHorner = {0xdd, 0x46, 0x40, 0xdc, 0x0b, 0xdc, 0x44, 0xce,
                                      0xf8, 0x49, 0x75, 0xf7, 0xdd, 0x5b, 0x08, 0xcc};

Start horner_start(double x) {
    Start s = base_start();
    s.cpu.gpr[ECX] = 8;
    s.put_double(kEbx, x);
    for (int k = 0; k <= 8; ++k)
        s.put_double(kEsi + 8 * k, 1.0 / (k + 3)); // inexact: PE and C1 matter
    return s;
}

} // namespace

TEST_CASE("region x87: the Horner loop, from its start and unrolled from its head",
          "[region][x87]") {
    Machine m;
    m.load_code(kHorner);
    Tally t;
    const Start s = horner_start(0.4375);
    RegionResult res;
    Region r;
    // From the fld: through the loop once, to the back edge.
    std::string e = check(m, kCode, s, s, {}, t, &res, &r);
    INFO(e);
    REQUIRE(e.empty());
    REQUIRE(!r.empty());
    CHECK(r.insns.size() >= 5);
    CHECK(res.outcome == RegionOutcome::Exit);
    // FP vregs exist and have their kind.
    const std::vector<VregKind> k = r.vreg_kinds();
    CHECK(std::count(k.begin(), k.end(), VregKind::Fp) >= 3);
    CHECK(count_fp_ops(r) > 10);
    CHECK(r.dump().find("FArith") != std::string::npos);

    // From the loop head (state after the fld, from the interpreter), with
    // the loop unrolled: several copies, a side exit out of the loop.
    m.set(s);
    m.cpu.eip = kCode;
    REQUIRE(m.interp->run(1).reason == StopReason::InsnLimit);
    Start head = base_start();
    head.cpu = m.cpu;
    head.data = m.data();
    e = check(m, kCode + 3, head, head, {}, t, &res, &r);
    INFO(e);
    REQUIRE(e.empty());
    CHECK(r.insns.size() >= 8); // at least two copies of the 4-instruction body
    CHECK(res.outcome == RegionOutcome::Exit);
    // A run with ECX = 1 leaves through the first copy's side exit.
    Start one = head;
    one.cpu.gpr[ECX] = 1;
    Tally t1;
    e = check(m, kCode + 3, head, one, {}, t1, &res, &r);
    INFO(e);
    REQUIRE(e.empty());
    CHECK(t1.side_exits == 1);
}

TEST_CASE("region x87: fxch, faddp, memory formats, fcom + fnstsw and a branch on it",
          "[region][x87]") {
    // fld qword [ebx]; fld dword [ebx+8]; fxch st1; fadd st0, st1; faddp st1;
    // fild word [ebx+12]; fld tword [ebx+16]; fmulp st1; faddp st1;
    // fcom qword [ebx+32]; fnstsw ax; test ah, 0x45; jnz skip; fld1; faddp st1;
    // skip: fst qword [ebx+40]; fistp dword [ebx+48]; int3
    const std::vector<uint8_t> code = {
        0xdd, 0x03, 0xd9, 0x43, 0x08, 0xd9, 0xc9, 0xd8, 0xc1, 0xde, 0xc1, 0xdf, 0x43, 0x0c,
        0xdb, 0x6b, 0x10, 0xde, 0xc9, 0xde, 0xc1, 0xdc, 0x53, 0x20, 0xdf, 0xe0, 0xf6, 0xc4,
        0x45, 0x75, 0x04, 0xd9, 0xe8, 0xde, 0xc1, 0xdd, 0x53, 0x28, 0xdb, 0x5b, 0x30, 0xcc};
    Machine m;
    m.load_code(code);
    auto start = [](double cmp) {
        Start s = base_start();
        s.put_double(kEbx, 1.25);
        float f = 0.1f;
        s.put(kEbx + 8, &f, 4);
        s.put16(kEbx + 12, uint16_t(-7));
        long double t = ld_bits(0xa000000000000000ull, 0x3fff); // 1.25
        s.put(kEbx + 16, &t, 10);
        s.put_double(kEbx + 32, cmp);
        return s;
    };
    // Profile and run with the compare going each way (the second run
    // leaves through the side exit at jnz).
    for (double prof : {-100.0, 100.0})
        for (double run : {-100.0, 100.0}) {
            Tally t;
            RegionResult res;
            Region r;
            std::string e = check(m, kCode, start(prof), start(run), {}, t, &res, &r);
            INFO(e);
            REQUIRE(e.empty());
            REQUIRE(r.insns.size() >= 13);
            CHECK(res.outcome == RegionOutcome::Exit);
            CHECK(t.side_exits == (prof == run ? 0u : 1u));
        }
}

TEST_CASE("region x87: an FCheck that fires rolls the region back", "[region][x87]") {
    // mov eax, 7; fldcw [ebx+56]; fld1; fldz; fdivp st1, st0; fstp qword [ebx+8]; int3
    const std::vector<uint8_t> code = {0xb8, 0x07, 0x00, 0x00, 0x00, 0xd9, 0x6b, 0x38, 0xd9,
                                       0xe8, 0xd9, 0xee, 0xde, 0xf9, 0xdd, 0x5b, 0x08, 0xcc};
    Machine m;
    m.load_code(code);
    for (uint16_t cw : {uint16_t(0x037b), uint16_t(0x037f)}) { // ZE unmasked, masked
        Start s = base_start();
        s.put16(kEbx + 56, cw);
        Tally t;
        RegionResult res;
        Region r;
        std::string e = check(m, kCode, s, s, {}, t, &res, &r);
        INFO("cw " << cw << "\n" << e);
        REQUIRE(e.empty());
        REQUIRE(r.insns.size() == 6);
        if (cw == 0x037b) {
            CHECK(res.outcome == RegionOutcome::FpAbort);
            CHECK(res.fault_insn == 4); // fdivp
            CHECK(t.aborts == 1);
        } else {
            CHECK(res.outcome == RegionOutcome::Exit); // 1/0 = inf stored, ZE set
        }
    }
}

TEST_CASE("region x87: stack underflow, masked and unmasked", "[region][x87]") {
    // mov eax, 7; fadd st0, st1; fstp qword [ebx+8]; int3 - on an empty stack
    const std::vector<uint8_t> code = {0xb8, 0x07, 0x00, 0x00, 0x00, 0xd8,
                                       0xc1, 0xdd, 0x5b, 0x08, 0xcc};
    Machine m;
    m.load_code(code);
    for (uint16_t cw : {uint16_t(0x037f), uint16_t(0x037e)}) { // IE masked, unmasked
        Start s = base_start();
        s.cpu.fpu.cw = cw;
        Tally t;
        RegionResult res;
        std::string e = check(m, kCode, s, s, {}, t, &res);
        INFO("cw " << cw << "\n" << e);
        REQUIRE(e.empty());
        if (cw == 0x037f) {
            REQUIRE(res.outcome == RegionOutcome::Exit);
            // The indefinite went to memory (checked against the interpreter
            // above; here that the underflow path was the one taken).
            m.set(s);
            m.cpu.eip = kCode;
            m.interp->run(3);
            CHECK((m.cpu.fpu.sw & (fsw::IE | fsw::SF)) == (fsw::IE | fsw::SF));
        } else {
            CHECK(res.outcome == RegionOutcome::FpAbort);
            CHECK(res.fault_insn == 1);
        }
    }
}

TEST_CASE("region x87: #MF at an FWait is a fault that rolls back", "[region][x87]") {
    // mov eax, 7; fld1; int3 - with an unmasked ZE pending
    const std::vector<uint8_t> code = {0xb8, 0x07, 0x00, 0x00, 0x00, 0xd9, 0xe8, 0xcc};
    Machine m;
    m.load_code(code);
    Start s = base_start();
    s.cpu.fpu.cw = 0x037b;
    s.cpu.fpu.sw = fsw::ZE | fsw::ES | fsw::B;
    Tally t;
    RegionResult res;
    std::string e = check(m, kCode, s, s, {}, t, &res);
    INFO(e);
    REQUIRE(e.empty());
    CHECK(res.outcome == RegionOutcome::Fault);
    CHECK(res.fault.kind == Fault::FpError);
    CHECK(res.fault_insn == 1);
}

TEST_CASE("region x87: validate checks operand kinds", "[region][x87]") {
    Machine m;
    m.load_code(kHorner);
    Tally t;
    const Start s = horner_start(0.5);
    Region r;
    REQUIRE(check(m, kCode, s, s, {}, t, nullptr, &r).empty());
    REQUIRE(r.validate().empty());
    const std::vector<VregKind> k = r.vreg_kinds();
    Vreg some_int = kNoVreg, some_fp = kNoVreg;
    for (const RInst& in : r.code)
        if (in.ctl == RegionCtl::None && ir_info(in.op).ndst >= 1) {
            if (k[in.dst] == VregKind::Int && some_int == kNoVreg) some_int = in.dst;
            if (k[in.dst] == VregKind::Fp && some_fp == kNoVreg) some_fp = in.dst;
        }
    REQUIRE(some_int != kNoVreg);
    REQUIRE(some_fp != kNoVreg);
    // An FP source fed an integer vreg.
    {
        Region bad = r;
        for (RInst& in : bad.code)
            if (in.ctl == RegionCtl::None && in.op == IrOp::FArith) {
                in.src[1] = some_int;
                break;
            }
        CHECK(bad.validate().find("FP value") != std::string::npos);
    }
    // An integer source (an exit condition, a store's value) fed an FP vreg.
    {
        Region bad = r;
        for (RInst& in : bad.code)
            if (in.ctl == RegionCtl::ExitIf) {
                in.src[0] = some_fp;
                break;
            }
        CHECK(bad.validate().find("integer value") != std::string::npos);
    }
    // fadd st0, st1; fstp qword [ebx+8]: a store's value fed an FP vreg.
    m.load_code({0xd8, 0xc1, 0xdd, 0x5b, 0x08, 0xcc});
    RegionLimits x;
    x.x87 = true;
    x.x87_unplanned = true;
    Region st = build_region(kCode, m.mem, BlockLookup{}, x);
    REQUIRE(st.validate().empty());
    bool found = false;
    for (RInst& in : st.code)
        if (in.ctl == RegionCtl::None && in.op == IrOp::Store) {
            in.src[1] = some_fp < st.nvregs ? some_fp : Vreg(0);
            for (const RInst& d : st.code) // an FP vreg of this region
                if (d.ctl == RegionCtl::None && ir_info(d.op).ndst && ir_dst_fp(d.op, 0)) {
                    in.src[1] = d.dst;
                    break;
                }
            found = true;
            break;
        }
    REQUIRE(found);
    CHECK(st.validate().find("integer value") != std::string::npos);
}

TEST_CASE("region x87: without the option the builder ends before x87 code", "[region][x87]") {
    // mov eax, 7; fldcw [ebx+56]; ...
    const std::vector<uint8_t> code = {0xb8, 0x07, 0x00, 0x00, 0x00, 0xd9, 0x6b, 0x38, 0xcc};
    Machine m;
    m.load_code(code);
    Region r = build_region(kCode, m.mem, BlockLookup{}, RegionLimits{});
    REQUIRE(r.validate().empty());
    REQUIRE(r.insns.size() == 1);
    CHECK(r.exits.back().kind == ExitKind::Interp);
    CHECK(r.exits.back().target == kCode + 5);
    CHECK(!r.has_fp());
    CHECK(build_region(kCode + 5, m.mem, BlockLookup{}, RegionLimits{}).empty());
    RegionLimits x;
    x.x87 = true;
    x.x87_unplanned = true;
    CHECK(build_region(kCode + 5, m.mem, BlockLookup{}, x).has_fp());
}

TEST_CASE("region x87: the back end refuses FP ops cleanly", "[region][x87]") {
    Machine m;
    m.load_code(kHorner);
    Tally t;
    const Start s = horner_start(0.5);
    Region r;
    REQUIRE(check(m, kCode, s, s, {}, t, nullptr, &r).empty());
    for (bool opt : {false, true}) {
        Region o = r;
        if (opt) optimize(o);
        Translation tr = translate(o, cm::vliw::Config{}, 0x40000000);
        REQUIRE(!tr.ok());
        CHECK(tr.failure->why == BackendFailure::Why::UnsupportedOp);
        CHECK(ir_info(tr.failure->op).fp);
        CHECK(tr.failure->insn == 0);
    }
}

// --- random x87 sequences ---

namespace {

struct Rng {
    std::mt19937_64 g;
    explicit Rng(uint64_t seed) : g(seed) {}
    unsigned below(unsigned n) { return unsigned(g() % n); }
    bool chance(unsigned num, unsigned den) { return below(den) < num; }
};

/// Interesting 80-bit values: normal, zero, denormal, infinities, NaNs,
/// pseudo-denormal and unnormal encodings, large integers.
long double interesting(Rng& r) {
    switch (r.below(16)) {
    case 0: return 0.0L;
    case 1: return -0.0L;
    case 2: return 1.0L;
    case 3: return -2.5L;
    case 4: return 1.0L / 3;
    case 5: return ld_bits(0x8000000000000000ull, 0x7fff);  // +inf
    case 6: return ld_bits(0xc000000000000000ull, 0xffff);  // QNaN indefinite
    case 7: return ld_bits(0xa000000000000000ull, 0x7fff);  // SNaN
    case 8: return ld_bits(0x0000000000000001ull, 0x0000);  // denormal
    case 9: return ld_bits(0x4000000000000000ull, 0x3fff);  // unnormal
    case 10: return ld_bits(0xffffffffffffffffull, 0x403e); // 2^64 - 1
    case 11: return 1e300L * (r.chance(1, 2) ? 1 : -1);
    case 12: return 1e-300L;
    case 13: return 3.0L;
    case 14: return ld_bits(r.g() | (1ull << 63), uint16_t(0x3ff0 + r.below(32))); // random normal
    default: return (long double)(int64_t(r.g() % 2001) - 1000) / 8;
    }
}

double interesting_double(Rng& r) {
    switch (r.below(10)) {
    case 0: return 0.0;
    case 1: return -1.0;
    case 2: return 1e308;
    case 3: return 4e-320; // denormal
    case 4: {
        uint64_t b = 0x7ff4000000000000ull; // SNaN
        double d;
        std::memcpy(&d, &b, 8);
        return d;
    }
    case 5: return 1.0 / 0.0;
    case 6: return 2147483648.0;
    case 7: return 0.1;
    default: return double(int(r.below(2001)) - 1000) / 4;
    }
}

/// Control words: all masked at each precision/rounding, and each of IE,
/// DE, ZE, OE, UE, PE unmasked.
const uint16_t kCws[] = {0x037f, 0x027f, 0x007f, 0x0f7f, 0x077f, 0x037e,
                         0x037d, 0x037b, 0x0377, 0x036f, 0x035f};

Start random_start(Rng& r) {
    Start s = base_start();
    X87State& f = s.cpu.fpu;
    f.cw = kCws[r.below(sizeof kCws / sizeof kCws[0])];
    const unsigned top = r.below(8);
    f.sw = uint16_t(top << 11);
    f.tw = 0;
    for (unsigned p = 0; p < 8; ++p) {
        const bool empty = r.chance(1, 3);
        f.r[p] = empty && r.chance(1, 2) ? 0.0L : interesting(r);
        f.tw |= uint16_t((empty ? 3u : tag_for(f.r[p])) << (2 * p));
    }
    // Sticky flags already set, sometimes an unmasked one pending (#MF at
    // the first waiting instruction).
    if (r.chance(1, 4)) f.sw |= uint16_t(r.below(64) & f.cw & 0x3f);
    const uint16_t unmasked = uint16_t(~f.cw & 0x3f);
    if (unmasked && r.chance(1, 12)) f.sw |= uint16_t(unmasked & -unmasked) | fsw::ES | fsw::B;
    f.sw |= uint16_t(r.below(16) & 0x7) << 8; // C0-C2
    s.cpu.gpr[EAX] = uint32_t(r.g());
    s.cpu.gpr[EDX] = uint32_t(r.g());
    for (int i = 0; i < 6; ++i)
        s.cpu.flag[i] = uint8_t(r.below(2));
    // Operands at [ebx-16 .. ebx+0x80): doubles, with two control words
    // at [ebx-16] and [ebx-14].
    for (uint32_t a = kEbx; a < kEbx + 0x90; a += 8)
        s.put_double(a, interesting_double(r));
    if (r.chance(1, 3)) { // an 80-bit value somewhere
        long double v = interesting(r);
        s.put(kEbx + 8 * r.below(15), &v, 10);
    }
    s.put16(kEbx - 16, kCws[r.below(sizeof kCws / sizeof kCws[0])]);
    s.put16(kEbx - 14, 0x037f);
    return s;
}

/// Appends one random x87 instruction (or an integer one that mixes with
/// x87 code) to `c`.
void random_insn(Rng& r, std::vector<uint8_t>& c, bool allow_branch = true) {
    auto mem = [&](uint8_t opc, unsigned reg) {
        c.push_back(opc);
        c.push_back(uint8_t(0x43 | (reg << 3))); // [ebx+disp8]
        c.push_back(uint8_t(8 * r.below(16)));
    };
    const unsigned i = r.below(8);
    switch (r.below(24)) {
    case 0: c.insert(c.end(), {0xd9, uint8_t(0xc0 + i)}); break;                  // fld st(i)
    case 1: c.insert(c.end(), {0xd9, uint8_t(0xc8 + i)}); break;                  // fxch
    case 2: c.insert(c.end(), {0xd8, uint8_t(0xc0 + 8 * r.below(8) + i)}); break; // op st0, st(i)
    case 3: {                                                                     // op st(i), st0
        const uint8_t ops[] = {0, 1, 4, 5, 6, 7};
        c.insert(c.end(), {0xdc, uint8_t(0xc0 + 8 * ops[r.below(6)] + i)});
        break;
    }
    case 4: { // op-and-pop
        const uint8_t ops[] = {0, 1, 4, 5, 6, 7};
        c.insert(c.end(), {0xde, uint8_t(0xc0 + 8 * ops[r.below(6)] + i)});
        break;
    }
    case 5: { // fst/fstp st(i), ffree, fucom(p)
        const uint8_t b[] = {0xd0, 0xd8, 0xc0, 0xe0, 0xe8};
        c.insert(c.end(), {0xdd, uint8_t(b[r.below(5)] + i)});
        break;
    }
    case 6: { // fcomi, fucomi, fcomip, fucomip, fcmovcc
        const uint8_t op[][2] = {{0xdb, 0xf0}, {0xdb, 0xe8}, {0xdf, 0xf0}, {0xdf, 0xe8},
                                 {0xda, 0xc0}, {0xda, 0xc8}, {0xdb, 0xd0}, {0xdb, 0xd8}};
        const unsigned k = r.below(8);
        c.insert(c.end(), {op[k][0], uint8_t(op[k][1] + i)});
        break;
    }
    case 7:
    case 8: { // D9 E0-FF: fchs .. fcos (no fnop/reserved)
        const uint8_t b[] = {0xe0, 0xe1, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec,
                             0xed, 0xee, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6,
                             0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
        c.insert(c.end(), {0xd9, b[r.below(sizeof b)]});
        break;
    }
    case 9: { // fcompp, fucompp, fnstsw ax, fnclex, fwait, fninit (rare)
        switch (r.below(12)) {
        case 0: c.insert(c.end(), {0xde, 0xd9}); break;
        case 1: c.insert(c.end(), {0xda, 0xe9}); break;
        case 2: c.insert(c.end(), {0xdb, 0xe2}); break;
        case 3: c.push_back(0x9b); break;
        case 4: c.insert(c.end(), {0xdb, 0xe3}); break;
        default: c.insert(c.end(), {0xdf, 0xe0}); break;
        }
        break;
    }
    case 10:
    case 11: { // loads: fld m64/m32/m80, fild m16/m32/m64, fbld
        const uint8_t op[][2] = {{0xdd, 0}, {0xd9, 0}, {0xdb, 5}, {0xdf, 0},
                                 {0xdb, 0}, {0xdf, 5}, {0xdd, 0}, {0xdf, 4}};
        const unsigned k = r.below(8);
        mem(op[k][0], op[k][1]);
        break;
    }
    case 12:
    case 13: { // arithmetic and compares with m64/m32/m32int/m16int
        const uint8_t opc[] = {0xdc, 0xd8, 0xda, 0xde};
        mem(opc[r.below(4)], r.below(8));
        break;
    }
    case 14:
    case 15: { // stores: fst(p) m64/m32, fstp m80, fist(p) m32/m16, fistp m64, fbstp
        const uint8_t op[][2] = {{0xdd, 2}, {0xdd, 3}, {0xd9, 2}, {0xd9, 3}, {0xdb, 7}, {0xdb, 2},
                                 {0xdb, 3}, {0xdf, 2}, {0xdf, 3}, {0xdf, 7}, {0xdf, 6}};
        const unsigned k = r.below(11);
        mem(op[k][0], op[k][1]);
        break;
    }
    case 16: { // fldcw [ebx-16|-14], fnstcw, fnstsw m16, fnstenv, fldenv (rare)
        switch (r.below(8)) {
        case 0:
        case 1:
        case 2: c.insert(c.end(), {0xd9, 0x6b, uint8_t(r.chance(1, 2) ? 0xf0 : 0xf2)}); break;
        case 3: mem(0xd9, 7); break;
        case 4: mem(0xdd, 7); break;
        case 5:
        case 6: c.insert(c.end(), {0xd9, 0x73, 0x20}); break;  // fnstenv [ebx+0x20]
        default: c.insert(c.end(), {0xd9, 0x63, 0x20}); break; // fldenv [ebx+0x20]
        }
        break;
    }
    case 17: // fdecstp/fincstp/fld st(i) again (stack movement)
        c.insert(c.end(), {0xd9, uint8_t(r.chance(1, 2) ? 0xf6 : 0xf7)});
        break;
    case 18: { // integer: mov eax, [ebx+d]; mov [ebx+d], eax; inc eax; test ah, imm
        switch (r.below(4)) {
        case 0: mem(0x8b, 0); break;
        case 1: mem(0x89, 0); break;
        case 2: c.push_back(0x40); break;
        default: c.insert(c.end(), {0xf6, 0xc4, uint8_t(r.below(256))}); break;
        }
        break;
    }
    case 19:
        if (r.chance(1, 3)) {
            c.insert(c.end(), {0xdd, 0x73, 0x00}); // fnsave [ebx]
        } else {
            c.insert(c.end(), {0xd9, 0xc0}); // fld st0
        }
        break;
    default:
        if (allow_branch) { // jcc over a 2-byte x87 instruction
            c.insert(c.end(), {uint8_t(0x70 + r.below(16)), 0x02});
            c.insert(c.end(), {0xd8, uint8_t(0xc0 + 8 * r.below(8) + i)});
        } else {
            c.insert(c.end(), {0xde, uint8_t(0xc1)}); // faddp
        }
        break;
    }
}

uint64_t env_or(const char* name, uint64_t dflt) {
    const char* s = std::getenv(name);
    return s && *s ? std::strtoull(s, nullptr, 0) : dflt;
}

} // namespace

TEST_CASE("region x87: random x87 sequences against the interpreter", "[region][x87][diff]") {
    const uint64_t seed = env_or("CM_X87_SEED", 87);
    const uint64_t n = env_or("CM_X87_CASES", 5000);
    Machine m;
    Tally t;
    Rng r(seed);
    std::string fail;
    uint64_t i = 0;
    for (; i < n && fail.empty(); ++i) {
        std::vector<uint8_t> code;
        const unsigned len = 1 + r.below(14);
        for (unsigned k = 0; k < len; ++k)
            random_insn(r, code);
        code.push_back(0xcc);
        m.load_code(code);
        const Start s = random_start(r);
        // The profile from the same state, or from another (side exits).
        const Start p = r.chance(1, 3) ? random_start(r) : s;
        RegionLimits lim;
        const unsigned sizes[] = {1, 2, 5, 64, 64, 64};
        lim.max_insns = sizes[r.below(6)];
        lim.max_stores = r.chance(1, 4) ? 1 + r.below(8) : 32;
        fail = check(m, kCode, p, s, lim, t);
        if (!fail.empty()) {
            std::ostringstream o;
            o << "case " << i << " (CM_X87_SEED=" << seed << "):";
            for (uint8_t b : code)
                o << " " << std::hex << int(b);
            fail = o.str() + "\n" + fail;
        }
    }
    std::printf("region x87 diff: %llu cases, %u regions (%u with x87 ops), %u exits (%u side), "
                "%u faults, %u FCheck aborts, %u optimized runs, %u alias faults, %u back-end "
                "refusals\n",
                (unsigned long long)i, t.regions, t.fp_regions, t.exits, t.side_exits, t.faults,
                t.aborts, t.runs, t.alias_faults, t.refused);
    INFO(fail);
    REQUIRE(fail.empty());
    // The sequences reach every way out of a region.
    if (n >= 1000) {
        CHECK(t.fp_regions > n / 2);
        CHECK(t.exits > n / 4);
        CHECK(t.side_exits > 0);
        CHECK(t.faults > 0);
        CHECK(t.aborts > 0);
        CHECK(t.refused > n / 2);
    }
}
