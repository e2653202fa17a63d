// The VLIW machine's VCD waveform (Machine::enable_vcd, behind --vcd) read
// back with a VCD parser and compared with the machine's own counters: a
// program with load-use, dependency, branch and cache stalls, a commit per
// loop iteration, stores in the gated store buffer and a host rollback.
// With no faults and no cycle limit every counted event is in the waveform,
// so the figures must agree exactly.
#include "vcd_parse.hpp"
#include "vliw/machine.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <unistd.h>

using namespace cm::vliw;

namespace {

constexpr uint32_t kCode = 0x1000, kData = 0x80000;

std::string temp_path(const char* tag) {
    return "/tmp/cm_vcd_test_" + std::to_string(::getpid()) + "_" + tag + ".vcd";
}

} // namespace

TEST_CASE("VCD: pulses, stalls, pc and time agree with the machine's counters", "[trace][vcd]") {
    const Machine::Backend backend = GENERATE(Machine::Backend::Plain, Machine::Backend::SystemC);
    const std::string path = temp_path(backend == Machine::Backend::Plain ? "plain" : "systemc");
    const Config cfg = load_config("tm5800");
    const unsigned iterations = 37;
    Counters c;
    uint32_t end_pc = 0;
    {
        Machine m(cfg, backend);
        m.enable_vcd(path);
        Program p = m.assemble(R"(
                  movi r2, 0 ; movi r6, 3
            loop: ld.w r3, [r10]
                  add r2, r2, r3
                  mul r4, r2, r6
                  add r5, r4, r4 ; st.w [r10], r2
                  addi r1, r1, -1 ; commit
                  bnz r1, loop
            done: exit 0 ; commit
            )",
                               kCode);
        m.load(p);
        m.set_gpr(1, iterations);
        m.set_gpr(10, kData);
        m.write32(kData, 5);
        ExitRecord r = m.run(kCode, 1'000'000);
        REQUIRE(r.reason == ExitReason::Exit);
        // Three uncommitted stores, then the host rolls them back.
        Program q = m.assemble("st.w [r10], r2\nst.w [r10], r3\nst.w [r10], r4\nend: exit 1",
                               kCode + 0x400);
        m.load(q);
        end_pc = q.label("end");
        r = m.run(kCode + 0x400, 1'000'000);
        REQUIRE(r.reason == ExitReason::Exit);
        REQUIRE(m.store_buffer_size() == 3);
        m.rollback();
        c = m.counters();
        m.disable_vcd(); // closes the file
    }
    cm::test::Vcd v = cm::test::read_vcd(path);
    std::remove(path.c_str());

    const uint64_t period = (1000000u + cfg.vliw.clock_mhz / 2) / cfg.vliw.clock_mhz;
    CHECK(v.timescale == "1ps");
    CHECK(v.sig("pc").width == 32);
    CHECK(v.sig("sb_occupancy").width == 16);
    CHECK(v.sig("stall_cause").width == 3);

    REQUIRE(c.commits == iterations + 1);
    CHECK(v.sig("commit").rises == c.commits);
    REQUIRE(c.rollbacks == 1);
    CHECK(v.sig("rollback").rises == c.rollbacks);
    // Stall cycles: the stall signal is high for exactly the cycles the
    // counters lost. stall_cause shows one cause per stalled molecule (the
    // one that cost most; the counters split a molecule's stall among its
    // causes), so per cause only "shown implies counted" holds.
    REQUIRE(c.stalls() > 0);
    uint64_t total = 0;
    for (const auto& [cause, t] : v.stall_time_by_cause) {
        INFO("stall cause " << cause);
        REQUIRE(cause < unsigned(StallCause::Count_));
        CHECK(t % period == 0);
        CHECK(c.stall_cycles[cause] > 0);
        total += t / period;
    }
    CHECK(total == c.stalls());
    CHECK(v.stall_time_by_cause.size() >= 3);
    CHECK(c.stall_cycles[unsigned(StallCause::LoadUse)] > 0);
    CHECK(c.stall_cycles[unsigned(StallCause::Branch)] > 0);
    // The last molecule issued was the store run's exit; the loop moved pc
    // at least twice per iteration.
    CHECK(v.sig("pc").value == end_pc);
    CHECK(v.sig("pc").changes >= 2 * iterations);
    // Occupancy rose to the three uncommitted stores; rollback emptied it.
    CHECK(v.sig("sb_occupancy").max == 3);
    CHECK(v.sig("sb_occupancy").value == 0);
    // The waveform ends with the rollback, at the machine's final cycle.
    CHECK(v.last_time == c.cycles * period);
}
