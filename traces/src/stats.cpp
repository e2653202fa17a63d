#include "trace/stats.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ostream>

#include "trace/collector.hpp"

namespace cm::trace {

namespace json = boost::json;

namespace {

double ratio(double a, double b) {
    return b != 0 ? a / b : 0.0;
}

/// The block a machine counter belongs to (counters.def names).
std::string_view block_of(std::string_view n) {
    auto starts = [&](std::string_view p) { return n.substr(0, p.size()) == p; };
    if (starts("l1i_")) return "l1i";
    if (starts("l1d_")) return "l1d";
    if (starts("l2_")) return "l2";
    if (starts("sb_")) return "store_buffer";
    if (starts("alias_")) return "alias_unit";
    if (starts("gpr_") || starts("fpr_") || starts("flag_")) return "regfile";
    if (n == "branches" || n == "branches_taken" || n == "indirect_branches") return "branch";
    if (n == "loads" || n == "stores") return "lsu";
    return "core";
}

json::object counter(uint64_t v, std::string_view unit, std::string_view desc) {
    return {{"value", v}, {"unit", unit}, {"desc", desc}};
}
json::object figure(double v, std::string_view unit, std::string_view desc) {
    return {{"value", v}, {"unit", unit}, {"desc", desc}};
}

std::string hex32(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%08x", v);
    return b;
}

json::object config_object(const Collector& c, const RunInfo& run) {
    json::object o;
    for (const vliw::ParamInfo& p : vliw::param_table()) {
        const std::string t = vliw::get_param(c.config(), p.key);
        json::value v;
        switch (p.type) {
        case vliw::ParamType::U32:
        case vliw::ParamType::U64: v = std::stoull(t); break;
        case vliw::ParamType::F64: v = std::stod(t); break;
        case vliw::ParamType::Bool: v = t == "true"; break;
        }
        o[p.key] = v;
    }
    for (const auto& [k, text] : run.config_extra)
        o[k] = json::parse(text);
    return o;
}

json::object counters_object(const Collector& c, const RunInfo& run) {
    json::object blocks;
    auto block = [&](std::string_view b) -> json::object& {
        json::value& v = blocks[b];
        if (!v.is_object()) v = json::object();
        return v.as_object();
    };
    vliw::for_each_counter(
        c.counters(), [&](std::string_view n, std::string_view unit, std::string_view desc,
                          uint64_t value) { block(block_of(n))[n] = counter(value, unit, desc); });
    json::object& cms = block("cms");
    for (const RunInfo::Counter& k : run.cms_counters)
        cms[k.name] = counter(k.value, k.unit, k.desc);
    for (unsigned i = 0; i < unsigned(Phase::Count_); ++i) {
        const std::string n = std::string(phase_name(Phase(i))) + "_stretches";
        cms[n] =
            counter(c.phase_count(Phase(i)), "stretches",
                    "reported stretches of this CMS phase (one per lookup, rollback, translation)");
    }
    cms["rollback_instants"] = counter(c.instants_seen(Instant::Rollback), "rollbacks",
                                       "rollbacks of translated code reported by the CMS");
    cms["retranslation_requests"] =
        counter(c.instants_seen(Instant::Retranslate), "regions",
                "regions dropped to be retranslated more conservatively");
    return blocks;
}

json::object derived_object(const Collector& c) {
    const vliw::Counters& k = c.counters();
    const double insns = double(c.guest_insns()), tinsns = double(c.translated_insns());
    const double tcycles = double(c.phase_cycles(Phase::Translated));
    uint64_t entries = 0;
    for (const auto& [e, r] : c.regions())
        entries += r.executions;
    json::object d;
    d["guest_ipc"] = figure(ratio(insns, double(k.cycles)), "insns/cycle",
                            "guest instructions per machine cycle, CMS work included");
    d["translated_ipc"] = figure(ratio(tinsns, tcycles), "insns/cycle",
                                 "guest instructions per cycle of translated execution");
    d["atoms_per_molecule"] = figure(ratio(double(k.atoms), double(k.molecules)), "atoms/molecule",
                                     "atoms (excluding nops) per molecule issued");
    d["slot_utilisation"] = figure(
        ratio(double(k.atoms), double(k.molecules) * c.config().vliw.molecule_atoms), "ratio",
        "share of atom slots (vliw.molecule_atoms per molecule) holding a non-nop atom");
    d["translated_share"] = figure(ratio(tinsns, insns), "ratio",
                                   "share of guest instructions retired by translated code");
    d["rollback_rate"] =
        figure(ratio(double(c.phase_count(Phase::Rollback)), double(entries)), "rollbacks/entry",
               "rollbacks per entry into translated code from the CMS");
    d["molecules_per_guest_insn"] = figure(ratio(double(k.molecules), tinsns), "molecules/insn",
                                           "molecules issued per translated guest instruction");
    d["cms_cycle_share"] =
        figure(ratio(double(k.charged_cycles), double(k.cycles)), "ratio",
               "share of cycles charged for CMS work (interpret, translate, lookup, rollback)");
    d["l1i_miss_rate"] = figure(ratio(double(k.l1i_misses), double(k.l1i_accesses)), "ratio",
                                "L1I misses per access");
    d["l1d_miss_rate"] = figure(ratio(double(k.l1d_misses), double(k.l1d_accesses)), "ratio",
                                "L1D misses per access");
    d["l2_miss_rate"] =
        figure(ratio(double(k.l2_misses), double(k.l2_accesses)), "ratio", "L2 misses per access");
    d["stall_share"] = figure(ratio(double(k.stalls()), tcycles), "ratio",
                              "share of translated-execution cycles lost to stalls");
    for (unsigned i = 0; i < unsigned(vliw::StallCause::Count_); ++i) {
        const std::string n =
            "stall." + std::string(vliw::stall_cause_name(vliw::StallCause(i))) + "_share";
        d[n] = figure(ratio(double(k.stall_cycles[i]), tcycles), "ratio",
                      "share of translated-execution cycles lost to this stall cause");
    }
    return d;
}

json::object energy_object(const Collector& c) {
    const EnergyModel& m = c.energy();
    const uint64_t cycles = c.counters().cycles;
    json::object by_event, by_block;
    double dyn = 0;
    for (const EnergyEvent& e : m.events(c.counters())) {
        by_event[e.name] = {{"count", e.count},
                            {"pj_each", e.pj_each},
                            {"pj", e.pj()},
                            {"block", e.block},
                            {"param", e.param}};
        json::value& b = by_block[e.block];
        b = (b.is_double() ? b.as_double() : 0.0) + e.pj();
        dyn += e.pj();
    }
    const double leak = m.leakage_pj(cycles), total = dyn + leak;
    json::object by_phase;
    for (unsigned i = 0; i < unsigned(Phase::Count_); ++i)
        by_phase[phase_name(Phase(i))] = c.phase_energy_pj(Phase(i));
    return {{"total_pj", total},
            {"dynamic_pj", dyn},
            {"leakage_pj", leak},
            {"leakage_pj_per_cycle", c.config().energy.leakage_pj_per_cycle},
            {"avg_power_mw", m.power_mw(total, cycles)},
            {"pj_per_guest_insn", ratio(total, double(c.guest_insns()))},
            {"by_block", by_block},
            {"by_event", by_event},
            {"by_cms_phase", by_phase},
            {"by_cms_phase_includes_leakage", true}};
}

json::object series_object(const Collector& c) {
    const EnergyModel& m = c.energy();
    json::array rows;
    SeriesPoint prev{0, 0, 0, 0, 0};
    for (const SeriesPoint& p : c.series()) {
        const uint64_t dc = p.cycle - prev.cycle;
        const double di = p.guest_insns - prev.guest_insns;
        rows.push_back(json::array{p.cycle, std::llround(p.guest_insns), ratio(di, double(dc)),
                                   m.power_mw(p.energy_pj - prev.energy_pj, dc),
                                   ratio(p.translated_insns - prev.translated_insns, di),
                                   p.energy_pj,
                                   ratio(double(p.cms_cycles - prev.cms_cycles), double(dc))});
        prev = p;
    }
    return {{"interval_cycles", c.series_interval()},
            {"auto_interval", c.series_auto()},
            {"columns", json::array{"cycle", "guest_insns", "ipc", "power_mw", "translated_share",
                                    "energy_pj", "cms_share"}},
            {"units", json::array{"cycles", "insns", "insns/cycle", "mW", "ratio", "pJ", "ratio"}},
            {"rows", rows}};
}

json::array regions_array(const Collector& c, unsigned top) {
    std::vector<const RegionStats*> v;
    for (const auto& [e, r] : c.regions())
        if (r.cycles || r.executions) v.push_back(&r);
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) {
        return a->cycles != b->cycles ? a->cycles > b->cycles : a->entry < b->entry;
    });
    json::array out;
    for (size_t i = 0; i < v.size() && i < top; ++i) {
        const RegionStats& r = *v[i];
        out.push_back(json::object{{"entry", hex32(r.entry)},
                                   {"guest_insns", r.guest_insns},
                                   {"executions", r.executions},
                                   {"cycles", r.cycles},
                                   {"energy_pj", r.energy_pj},
                                   {"translations", r.translations},
                                   {"size_insns", r.size_insns},
                                   {"molecules_static", r.molecules},
                                   {"atoms_static", r.atoms},
                                   {"code_bytes", r.code_bytes},
                                   {"guest_code", r.guest_code},
                                   {"molecules", r.molecules_text}});
    }
    return out;
}

