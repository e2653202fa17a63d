// A synthetic stats document that follows the "codemorph-stats-1" schema
// (see traces/include/trace/stats.hpp), for the report tests: they must not
// depend on a particular run's numbers. Strings carry HTML and script
// fragments on purpose, to test the report's escaping.
#pragma once

#include <boost/json.hpp>

#include <cmath>
#include <string>

namespace cm::test {

/// `rows` time-series rows; `broken_power` puts a string into one power
/// cell (the power chart must then refuse to draw).
inline boost::json::object synthetic_stats(unsigned rows = 40, bool broken_power = false) {
    namespace json = boost::json;
    json::object s;
    s["schema"] = "codemorph-stats-1";
    s["run"] = {{"program", "/tmp/</script><b>evil</b> & \"quoted\" 'prog'"},
                {"args", json::array{"prog", "--x=<y>", "a&b"}},
                {"mode", "translate"},
                {"preset", "tm5800"},
                {"exit_status", 0},
                {"host_seconds", 0.25},
                {"guest_instructions", 1234567},
                {"cycles", 2000000},
                {"clock_mhz", 667.0}};
    s["config"] = {
        {"vliw.alias_registers", 8}, {"energy.leakage_mw", 120.5}, {"cms.hot_threshold", 50}};
    s["counters"] = {
        {"core",
         {{"molecules", {{"value", 900000}, {"unit", "molecules"}, {"desc", "molecules issued"}}},
          {"atoms", {{"value", 2100000}, {"unit", "atoms"}, {"desc", "atoms <executed>"}}}}},
        {"l1d",
         {{"accesses", {{"value", 400000}, {"unit", "accesses"}, {"desc", "L1D lookups"}}}}}};
    s["derived"] = {
        {"guest_ipc",
         {{"value", 0.617}, {"unit", "insns/cycle"}, {"desc", "guest instructions per cycle"}}},
        {"atoms_per_molecule",
         {{"value", 2.33}, {"unit", "atoms"}, {"desc", "atoms per molecule"}}},
        {"slot_utilisation", {{"value", 0.58}, {"unit", "ratio"}, {"desc", "filled slots"}}},
        {"translated_share", {{"value", 0.93}, {"unit", "ratio"}, {"desc", "translated share"}}},
        {"rollback_rate",
         {{"value", 0.001}, {"unit", "per commit"}, {"desc", "rollbacks per commit"}}},
        {"molecules_per_guest_insn",
         {{"value", 0.78}, {"unit", "molecules"}, {"desc", "molecules per insn"}}},
        {"stall.load_use_share",
         {{"value", 0.12}, {"unit", "ratio"}, {"desc", "load-use stall share"}}},
        {"stall.dcache_share",
         {{"value", 0.05}, {"unit", "ratio"}, {"desc", "D-cache stall share"}}},
        {"stall.branch_share",
         {{"value", 0.02}, {"unit", "ratio"}, {"desc", "branch stall share"}}}};
    s["cycles_by_phase"] = {{"interpret", 300000},
                            {"translate", 150000},
                            {"lookup", 20000},
                            {"rollback", 5000},
                            {"translated", 1525000}};
    s["energy"] = {
        {"total_pj", 3.0e8},
        {"dynamic_pj", 2.2e8},
        {"leakage_pj", 0.8e8},
        {"avg_power_mw", 98.76},
        {"pj_per_guest_insn", 243.0},
        {"by_block", {{"core", 1.2e8}, {"regfile", 0.5e8}, {"l1d", 0.3e8}, {"l2", 0.2e8}}},
        {"by_event",
         {{"atom.alu", {{"count", 1500000}, {"pj_each", 40.0}, {"pj", 6.0e7}}},
          {"l1d.access", {{"count", 400000}, {"pj_each", 75.0}, {"pj", 3.0e7}}}}},
        {"by_cms_phase", {{"interpret", 0.6e8}, {"translate", 0.3e8}, {"translated", 2.1e8}}}};
    json::array rs;
    for (unsigned i = 0; i < rows; ++i) {
        double t = double(i);
        json::array r{(i + 1) * 50000, (i + 1) * 30000, 0.5 + 0.3 * std::sin(t / 5),
                      90 + 20 * std::cos(t / 7), std::min(1.0, t / rows)};
        if (broken_power && i == rows / 2) r[3] = "n/a";
        rs.push_back(std::move(r));
    }
    s["series"] = {
        {"interval_cycles", 50000},
        {"columns", json::array{"cycle", "guest_insns", "ipc", "power_mw", "translated_share"}},
        {"rows", std::move(rs)}};
    json::array regions;
    for (unsigned i = 0; i < 5; ++i) {
        char entry[16];
        std::snprintf(entry, sizeof entry, "0x%08x", 0x0804a000u + i * 0x40);
        regions.push_back(
            {{"entry", entry},
             {"guest_insns", 12 + i},
             {"executions", 10000 / (i + 1)},
             {"cycles", 400000 / (i + 1)},
             {"energy_pj", 5.0e7 / (i + 1)},
             {"guest_code",
              "0x0804a000  cmp eax, 0x10 ; a<b && c>d\n0x0804a003  jl 0x0804a000 </script>"},
             {"molecules", "{ add r1, r2, r3 ; ld r4, [r5] }\n{ br.lt 0xc0000000 ; commit }"}});
    }
    s["regions"] = std::move(regions);
    return s;
}

} // namespace cm::test
