// trace_check: checks codemorph's --stats and --trace outputs against the
// schema, against each other and against reference counts.
//   trace_check stats STATS.json NATIVE_INSNS [--interval N]
//   trace_check delta A.json B.json PARAM DELTA   (B ran with PARAM += DELTA)
//   trace_check trace TRACE.json STATS.json
// Prints every failed check; exits 1 if any failed.
#include <boost/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace json = boost::json;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
    if (!ok) {
        ++failures;
        std::cout << "FAIL: " << what << "\n";
    }
}

bool close(double a, double b, double rel = 1e-9) {
    return std::fabs(a - b) <= rel * std::max({1.0, std::fabs(a), std::fabs(b)});
}

json::value load(const std::string& path) {
    std::ifstream f(path);
    if (!f) {
        std::cout << "FAIL: cannot open " << path << "\n";
        std::exit(1);
    }
    std::stringstream ss;
    ss << f.rdbuf();
    boost::system::error_code ec;
    json::value v = json::parse(ss.str(), ec);
    if (ec) {
        std::cout << "FAIL: " << path << " does not parse: " << ec.message() << "\n";
        std::exit(1);
    }
    return v;
}

double num(const json::value& v) {
    if (v.is_int64()) return double(v.as_int64());
    if (v.is_uint64()) return double(v.as_uint64());
    if (v.is_double()) return v.as_double();
    throw std::runtime_error("not a number: " + json::serialize(v));
}
bool is_int(const json::value& v) {
    return v.is_int64() || v.is_uint64();
}
uint64_t u(const json::value& v) {
    return v.is_uint64() ? v.as_uint64() : uint64_t(v.as_int64());
}

const json::value& at(const json::value& v, const std::string& path) {
    const json::value* p = &v;
    std::string part;
    std::stringstream ss(path);
    while (std::getline(ss, part, '/')) {
        if (!p->is_object() || !p->as_object().contains(part))
            throw std::runtime_error("missing key " + path);
        p = &p->as_object().at(part);
    }
    return *p;
}

void check_figures(const json::object& o, const std::string& where, bool ints) {
    for (const auto& kv : o) {
        const std::string n = where + "/" + std::string(kv.key());
        const json::value& c = kv.value();
        check(c.is_object() && c.as_object().contains("value") && c.as_object().contains("unit") &&
                  c.as_object().contains("desc"),
              n + " has value, unit, desc");
        if (!c.is_object()) continue;
        const json::object& co = c.as_object();
        if (co.contains("value"))
            check(ints ? is_int(co.at("value")) : co.at("value").is_number(), n + " value type");
        if (co.contains("unit"))
            check(co.at("unit").is_string() && !co.at("unit").as_string().empty(), n + " unit");
        if (co.contains("desc"))
            check(co.at("desc").is_string() && !co.at("desc").as_string().empty(), n + " desc");
    }
}

