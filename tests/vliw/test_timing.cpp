// Exact cycle counts for crafted sequences on the tm5800 preset
// (alu 1, mul 3, div 20 unpipelined, load-use 2, L2 +10, memory +80,
// taken branch +1, indirect +3, L1 lines 32 B, L2 lines 64 B).
#include "helpers.hpp"

#include "vliw/cache.hpp"

#include <algorithm>
#include <vector>

using namespace vt;

namespace {

uint64_t stall(const Machine& m, StallCause c) {
    return m.counters().stall_cycles[static_cast<unsigned>(c)];
}

// Loads the program, runs it once to warm the caches, resets the counters
// and runs it again; returns the second run.
ExitRecord warm(
    Machine& m, const std::string& text, const std::function<void()>& setup = [] {}) {
    setup();
    ExitRecord first = run(m, text);
    REQUIRE(first.reason == ExitReason::Exit);
    setup();
    m.charge(1000); // let in-flight results and drains settle
    m.reset_counters();
    ExitRecord r = m.run(kCode, 100000);
    REQUIRE(r.reason == ExitReason::Exit);
    // Every lost cycle has exactly one cause.
    CHECK(r.cycles == r.molecules + m.counters().stalls());
    return r;
}

} // namespace

TEST_CASE("independent atoms fill slots: one molecule per cycle", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    ExitRecord r = warm(m, R"(
        movi r1, 1 ; movi r2, 2 ; ld.w r3, [r10] ; nop
        movi r4, 4 ; movi r5, 5
        movi r6, 6 ; movi r7, 7 ; fconst f1, one ; st.w [r10], r1
        exit 0)",
                        [&] { m.set_gpr(10, kData); });
    CHECK(r.cycles == 4);
    CHECK(m.counters().stalls() == 0);
    CHECK(m.counters().atoms == 10);
}

TEST_CASE("dependent chains wait for their producers' latency", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    ExitRecord r = warm(m, "movi r1, 1\nadd r1, r1, r1\nadd r1, r1, r1\nadd r1, r1, r1\nexit 0");
    CHECK(r.cycles == 5);
    CHECK(m.gpr(1) == 8);

    r = warm(m, "movi r1, 3\nmul r1, r1, r1\nmul r1, r1, r1\nexit 0");
    CHECK(r.cycles == 6);
    CHECK(stall(m, StallCause::Dependency) == 2);
    CHECK(m.gpr(1) == 81);

    // Flags are a register too: setcc waits for a mul-free flag producer (1 cycle).
    r = warm(m, "cmp r1, r2\nsetcc r3, e\nexit 0");
    CHECK(r.cycles == 3);
}

TEST_CASE("load-use latency", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    ExitRecord r = warm(m, "ld.w r2, [r10]\nadd r3, r2, r2\nexit 0", [&] { m.set_gpr(10, kData); });
    CHECK(r.cycles == 4);
    CHECK(stall(m, StallCause::LoadUse) == 1);
}

TEST_CASE("the divider is unpipelined", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    ExitRecord r = warm(m, "divu r3, r1, r2\ndivu r4, r1, r2\nadd r5, r3, r4\nexit 0", [&] {
        m.set_gpr(1, 100);
        m.set_gpr(2, 7);
    });
    CHECK(r.cycles == 42);
    CHECK(stall(m, StallCause::Divider) == 19);
    CHECK(stall(m, StallCause::Dependency) == 19);
}

TEST_CASE("data cache misses block for the L2 / memory latency", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    warm(m, "ld.w r2, [r10]\nexit 0", [&] { m.set_gpr(10, kData); });
    auto again = [&](uint32_t addr) {
        m.set_gpr(10, addr);
        m.charge(1000);
        m.reset_counters();
        return m.run(kCode, 100000);
    };
    ExitRecord r = again(kData + 0x10000); // L1 and L2 miss
    CHECK(r.cycles == 2 + 90);
    CHECK(stall(m, StallCause::DCache) == 90);
    CHECK(m.counters().l2_misses == 1);
    r = again(kData + 0x10020); // other half of the same 64-byte L2 line: L1 miss, L2 hit
    CHECK(r.cycles == 2 + 10);
    r = again(kData + 0x10020); // L1 hit
    CHECK(r.cycles == 2);
    // A load crossing two L1 lines touches both.
    r = again(kData + 0x2001e);
    CHECK(m.counters().l1d_accesses == 2);
    CHECK(r.cycles == 2 + 90 + 10);

    // Load-use after a miss: the consumer waits for the data.
    ExitRecord lu =
        warm(m, "ld.w r2, [r10]\nadd r3, r2, r2\nexit 0", [&] { m.set_gpr(10, kData); });
    CHECK(lu.cycles == 4);
    m.set_gpr(10, kData + 0x40000);
    m.charge(1000);
    m.reset_counters();
    lu = m.run(kCode, 100000);
    CHECK(lu.cycles == 4 + 90);
}

TEST_CASE("instruction cache misses stall fetch", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    ExitRecord r = run(m, "exit 0", 1000, 0x3000);
    CHECK(r.cycles == 1 + 90);
    CHECK(stall(m, StallCause::ICache) == 90);
    r = run(m, "exit 0", 1000, 0x3020);
    CHECK(r.cycles == 1 + 10);
    r = m.run(0x3000, 1000);
    CHECK(r.cycles == 1);
}

