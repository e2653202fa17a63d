// Unit tests of the traces/ model: energy from exact event counts of a
// hand-written VLIW program, phase accounting, the time series and the
// trace slice cap.
#include <catch2/catch.hpp>

#include <cmath>

#include "trace/collector.hpp"
#include "vliw/machine.hpp"

using namespace cm;
using trace::Collector;
using trace::Phase;

namespace {

uint64_t count_of(const std::vector<trace::EnergyEvent>& ev, std::string_view name) {
    for (const auto& e : ev)
        if (e.name == name) return e.count;
    FAIL("no event class " << name);
    return 0;
}

/// Runs the program on a Plain machine and reports it as one translated stretch.
struct Run {
    vliw::Config cfg;
    vliw::Machine m;
    explicit Run(const vliw::Config& c) : cfg(c), m(c, vliw::Machine::Backend::Plain) {
        m.set_gpr(10, 0x8000);
        vliw::Program p = m.assemble(R"(
            movi r1, 6 ; movi r2, 7 ; ld.w r4, [r10]
            mul r3, r1, r2 ; st.w [r10], r1
            add r5, r3, r1
            exit 0 ; commit)",
                                     0x1000);
        m.load(p);
        vliw::ExitRecord r = m.run(0x1000, 10000);
        REQUIRE(r.reason == vliw::ExitReason::Exit);
    }
    void report(Collector& c) {
        c.on_phase({Phase::Translated, 0, m.cycles(), 3, 0x1000, true}, &m.counters());
        c.finish(m.cycles());
    }
};

} // namespace

TEST_CASE("energy of a hand-written VLIW program is its event counts times the costs",
          "[trace][energy]") {
    vliw::Config cfg = vliw::load_config("tm5800");
    Run r(cfg);
    Collector c(cfg);
    r.report(c);
    const auto ev = c.energy().events(c.counters());
    // Atom counts are known from the program text.
    CHECK(count_of(ev, "atoms.alu") == 3); // movi, movi, add
    CHECK(count_of(ev, "atoms.mul") == 1);
    CHECK(count_of(ev, "atoms.load") == 1);
    CHECK(count_of(ev, "atoms.store") == 1);
    CHECK(count_of(ev, "atoms.branch") == 1); // exit
    CHECK(count_of(ev, "commits") == 1);
    CHECK(count_of(ev, "sb_writes") == 1);
    CHECK(count_of(ev, "sb_drains") == 1);
    CHECK(count_of(ev, "l1d_accesses") == r.m.counters().l1d_accesses);
    CHECK(count_of(ev, "cms_work") == 0);
    const vliw::Counters& k = r.m.counters();
    const auto& e = cfg.energy;
    const double expect_dyn =
        3 * e.alu_pj + e.mul_pj + e.load_pj + e.store_pj + e.branch_pj + double(k.nops) * e.nop_pj +
        double(k.gpr_reads + k.fpr_reads + k.flag_reads) * e.reg_read_pj +
        double(k.gpr_writes + k.fpr_writes + k.flag_writes) * e.reg_write_pj + e.commit_pj +
        double(k.l1i_accesses + k.l1d_accesses) * e.l1_access_pj +
        double(k.l2_accesses) * e.l2_access_pj + double(k.l2_misses) * e.memory_access_pj +
        e.sb_write_pj + e.sb_drain_pj + double(k.alias_checks) * e.alias_check_pj;
    CHECK(c.energy().dynamic_pj(c.counters()) == Approx(expect_dyn).epsilon(1e-12));
    const double total = expect_dyn + e.leakage_pj_per_cycle * double(r.m.cycles());
    CHECK(c.phase_energy_pj(Phase::Translated) == Approx(total).epsilon(1e-12));
    CHECK(c.phase_cycles(Phase::Translated) == r.m.cycles());
    CHECK(c.translated_insns() == 3);
    CHECK(c.regions().at(0x1000).executions == 1);

    SECTION("changing one cost changes the total by count x delta") {
        vliw::Config cfg2 =
            vliw::load_config("tm5800", {"energy.mul_pj=6.5", "energy.l1_access_pj=7"});
        Run r2(cfg2);
        Collector c2(cfg2);
        r2.report(c2);
        const double d =
            c2.phase_energy_pj(Phase::Translated) - c.phase_energy_pj(Phase::Translated);
        const double want =
            1 * (6.5 - e.mul_pj) + double(k.l1i_accesses + k.l1d_accesses) * (7 - e.l1_access_pj);
        CHECK(d == Approx(want).epsilon(1e-9));
    }
}

