// The SystemC platform: same results as the plain core, reconfigurable
// process-wide platform, quantum synchronisation, TLM faults, VCD dump,
// listeners.
#include "helpers.hpp"

#include <systemc>

#include <fstream>
#include <sstream>

using namespace vt;

namespace {

const char* kLoop = R"(
        movi r1, 200 ; movi r2, 0
  loop: { ld.w r3, [r10] ; addi r1, r1, -1 ; addf r2, r2, r1 }
        { st.w [r10], r2 ; bnz r1, loop ; commit }
        divu r4, r2, r11
        exit 5 ; commit)";

struct Snapshot {
    ExitRecord rec;
    uint32_t r2, r4, mem;
    Counters c;
};

Snapshot run_loop(Machine& m) {
    m.set_gpr(10, kData);
    m.set_gpr(11, 3);
    Snapshot s;
    s.rec = run(m, kLoop);
    s.r2 = m.gpr(2);
    s.r4 = m.gpr(4);
    s.mem = m.read32(kData);
    s.c = m.counters();
    return s;
}

struct Recorder : Listener {
    unsigned commits = 0, samples = 0, runs = 0, faults = 0;
    void on_event(const Event& e) override {
        if (e.kind == EventKind::Commit) ++commits;
        if (e.kind == EventKind::RunEnd) ++runs;
        if (e.kind == EventKind::Fault) ++faults;
    }
    void on_sample(uint64_t, const Counters&) override { ++samples; }
};

} // namespace

TEST_CASE("SystemC and plain backends agree exactly", "[systemc]") {
    Snapshot plain, sc;
    {
        Machine m(cfg(), Machine::Backend::Plain);
        plain = run_loop(m);
    }
    {
        Machine m(cfg());
        CHECK(m.backend() == Machine::Backend::SystemC);
        sc = run_loop(m);
    }
    REQUIRE(plain.rec.reason == ExitReason::Exit);
    CHECK(sc.rec.reason == plain.rec.reason);
    CHECK(sc.rec.code == 5);
    CHECK(sc.rec.cycles == plain.rec.cycles);
    CHECK(sc.rec.molecules == plain.rec.molecules);
    CHECK(sc.r2 == plain.r2);
    CHECK(sc.r4 == plain.r4);
    CHECK(sc.mem == plain.mem);
    CHECK(sc.r2 == 200 * 201 / 2); // addf reads r1 before the decrement
    CHECK(sc.c.commits == plain.c.commits);
    CHECK(sc.c.l1d_misses == plain.c.l1d_misses);
    CHECK(sc.c.stalls() == plain.c.stalls());
}

TEST_CASE("the process-wide SystemC platform is reconfigured for each Machine", "[systemc]") {
    for (const char* preset : {"tm5800", "efficeon", "tm5800"}) {
        Machine m(cfg({}, preset));
        CHECK(m.memory_size() == uint64_t(m.config().memory.size_mb) << 20);
        CHECK(m.read32(kData) == 0); // fresh memory
        Snapshot s = run_loop(m);
        CHECK(s.rec.reason == ExitReason::Exit);
        CHECK(s.r2 == 200 * 201 / 2);
        // Second Machine while this one lives: refused.
        CHECK_THROWS_AS(Machine(cfg({}, preset)), std::logic_error);
    }
    Machine a(cfg(), Machine::Backend::Plain),
        b(cfg(), Machine::Backend::Plain); // plain: any number
    CHECK(run_loop(a).r2 == run_loop(b).r2);
}

TEST_CASE("temporal decoupling: SystemC time follows the cycle count at quantum boundaries",
          "[systemc]") {
    Machine m(cfg({"vliw.quantum_cycles=100", "vliw.clock_mhz=500"}));
    Recorder rec;
    m.add_listener(&rec);
    const sc_core::sc_time t0 = sc_core::sc_time_stamp();
    const uint64_t c0 = m.cycles();
    ExitRecord r = run(m, "loop: br loop", 10000);
    CHECK(r.reason == ExitReason::CycleLimit);
    CHECK(m.cycles() - c0 == 10000);
    const sc_core::sc_time dt = sc_core::sc_time_stamp() - t0;
    CHECK(dt == sc_core::sc_time(10000 * 2.0, sc_core::SC_NS)); // 2 ns per cycle at 500 MHz
    CHECK(rec.samples >= 99);
    CHECK(rec.runs == 1);
    // Regression: reset() once re-registered listeners, doubling every event.
    m.reset();
    run(m, "exit 0");
    CHECK(rec.runs == 2);
    m.remove_listener(&rec);
}

TEST_CASE("memory faults come back through TLM (no DMI over no-access regions)", "[systemc]") {
    Machine m(cfg());
    m.set_gpr(1, kData);
    m.set_gpr(2, 7);
    ExitRecord r = run(m, "st.w [r1], r2 ; commit\nld.w r3, [r1]\nexit 0");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.gpr(3) == 7);
    m.set_no_access(kData, 4096);
    r = m.run(kCode, 1000);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.fault_addr == kData);
    m.rollback();
    m.set_no_access(kData, 4096, false);
    r = m.run(kCode, 1000);
    CHECK(r.reason == ExitReason::Exit);
    m.set_gpr(1, uint32_t(m.memory_size()) - 1);
    r = m.run(kCode, 1000);
    CHECK(r.reason == ExitReason::MemoryFault);
    m.rollback();
}

TEST_CASE("opt-in VCD dump of pc, commit, rollback, store buffer and stalls", "[systemc][vcd]") {
    const std::string path = std::string(CM_TEST_TMP_DIR) + "/vliw_test.vcd";
    {
        Machine m(cfg());
        m.enable_vcd(path);
        Snapshot s = run_loop(m);
        REQUIRE(s.rec.reason == ExitReason::Exit);
        m.rollback();
        m.disable_vcd();
    }
    std::ifstream in(path);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string vcd = ss.str();
    CHECK(vcd.find("$var wire 32 ! pc $end") != std::string::npos);
    CHECK(vcd.find("$enddefinitions $end") != std::string::npos);
    CHECK(vcd.find("\n1\"\n") != std::string::npos); // a commit pulse
    CHECK(vcd.find("\n1#\n") != std::string::npos);  // the rollback
    CHECK(vcd.find("\n1%\n") != std::string::npos);  // a stall
    // Time stamps increase.
    std::istringstream lines(vcd);
    std::string line;
    long long last = -1;
    bool ok = true;
    while (std::getline(lines, line))
        if (!line.empty() && line[0] == '#') {
            long long t = std::stoll(line.substr(1));
            ok &= t > last;
            last = t;
        }
    CHECK(ok);
}

TEST_CASE("listeners see commits, faults and run ends", "[systemc]") {
    Machine m(cfg());
    Recorder rec;
    m.add_listener(&rec);
    Snapshot s = run_loop(m);
    CHECK(rec.commits == s.c.commits);
    CHECK(rec.commits == 201);
    m.set_gpr(11, 0);
    m.set_gpr(2, 1);
    m.run(kCode + 8 + 16 + 8, 100); // the divide molecule
    CHECK(rec.faults == 1);
    CHECK(rec.runs == 2);
    m.remove_listener(&rec);
    unsigned n = 0;
    for_each_counter(m.counters(),
                     [&](std::string_view, std::string_view unit, std::string_view, uint64_t) {
                         ++n;
                         CHECK_FALSE(unit.empty());
                     });
    CHECK(n > 40);
}