TEST_CASE("taken and indirect branch penalties", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    ExitRecord r = warm(m, "br next\nnext: exit 0");
    CHECK(r.cycles == 3);
    CHECK(stall(m, StallCause::Branch) == 1);
    r = warm(m, "li r5, next ; nop\njr r5\nnext: exit 0");
    CHECK(r.cycles == 2 + 1 + 3);
    CHECK(stall(m, StallCause::Branch) == 3);
    r = warm(m, "bz r1, far\nexit 0\nfar: exit 1", [&] { m.set_gpr(1, 1); }); // not taken: free
    CHECK(r.cycles == 2);
}

TEST_CASE("committed stores drain at the configured bandwidth", "[timing][store_buffer]") {
    Machine m(cfg({"vliw.store_buffer_entries=4"}), Machine::Backend::Plain);
    ExitRecord r = warm(m, R"(
        st.w [r1], r2
        st.w [r1], r2
        st.w [r1], r2
        st.w [r1], r2 ; commit
        st.w [r1], r2
        exit 0 ; commit)",
                        [&] { m.set_gpr(1, kData); });
    CHECK(r.cycles == 7);
    CHECK(stall(m, StallCause::StoreBuffer) == 1);
    m.rollback();
}

TEST_CASE("Efficeon issues two memory atoms per molecule; tm5800 cannot", "[timing]") {
    const char* prog = "ld.w r1, [r10] ; ld.w r2, [r11] ; movi r3, 1 ; movi r4, 2 ; movi r5, 3 ; "
                       "movi r6, 4\nexit 0";
    Machine e(cfg({}, "efficeon"), Machine::Backend::Plain);
    ExitRecord r = warm(e, prog, [&] {
        e.set_gpr(10, kData);
        e.set_gpr(11, kData + 4);
    });
    CHECK(r.cycles == 2);
    Machine t(cfg(), Machine::Backend::Plain);
    Program p = assemble(prog, {kCode, 8, 2});
    t.load(p);
    CHECK(t.run(kCode, 100).reason == ExitReason::IllegalMolecule);
}

TEST_CASE("CMS cycles charged to the machine", "[timing]") {
    Machine m(cfg(), Machine::Backend::Plain);
    uint64_t c0 = m.cycles();
    m.charge(1234);
    CHECK(m.cycles() == c0 + 1234);
    CHECK(m.counters().charged_cycles == 1234);
}

// The cache model against an independent true-LRU model (a recency list per
// set), over random accesses with repeats and flushes: the core's host-speed
// paths (repeat of the last line, packed tags and stamps) keep it exact.
TEST_CASE("cache model is true LRU", "[timing][cache]") {
    struct Ref {
        uint32_t sets, ways, line;
        std::vector<std::vector<uint32_t>> lru; // per set, most recent first
        bool access(uint32_t addr) {
            const uint32_t l = addr / line;
            auto& s = lru[l % sets];
            auto it = std::find(s.begin(), s.end(), l);
            const bool hit = it != s.end();
            if (hit) s.erase(it);
            else if (s.size() == ways) s.pop_back();
            s.insert(s.begin(), l);
            return hit;
        }
    };
    const uint32_t geo[][3] = {{1024, 4, 32}, {4096, 8, 64}, {512, 1, 16}, {256, 8, 32}};
    for (const auto& g : geo) {
        Cache c({g[0], g[1], g[2]});
        Ref ref{g[0] / (g[1] * g[2]), g[1], g[2], {}};
        ref.lru.resize(ref.sets);
        uint32_t x = 12345, hits = 0;
        for (int i = 0; i < 200000; ++i) {
            x = x * 1103515245u + 12345u;
            if ((x >> 8) % 20000 == 0) {
                c.flush();
                for (auto& s : ref.lru)
                    s.clear();
            }
            const uint32_t addr = (x >> 4) % 3 == 0 ? (x >> 7) % 65536 : (x >> 9) % 4096;
            const bool h = c.access(addr);
            REQUIRE(h == ref.access(addr));
            hits += h;
            REQUIRE(c.access(addr)); // a repeat always hits
            ref.access(addr);
        }
        CHECK(hits > 1000);
    }
}

// Per-molecule counts are booked in bulk; whoever looks (a listener's
// sample at a quantum boundary, counters() after a run) sees exact values.
TEST_CASE("counters are exact at every sample and after code changes", "[timing]") {
    struct Check final : Listener {
        uint64_t samples = 0, bad = 0;
        void on_sample(uint64_t cycle, const Counters& c) override {
            ++samples;
            // Each issue cycle is a molecule or a stall; the machine started at 0.
            if (c.cycles != cycle || c.molecules + c.stalls() + c.charged_cycles != cycle) ++bad;
        }
    } chk;
    Machine m(cfg({"vliw.quantum_cycles=7"}));
    m.add_listener(&chk);
    const std::string text = R"(
        movi r1, 300 ; nop
        loop: addi r1, r1, -1 ; nop
        addi r2, r2, 1 ; bnz r1, loop
        exit 0)";
    ExitRecord r = run(m, text);
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(chk.samples > 80);
    CHECK(chk.bad == 0);
    const Counters& c = m.counters();
    CHECK(c.molecules == 1 + 300 * 2 + 1);
    CHECK(r.molecules == c.molecules);
    CHECK(c.atoms == 1 + 300 * 3 + 1);
    CHECK(c.branches == 300);
    CHECK(c.branches_taken == 299);
    CHECK(c.gpr_writes == 1 + 300 * 2);
    CHECK(c.l1i_accesses * 8 >= c.code_bytes_fetched); // one line per molecule or more
    // Rewriting the code drops the decodes; the counts go on exactly.
    m.remove_listener(&chk);
    m.reset_counters();
    r = run(m, text);
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.counters().molecules == 1 + 300 * 2 + 1);
    CHECK(m.counters().branches == 300);
}
