// vcd_check VCD STATS.json [--min-rollbacks N]
// Compares the waveform of a `codemorph run --vcd` with the same run's
// --stats counters (counters.core.*):
//   - the header declares the core's signals with their widths, time is
//     in ps and every timestamp is a whole cycle of vliw.clock_mhz;
//   - rollback pulses == core.rollbacks (every rollback reaches the core);
//   - commit pulses <= core.commits (the CMS also commits from the host
//     when it enters the machine; those are not molecules) and > 0;
//   - stall-high cycles <= core stall cycles (a molecule that faults or
//     meets the cycle limit stalled without issuing), and >= 90% of them;
//   - the waveform ends within the run: last time <= core.cycles periods.
// Prints the figures; exit 0 when all hold, 1 otherwise, 2 on bad input.
#include "vcd_parse.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace json = boost::json;

namespace {

uint64_t counter(const json::object& stats, const char* block, const std::string& name) {
    return stats.at("counters").at(block).at(name).at("value").to_number<uint64_t>();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: vcd_check VCD STATS.json [--min-rollbacks N]\n");
        return 2;
    }
    uint64_t min_rollbacks = 0;
    if (argc == 5 && std::string(argv[3]) == "--min-rollbacks")
        min_rollbacks = std::stoull(argv[4]);
    try {
        std::ifstream sf(argv[2]);
        std::ostringstream ss;
        ss << sf.rdbuf();
        const json::object stats = json::parse(ss.str()).as_object();
        const cm::test::Vcd v = cm::test::read_vcd(argv[1]);

        const uint64_t mhz = stats.at("config").at("vliw.clock_mhz").to_number<uint64_t>();
        const uint64_t period = (1000000 + mhz / 2) / mhz;
        const uint64_t cycles = counter(stats, "core", "cycles"),
                       commits = counter(stats, "core", "commits"),
                       rollbacks = counter(stats, "core", "rollbacks");
        uint64_t stalls = 0;
        for (const auto& kv : stats.at("counters").at("core").as_object())
            if (kv.key().starts_with("stall."))
                stalls += kv.value().at("value").to_number<uint64_t>();
        uint64_t vstall = 0;
        bool whole = v.first_time % period == 0 && v.last_time % period == 0;
        for (const auto& [cause, t] : v.stall_time_by_cause)
            vstall += t / period, whole &= t % period == 0;

        int bad = 0;
        auto expect = [&](bool ok, const char* what) {
            std::printf("%-4s %s\n", ok ? "ok" : "FAIL", what);
            bad += !ok;
        };
        std::printf("period %llu ps, %llu timestamps, last at cycle %llu of %llu\n",
                    (unsigned long long)period, (unsigned long long)v.timestamps,
                    (unsigned long long)(v.last_time / period), (unsigned long long)cycles);
        std::printf(
            "commit pulses %llu / core.commits %llu; rollback pulses %llu / core.rollbacks %llu; "
            "stall cycles %llu / core stall cycles %llu\n",
            (unsigned long long)v.sig("commit").rises, (unsigned long long)commits,
            (unsigned long long)v.sig("rollback").rises, (unsigned long long)rollbacks,
            (unsigned long long)vstall, (unsigned long long)stalls);
        expect(v.timescale == "1ps", "timescale 1ps");
        expect(v.sig("pc").width == 32 && v.sig("commit").width == 1 &&
                   v.sig("rollback").width == 1 && v.sig("sb_occupancy").width == 16 &&
                   v.sig("stall").width == 1 && v.sig("stall_cause").width == 3,
               "signals pc/32 commit/1 rollback/1 sb_occupancy/16 stall/1 stall_cause/3");
        expect(whole, "timestamps and stall lengths are whole cycles");
        expect(v.sig("rollback").rises == rollbacks, "rollback pulses == core.rollbacks");
        expect(rollbacks >= min_rollbacks, "the run rolled back (as this test needs)");
        expect(v.sig("commit").rises > 0 && v.sig("commit").rises <= commits,
               "0 < commit pulses <= core.commits");
        expect(vstall <= stalls && vstall * 10 >= stalls * 9,
               "90% of core stall cycles <= stall-high cycles <= them");
        expect(v.last_time / period <= cycles, "the waveform ends within the run");
        return bad ? 1 : 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "vcd_check: %s\n", e.what());
        return 2;
    }
}