int cmd_stats(const std::string& path, uint64_t native, uint64_t interval) {
    json::value d = load(path);
    check(at(d, "schema") == "codemorph-stats-1", "schema");
    const json::value& run = at(d, "run");
    for (const char* k : {"program", "mode", "preset"})
        check(at(run, k).is_string(), std::string("run/") + k);
    check(at(run, "args").is_array(), "run/args");
    for (const char* k : {"exit_status", "guest_instructions", "cycles"})
        check(is_int(at(run, k)), std::string("run/") + k);
    for (const char* k : {"host_seconds", "clock_mhz"})
        check(at(run, k).is_number(), std::string("run/") + k);
    const bool interp = at(run, "mode") == "interp";
    const uint64_t cycles = u(at(run, "cycles"));
    const double mhz = num(at(run, "clock_mhz"));

    // Every effective parameter, with the run's clock.
    const json::object& cfg = at(d, "config").as_object();
    for (const char* k :
         {"vliw.clock_mhz", "vliw.alias_registers", "vliw.l1d.size_kb", "cms.cycles_per_lookup",
          "energy.alu_pj", "energy.cms_pj_per_cycle", "energy.leakage_pj_per_cycle"})
        check(cfg.contains(k), std::string("config has ") + k);
    check(num(cfg.at("vliw.clock_mhz")) == mhz, "run clock == config clock");

    // Counters per block.
    const json::object& blocks = at(d, "counters").as_object();
    for (const char* b :
         {"core", "regfile", "l1i", "l1d", "l2", "store_buffer", "alias_unit", "branch", "cms"})
        check(blocks.contains(b), std::string("counters block ") + b);
    for (const auto& kv : blocks)
        check_figures(kv.value().as_object(), "counters/" + std::string(kv.key()), true);
    auto counter = [&](const char* b, const char* n) {
        return u(at(d, std::string("counters/") + b + "/" + n + "/value"));
    };

    // Known counts: the native instruction count, split between phases.
    check(u(at(run, "guest_instructions")) == native,
          "guest_instructions " + std::to_string(u(at(run, "guest_instructions"))) + " == native " +
              std::to_string(native));
    check(counter("cms", "interp_insns") + counter("cms", "translated_insns") == native,
          "interp + translated == native");
    check(u(at(d, "guest_insns_by_phase/interpret")) +
                  u(at(d, "guest_insns_by_phase/translated")) ==
              native,
          "guest_insns_by_phase sums to native");
    check(u(at(d, "guest_insns_by_phase/translated")) == counter("cms", "translated_insns"),
          "translated insns agree");
    check(counter("core", "cycles") == cycles, "core cycles == run cycles");
    uint64_t phase_sum = 0;
    for (const auto& kv : at(d, "cycles_by_phase").as_object())
        phase_sum += u(kv.value());
    check(phase_sum == cycles, "cycles_by_phase sums to run cycles");
    check(counter("core", "charged_cycles") == cycles - u(at(d, "cycles_by_phase/translated")),
          "charged cycles == all phases but translated");
    if (interp) {
        check(counter("core", "molecules") == 0, "interp: no molecules");
        check(u(at(d, "cycles_by_phase/interpret")) ==
                  native * u(cfg.at("cms.cycles_per_interpreted_insn")),
              "interp: cycles == insns x cms.cycles_per_interpreted_insn");
    } else {
        check(counter("core", "rollbacks") ==
                  counter("cms", "rollbacks") + counter("cms", "budget_stops"),
              "machine rollbacks == CMS rollbacks + budget stops");
        check(u(at(d, "cycles_by_phase/lookup")) ==
                  counter("cms", "lookup_stretches") * u(cfg.at("cms.cycles_per_lookup")),
              "lookup cycles == lookups x cost");
        check(u(at(d, "cycles_by_phase/rollback")) ==
                  counter("cms", "rollbacks") * u(cfg.at("cms.cycles_per_rollback")),
              "rollback cycles == rollbacks x cost");
        check(u(at(d, "cycles_by_phase/translate")) + u(at(d, "cycles_by_phase/retranslate")) ==
                  counter("cms", "translated_guest_insns") *
                      u(cfg.at("cms.cycles_per_translated_insn")),
              "translation cycles == translated guest insns x cost");
    }

    // Derived figures.
    const json::object& der = at(d, "derived").as_object();
    check_figures(der, "derived", false);
    for (const char* k : {"guest_ipc", "atoms_per_molecule", "slot_utilisation", "translated_share",
                          "rollback_rate", "molecules_per_guest_insn"})
        check(der.contains(k), std::string("derived ") + k);
    for (const auto& kv : blocks.at("core").as_object()) {
        std::string n(kv.key());
        if (n.rfind("stall.", 0) == 0) check(der.contains(n + "_share"), "derived " + n + "_share");
    }
    check(close(num(at(d, "derived/guest_ipc/value")), double(native) / double(cycles)),
          "guest_ipc");

    // Energy: the sum of events times their costs plus leakage.
    const json::value& e = at(d, "energy");
    double dyn = 0;
    std::map<std::string, double> by_block;
    for (const auto& kv : at(e, "by_event").as_object()) {
        const std::string n(kv.key());
        const json::value& ev = kv.value();
        const double pj_each = num(at(ev, "pj_each"));
        check(close(num(at(ev, "pj")), double(u(at(ev, "count"))) * pj_each),
              "by_event " + n + " pj == count x pj_each");
        const std::string param(at(ev, "param").as_string());
        check(cfg.contains(param) && num(cfg.at(param)) == pj_each,
              "by_event " + n + " cost is config " + param);
        dyn += double(u(at(ev, "count"))) * pj_each;
        by_block[std::string(at(ev, "block").as_string())] += num(at(ev, "pj"));
    }
    auto ev_count = [&](const char* n) {
        return u(at(e, std::string("by_event/") + n + "/count"));
    };
    check(ev_count("l1i_accesses") == counter("l1i", "l1i_accesses"),
          "l1i energy events == l1i counter");
    check(ev_count("l1d_accesses") == counter("l1d", "l1d_accesses"),
          "l1d energy events == l1d counter");
    check(ev_count("atoms.alu") == counter("core", "atoms.alu"),
          "alu energy events == atoms.alu counter");
    check(ev_count("commits") == counter("core", "commits"), "commit energy events == commits");
    check(ev_count("cms_work") == counter("core", "charged_cycles"),
          "CMS work events == charged cycles");
    check(ev_count("sb_writes") == counter("store_buffer", "sb_writes"), "sb writes");
    const double leak = num(cfg.at("energy.leakage_pj_per_cycle")) * double(cycles);
    check(close(num(at(e, "dynamic_pj")), dyn), "dynamic_pj == sum of count x cost");
    check(close(num(at(e, "leakage_pj")), leak), "leakage_pj == leakage x cycles");
    check(close(num(at(e, "total_pj")), dyn + leak), "total_pj == dynamic + leakage");
    double bsum = 0;
    for (const auto& kv : at(e, "by_block").as_object()) {
        bsum += num(kv.value());
        check(close(num(kv.value()), by_block[std::string(kv.key())]),
              "by_block " + std::string(kv.key()));
    }
    check(close(bsum, dyn), "by_block sums to dynamic_pj");
    double psum = 0;
    for (const auto& kv : at(e, "by_cms_phase").as_object())
        psum += num(kv.value());
    check(close(psum, dyn + leak, 1e-7), "by_cms_phase sums to total_pj");
    check(at(e, "by_cms_phase").as_object().contains("translated"), "by_cms_phase has translated");
    check(close(num(at(e, "avg_power_mw")), (dyn + leak) / double(cycles) * mhz * 1e-3),
          "avg_power_mw");
    check(close(num(at(e, "pj_per_guest_insn")), (dyn + leak) / double(native)),
          "pj_per_guest_insn");

    // Series: cumulative columns end at the run's totals.
    const json::value& s = at(d, "series");
    const json::array& cols = at(s, "columns").as_array();
    const char* want[] = {"cycle", "guest_insns", "ipc", "power_mw", "translated_share"};
    for (size_t i = 0; i < 5; ++i)
        check(cols.size() > i && cols[i] == want[i], std::string("series column ") + want[i]);
    const json::array& rows = at(s, "rows").as_array();
    check(!rows.empty(), "series has rows");
    int energy_col = -1;
    for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i] == "energy_pj") energy_col = int(i);
    uint64_t prev = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        const json::array& r = rows[i].as_array();
        check(r.size() == cols.size(), "row width");
        const uint64_t cyc = u(r[0]);
        check(i == 0 ? cyc > 0 : cyc > prev, "rows in increasing cycle order");
        if (interval && i + 1 < rows.size())
            check(cyc / interval > prev / interval,
                  "row " + std::to_string(i) + " in a new interval");
        prev = cyc;
    }
    if (!rows.empty()) {
        const json::array& last = rows.back().as_array();
        check(u(last[0]) == cycles, "last row at the run's end");
        check(u(last[1]) == native, "last row has every guest instruction");
        if (energy_col >= 0)
            check(close(num(last[size_t(energy_col)]), dyn + leak, 1e-7),
                  "last row energy == total");
    }
    if (interval) check(u(at(s, "interval_cycles")) == interval, "interval_cycles");

    // Regions, hottest first.
    const json::array& regs = at(d, "regions").as_array();
    if (interp)
        check(regs.empty(), "interp: no regions");
    else
        check(!regs.empty(), "translate: regions listed");
    const std::regex hex("0x[0-9a-f]{8}");
    uint64_t last_cycles = UINT64_MAX, rinsns = 0, rcycles = 0;
    for (const json::value& r : regs) {
        check(std::regex_match(std::string(at(r, "entry").as_string()), hex),
              "region entry format");
        for (const char* k : {"guest_insns", "executions", "cycles"})
            check(is_int(at(r, k)), std::string("region ") + k);
        check(at(r, "energy_pj").is_number(), "region energy_pj");
        check(at(r, "guest_code").is_string() && !at(r, "guest_code").as_string().empty(),
              "region guest_code");
        check(at(r, "molecules").is_string() && !at(r, "molecules").as_string().empty(),
              "region molecules");
        check(u(at(r, "cycles")) <= last_cycles, "regions sorted by cycles");
        last_cycles = u(at(r, "cycles"));
        rinsns += u(at(r, "guest_insns"));
        rcycles += u(at(r, "cycles"));
    }
    check(rinsns <= counter("cms", "translated_insns"), "region insns within translated insns");
    check(rcycles <= u(at(d, "cycles_by_phase/translated")),
          "region cycles within translated cycles");
    return failures ? 1 : 0;
}

