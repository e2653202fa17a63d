// Randomized differential test of regions: random instruction sequences
// (test_region_gen.hpp) run (a) one instruction at a time by the
// Interpreter, (b) as the unoptimized region by exec_region, and (c) as the
// region optimized under many pass combinations. Registers, EFLAGS, EIP,
// the exit taken and memory must agree exactly; a faulting region must
// leave the entry state (rollback) and the interpreter must fault at the
// same instruction. Set CM_REGION_SEED / CM_REGION_CASES to replay or go
// deeper; a failure prints the seed, the case index and the dumps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sstream>

#include "morph/interpreter.hpp"
#include "morph/optimize.hpp"
#include "morph/region_builder.hpp"
#include "morph/region_exec.hpp"
#include "test_region_gen.hpp"

using namespace cm::x86;
using namespace cm::morph;
using namespace cm::test;

namespace {

class TestEnv : public GuestEnv {
  public:
    uint64_t rdtsc() override { return 1234; }
};

/// Everything a run is compared on.
struct Snap {
    CpuState cpu;
    std::vector<uint8_t> data, stack;
};

std::string diff(const Snap& a, const Snap& b) {
    static const char* names[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    std::ostringstream o;
    for (int i = 0; i < 8; ++i)
        if (a.cpu.gpr[i] != b.cpu.gpr[i])
            o << names[i] << " " << std::hex << a.cpu.gpr[i] << " vs " << b.cpu.gpr[i] << "; ";
    if (a.cpu.eip != b.cpu.eip) o << "eip " << std::hex << a.cpu.eip << " vs " << b.cpu.eip << "; ";
    if (a.cpu.get_eflags() != b.cpu.get_eflags())
        o << "eflags " << std::hex << a.cpu.get_eflags() << " vs " << b.cpu.get_eflags() << "; ";
    for (size_t i = 0; i < a.data.size(); ++i)
        if (a.data[i] != b.data[i]) {
            o << "data[" << std::hex << (kGenData + i) << "] differs; ";
            break;
        }
    for (size_t i = 0; i < a.stack.size(); ++i)
        if (a.stack[i] != b.stack[i]) {
            o << "stack[" << std::hex << (kGenStack + i) << "] differs; ";
            break;
        }
    return o.str();
}

struct Machine {
    CpuState cpu;
    GuestMemory mem;
    TestEnv env;
    std::unique_ptr<Interpreter> interp;

    Machine() {
        mem.map(kGenCode, 4096, GuestMemory::RX);
        mem.map(kGenData, 4096, GuestMemory::RW);
        mem.map(kGenStack, 4096, GuestMemory::RW);
        interp = std::make_unique<Interpreter>(cpu, mem, env);
    }
    void load_code(const std::vector<uint8_t>& code) {
        std::vector<uint8_t> page(4096, 0xcc);
        std::memcpy(page.data(), code.data(), std::min<size_t>(code.size(), 4000));
        mem.poke(kGenCode, page.data(), page.size());
        interp->flush();
    }
    void set(const GenCase& c) {
        cpu = c.cpu;
        mem.poke(kGenData, c.data.data(), c.data.size());
        mem.poke(kGenStack, c.stack.data(), c.stack.size());
    }
    Snap snap() const {
        Snap s{cpu, std::vector<uint8_t>(4096), std::vector<uint8_t>(4096)};
        std::memcpy(s.data.data(), mem.host(kGenData), 4096);
        std::memcpy(s.stack.data(), mem.host(kGenStack), 4096);
        return s;
    }
};

struct Config {
    std::string name;
    OptOptions o;
};

/// All passes on, all off, each one off, each one alone, and the alias
/// variants (no speculation, a single alias register).
std::vector<Config> configs() {
    std::vector<Config> v;
    v.push_back({"all", {}});
    OptOptions none;
    none.const_prop = none.state_forward = none.dead_puts = none.dce = none.mem_forward =
        none.hoist_loads = none.alias_speculation = false;
    v.push_back({"none", none});
    struct P {
        const char* name;
        bool OptOptions::*flag;
    };
    const P passes[] = {{"const_prop", &OptOptions::const_prop},
                        {"state_forward", &OptOptions::state_forward},
                        {"dead_puts", &OptOptions::dead_puts},
                        {"dce", &OptOptions::dce},
                        {"mem_forward", &OptOptions::mem_forward},
                        {"hoist_loads", &OptOptions::hoist_loads},
                        {"alias_speculation", &OptOptions::alias_speculation}};
    for (const P& p : passes) {
        OptOptions o;
        o.*p.flag = false;
        v.push_back({std::string("all but ") + p.name, o});
        OptOptions a = none;
        a.*p.flag = true;
        if (p.flag == &OptOptions::hoist_loads || p.flag == &OptOptions::alias_speculation)
            a.hoist_loads = a.alias_speculation = true;
        v.push_back({std::string("only ") + p.name, a});
    }
    OptOptions one;
    one.alias_registers = 1;
    v.push_back({"all, 1 alias register", one});
    return v;
}

uint64_t env_or(const char* name, uint64_t dflt) {
    const char* s = std::getenv(name);
    return s && *s ? std::strtoull(s, nullptr, 0) : dflt;
}

struct Stats {
    uint64_t cases = 0, regions = 0, empty = 0, side_exits = 0, faults = 0, alias_faults = 0,
             runs = 0, ops_before = 0, ops_after = 0, insns = 0;
    uint64_t all_ops = 0, all_puts = 0, all_loads = 0, all_hoisted = 0; ///< after "all passes"
    uint64_t puts = 0, loads = 0;                                       ///< before optimization
};

/// Runs `n` cases of kind `opt`; returns the first failure's description.
std::string run_cases(uint64_t seed, uint64_t n, const GenOptions& gopt, Stats& st) {
    Machine m;
    const std::vector<Config> cfgs = configs();
    GenRng side(seed + 99);
    for (uint64_t i = 0; i < n; ++i) {
        GenCase c = gen_case(seed, i, gopt);
        m.load_code(c.code);
        ++st.cases;
        // Profile: the same state half the time, else another one (side exits).
        GenCase p = c;
        if (side.chance(1, 2)) gen_state(side, p);
        m.set(p);
        m.interp->run(400);

        RegionLimits lim;
        const unsigned sizes[] = {1, 3, 8, 64, 64, 64, 64};
        lim.max_insns = sizes[side.below(7)];
        lim.max_stores = side.chance(1, 4) ? 1 + side.below(4) : 32;
        lim.max_protected_loads = side.chance(1, 4) ? 1 + side.below(3) : 0;
        Region r = build_region(kGenCode, m.mem, *m.interp, lim);

        auto where = [&](const std::string& what, const Region* opt_r) {
            std::ostringstream o;
            o << what << "\nseed " << seed << " case " << i << " (CM_REGION_SEED=" << seed
              << "), limits " << lim.max_insns << "/" << lim.max_stores << "/"
              << lim.max_protected_loads << "\ncode:";
            for (uint8_t b : c.code)
                o << " " << std::hex << int(b);
            o << "\nregion:\n" << r.dump();
            if (opt_r) o << "optimized:\n" << opt_r->dump();
            return o.str();
        };

        if (r.empty()) {
            ++st.empty;
            continue;
        }
        ++st.regions;
        st.insns += r.insns.size();
        if (std::string e = r.validate(); !e.empty()) return where("invalid region: " + e, nullptr);

        m.set(c);
        const Snap s0 = m.snap();
        // (b) the unoptimized region
        RegionResult rb = exec_region(r, m.cpu, m.mem, m.env);
        const Snap sb = m.snap();
        // (a) the interpreter
        m.set(c);
        if (rb.outcome == RegionOutcome::Exit) {
            if (r.exits[rb.exit].guest_insns != rb.guest_insns)
                return where("guest_insns mismatch", nullptr);
            if (rb.exit + 1u != r.exits.size()) ++st.side_exits;
            StopInfo si = m.interp->run(rb.guest_insns);
            if (si.reason != StopReason::InsnLimit)
                return where("interpreter stopped early", nullptr);
            if (std::string d = diff(m.snap(), sb); !d.empty())
                return where("interpreter vs region: " + d, nullptr);
        } else {
            ++st.faults;
            if (rb.outcome != RegionOutcome::Fault)
                return where("alias fault without hoisting", nullptr);
            if (std::string d = diff(sb, s0); !d.empty())
                return where("no rollback: " + d, nullptr);
            StopInfo si = m.interp->run(r.insns.size());
            if (si.reason != StopReason::Fault || si.fault.eip != r.insns[rb.fault_insn].addr ||
                si.fault.kind != rb.fault.kind)
                return where("region faulted where the interpreter did not", nullptr);
        }
        // (c) every pass combination
        for (const Config& cfg : cfgs) {
            Region o = r;
            optimize(o, cfg.o);
            st.ops_before += r.code.size();
            st.ops_after += o.code.size();
            if (&cfg == &cfgs[0]) {
                auto count = [](const Region& x, IrOp op) {
                    return uint64_t(
                        std::count_if(x.code.begin(), x.code.end(), [op](const RInst& i) {
                            return i.ctl == RegionCtl::None && i.op == op;
                        }));
                };
                st.all_ops += o.code.size();
                st.puts += count(r, IrOp::PutFlag) + count(r, IrOp::PutReg);
                st.all_puts += count(o, IrOp::PutFlag) + count(o, IrOp::PutReg);
                st.loads += count(r, IrOp::Load);
                st.all_loads += count(o, IrOp::Load);
                for (const RInst& x : o.code)
                    st.all_hoisted += x.alias_reg != RInst::kNoAlias;
            }
            ++st.runs;
            if (std::string e = o.validate(); !e.empty())
                return where(cfg.name + ": invalid: " + e, &o);
            m.set(c);
            RegionResult rc = exec_region(o, m.cpu, m.mem, m.env);
            const Snap sc = m.snap();
            if (rc.outcome == RegionOutcome::AliasFault) {
                if (!cfg.o.alias_speculation || !cfg.o.hoist_loads)
                    return where(cfg.name + ": alias fault", &o);
                ++st.alias_faults;
                if (std::string d = diff(sc, s0); !d.empty())
                    return where(cfg.name + ": no rollback: " + d, &o);
                continue;
            }
            if (rb.outcome == RegionOutcome::Exit) {
                if (rc.outcome != RegionOutcome::Exit || rc.exit != rb.exit)
                    return where(cfg.name + ": different exit", &o);
                if (std::string d = diff(sc, sb); !d.empty()) return where(cfg.name + ": " + d, &o);
            } else {
                if (rc.outcome != RegionOutcome::Fault) return where(cfg.name + ": fault lost", &o);
                if (std::string d = diff(sc, s0); !d.empty())
                    return where(cfg.name + ": no rollback: " + d, &o);
            }
        }
    }
    return {};
}

void report(const char* what, const Stats& s) {
    std::printf(
        "region diff %s: %llu cases, %llu regions (%llu empty), %llu guest insns, %llu side exits, "
        "%llu faults, %llu optimized runs, %llu alias faults, ops %llu -> %llu\n",
        what, (unsigned long long)s.cases, (unsigned long long)s.regions,
        (unsigned long long)s.empty, (unsigned long long)s.insns, (unsigned long long)s.side_exits,
        (unsigned long long)s.faults, (unsigned long long)s.runs,
        (unsigned long long)s.alias_faults, (unsigned long long)s.ops_before,
        (unsigned long long)s.ops_after);
    const double n = double(s.runs) / double(s.regions ? s.regions : 1);
    std::printf("  all passes: ops %.0f%%, puts %.0f%%, loads %.0f%% of unoptimized; %llu loads "
                "under ldp\n",
                100.0 * double(s.all_ops) * n / double(s.ops_before ? s.ops_before : 1),
                100.0 * double(s.all_puts) / double(s.puts ? s.puts : 1),
                100.0 * double(s.all_loads) / double(s.loads ? s.loads : 1),
                (unsigned long long)s.all_hoisted);
}

void run_kind(const char* what, uint64_t salt, uint64_t dflt_cases, const GenOptions& g) {
    const uint64_t seed = env_or("CM_REGION_SEED", 20240501) + salt;
    const uint64_t n = env_or("CM_REGION_CASES", dflt_cases);
    Stats st;
    std::string fail = run_cases(seed, n, g, st);
    report(what, st);
    INFO(fail);
    CHECK(fail.empty());
}

} // namespace

TEST_CASE("region diff: straight-line sequences", "[region][diff]") {
    GenOptions g;
    run_kind("straight", 0, 1500, g);
}

TEST_CASE("region diff: branchy sequences with side exits", "[region][diff]") {
    GenOptions g;
    g.branches = true;
    g.max_insns = 32;
    run_kind("branchy", 1, 1500, g);
}

TEST_CASE("region diff: faults, rollback and region-ending instructions", "[region][diff]") {
    GenOptions g;
    g.branches = true;
    g.faults = true;
    g.terminators = true;
    run_kind("faults", 2, 1500, g);
}