void pretty(std::ostream& o, const json::value& v, int depth) {
    auto indent = [&](int d) { o << '\n' << std::string(size_t(d) * 2, ' '); };
    if (v.is_object()) {
        const json::object& ob = v.get_object();
        if (ob.empty()) {
            o << "{}";
            return;
        }
        o << '{';
        bool first = true;
        for (const auto& kv : ob) {
            if (!first) o << ',';
            first = false;
            indent(depth + 1);
            o << json::serialize(json::string(kv.key())) << ": ";
            pretty(o, kv.value(), depth + 1);
        }
        indent(depth);
        o << '}';
    } else if (v.is_array()) {
        const json::array& a = v.get_array();
        const bool flat = std::all_of(a.begin(), a.end(), [](const json::value& e) {
            return !e.is_object() && !e.is_array();
        });
        if (flat || a.empty()) {
            o << json::serialize(v);
            return;
        }
        o << '[';
        bool first = true;
        for (const json::value& e : a) {
            if (!first) o << ',';
            first = false;
            indent(depth + 1);
            pretty(o, e, depth + 1);
        }
        indent(depth);
        o << ']';
    } else {
        o << json::serialize(v);
    }
}

} // namespace

json::object stats_document(const Collector& c, const RunInfo& run) {
    json::object doc;
    doc["schema"] = "codemorph-stats-1";
    json::array args;
    for (const std::string& a : run.args)
        args.push_back(json::string(a));
    doc["run"] =
        json::object{{"program", run.program},
                     {"args", args},
                     {"mode", run.mode},
                     {"preset", c.config().name},
                     {"exit_status", run.exit_status},
                     {"host_seconds", run.host_seconds},
                     {"guest_instructions", run.guest_insns},
                     {"cycles", run.cycles},
                     {"clock_mhz", double(c.config().vliw.clock_mhz)},
                     {"guest_mips", ratio(double(run.guest_insns), run.host_seconds) / 1e6},
                     {"simulated_seconds", double(run.cycles) / (c.config().vliw.clock_mhz * 1e6)}};
    doc["config"] = config_object(c, run);
    doc["counters"] = counters_object(c, run);
    doc["derived"] = derived_object(c);
    json::object phases;
    for (unsigned i = 0; i < unsigned(Phase::Count_); ++i)
        phases[phase_name(Phase(i))] = c.phase_cycles(Phase(i));
    doc["cycles_by_phase"] = phases;
    json::object pinsns;
    for (unsigned i = 0; i < unsigned(Phase::Count_); ++i)
        pinsns[phase_name(Phase(i))] = c.phase_insns(Phase(i));
    doc["guest_insns_by_phase"] = pinsns;
    doc["energy"] = energy_object(c);
    doc["series"] = series_object(c);
    doc["regions"] = regions_array(c, run.top_regions);
    return doc;
}

void write_json(std::ostream& out, const json::value& v) {
    pretty(out, v, 0);
    out << '\n';
}

} // namespace cm::trace