int cmd_delta(const std::string& a, const std::string& b, const std::string& param, double delta) {
    json::value da = load(a), db = load(b);
    check(u(at(da, "run/cycles")) == u(at(db, "run/cycles")),
          "same cycles (an energy cost changes no timing)");
    check(close(num(at(db, "config/" + param)) - num(at(da, "config/" + param)), delta),
          "config shows the new cost");
    double want = 0;
    bool found = false;
    if (param == "energy.leakage_pj_per_cycle") {
        want = double(u(at(da, "run/cycles"))) * delta;
        found = true;
    }
    for (const auto& kv : at(da, "energy/by_event").as_object())
        if (at(kv.value(), "param") == param.c_str()) {
            const uint64_t n = u(at(kv.value(), "count"));
            check(n == u(at(db, "energy/by_event/" + std::string(kv.key()) + "/count")),
                  "same event counts");
            want += double(n) * delta;
            found = true;
        }
    check(found, "an event class uses " + param);
    const double got = num(at(db, "energy/total_pj")) - num(at(da, "energy/total_pj"));
    check(close(got, want, 1e-9), "total changed by " + std::to_string(got) +
                                      ", expected count x delta = " + std::to_string(want));
    check(want != 0, "the change is not trivially zero");
    return failures ? 1 : 0;
}