TEST_CASE("interpret-only phases: CMS work energy and series points", "[trace][series]") {
    vliw::Config cfg =
        vliw::load_config("tm5800", {"energy.cms_pj_per_cycle=2", "energy.leakage_pj_per_cycle=1"});
    trace::CollectorOptions o;
    o.series_interval = 500;
    Collector c(cfg, o);
    c.on_phase({Phase::Interpret, 0, 400, 10, 0, false}, nullptr);
    c.on_phase({Phase::Interpret, 400, 1000, 15, 0, false}, nullptr);
    c.on_phase({Phase::Interpret, 1000, 1100, 2, 0, false}, nullptr);
    c.finish(1100);
    CHECK(c.counters().charged_cycles == 1100);
    CHECK(c.guest_insns() == 27);
    CHECK(c.phase_energy_pj(Phase::Interpret) == Approx(1100 * 3.0));
    REQUIRE(c.series().size() == 2); // at 1000 (first end past 500) and the final 1100
    CHECK(c.series()[0].cycle == 1000);
    CHECK(c.series()[0].guest_insns == 25);
    CHECK(c.series()[1].cycle == 1100);
    CHECK(c.series()[1].energy_pj == Approx(1100 * 3.0));
}

TEST_CASE("an automatic series interval stays bounded and exact", "[trace][series]") {
    vliw::Config cfg = vliw::load_config("tm5800");
    Collector c(cfg);
    const uint64_t n = 20000, len = 1000;
    for (uint64_t i = 0; i < n; ++i)
        c.on_phase({Phase::Interpret, i * len, (i + 1) * len, 7, 0, false}, nullptr);
    c.finish(n * len);
    CHECK(c.series().size() <= Collector::kMaxAutoRows);
    CHECK(c.series().size() >= Collector::kMaxAutoRows / 4);
    CHECK(c.series().back().cycle == n * len);
    CHECK(c.series().back().guest_insns == 7.0 * n);
    for (size_t i = 1; i < c.series().size(); ++i) {
        CHECK(c.series()[i].cycle > c.series()[i - 1].cycle);
        // Cumulative values: the instruction count at a point is exact.
        CHECK(c.series()[i].guest_insns == 7.0 * double(c.series()[i].cycle / len));
    }
}

TEST_CASE("trace slices merge, tile the run and stop at the cap", "[trace][perfetto]") {
    vliw::Config cfg = vliw::load_config("tm5800");
    trace::CollectorOptions o;
    o.record_trace = true;
    o.max_slices = 10;
    Collector c(cfg, o);
    uint64_t t = 0;
    for (int i = 0; i < 100; ++i) {
        const Phase p = i % 3 == 2 ? Phase::Translate : Phase::Interpret;
        c.on_phase({p, t, t + 10, 1, uint32_t(0x100 + i), false}, nullptr);
        t += 10;
    }
    c.finish(t);
    const auto& s = c.slices();
    REQUIRE(s.size() == 10);
    CHECK(s.front().begin == 0);
    CHECK(s.back().end == t);
    CHECK(s.back().unrecorded);
    CHECK(c.trace_truncated());
    for (size_t i = 1; i < s.size(); ++i)
        CHECK(s[i].begin == s[i - 1].end);
    // Consecutive interpret stretches merge into one slice.
    CHECK(s[0].phase == Phase::Interpret);
    CHECK(s[0].end == 20);
}