int cmd_trace(const std::string& tpath, const std::string& spath) {
    json::value t = load(tpath), d = load(spath);
    const double mhz = num(at(d, "run/clock_mhz"));
    const double end_us = double(u(at(d, "run/cycles"))) / mhz;
    const json::array& ev = at(t, "traceEvents").as_array();
    struct Open {
        std::string name;
        double ts;
    };
    std::map<int64_t, std::vector<Open>> stacks;
    std::map<int64_t, double> last_ts, first_b, last_e;
    std::map<std::string, int> instants, counters;
    size_t slices = 0;
    for (const json::value& v : ev) {
        const json::object& e = v.as_object();
        const std::string ph(e.at("ph").as_string());
        check(e.contains("pid"), "event has pid");
        if (ph == "M") continue;
        const double ts = num(e.at("ts"));
        if (ph == "C") {
            ++counters[std::string(e.at("name").as_string())];
            check(e.at("args").is_object() && !e.at("args").as_object().empty(),
                  "counter has a value");
            continue;
        }
        const int64_t tid = e.at("tid").to_number<int64_t>();
        if (ph == "i") {
            ++instants[std::string(e.at("name").as_string())];
            check(ts >= 0 && ts <= end_us * (1 + 1e-12), "instant within the run");
            continue;
        }
        check(ph == "B" || ph == "E", "only B/E slices (got " + ph + ")");
        if (last_ts.count(tid)) check(ts >= last_ts[tid], "timestamps never go back on a track");
        last_ts[tid] = ts;
        std::vector<Open>& st = stacks[tid];
        if (ph == "B") {
            if (!first_b.count(tid)) first_b[tid] = ts;
            st.push_back({std::string(e.at("name").as_string()), ts});
            ++slices;
        } else {
            check(!st.empty(), "E without B on track " + std::to_string(tid));
            if (!st.empty()) st.pop_back();
            last_e[tid] = ts;
        }
    }
    for (auto& [tid, st] : stacks)
        check(st.empty(), "every slice ends on track " + std::to_string(tid));
    check(slices > 0, "has slices");
    // The phase track (tid 1) tiles the run: no gaps, from 0 to the end.
    check(first_b.count(1) && first_b[1] <= 1e-9, "phase track starts at 0");
    check(last_e.count(1) && close(last_e[1], end_us, 1e-12), "phase track ends at the run's end");
    double prev_end = 0;
    std::vector<Open> open;
    for (const json::value& v : ev) {
        const json::object& e = v.as_object();
        if (e.at("ph") == "M" || e.at("ph") == "C" || e.at("ph") == "i" ||
            e.at("tid").to_number<int64_t>() != 1)
            continue;
        const double ts = num(e.at("ts"));
        if (e.at("ph") == "B") {
            check(open.empty(), "phase slices do not nest or overlap");
            check(ts == prev_end, "phase slices are contiguous");
            open.push_back({"", ts});
        } else {
            prev_end = ts;
            open.clear();
        }
    }
    auto cms = [&](const char* n) {
        return int(u(at(d, std::string("counters/cms/") + n + "/value")));
    };
    check(instants["rollback"] == cms("rollbacks"), "one rollback instant per rollback");
    check(instants["retranslate"] == cms("retranslations"),
          "one retranslate instant per retranslation");
    check(counters["power_mw"] > 0 && counters["guest_ipc"] > 0, "power and IPC counter tracks");
    return failures ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> a(argv + 1, argv + argc);
    try {
        if (a.size() >= 3 && a[0] == "stats") {
            uint64_t interval = a.size() == 5 && a[3] == "--interval" ? std::stoull(a[4]) : 0;
            return cmd_stats(a[1], std::stoull(a[2]), interval);
        }
        if (a.size() == 5 && a[0] == "delta") return cmd_delta(a[1], a[2], a[3], std::stod(a[4]));
        if (a.size() == 3 && a[0] == "trace") return cmd_trace(a[1], a[2]);
    } catch (const std::exception& e) {
        std::cout << "FAIL: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "usage: trace_check stats|delta|trace ...\n";
    return 2;
}
