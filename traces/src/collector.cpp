#include "trace/collector.hpp"

namespace cm::trace {

std::string_view phase_name(Phase p) {
    static constexpr std::string_view n[] = {"interpret", "translate", "retranslate",
                                             "lookup",    "rollback",  "translated"};
    return n[unsigned(p)];
}

Collector::Collector(const vliw::Config& cfg, const CollectorOptions& opt)
    : cfg_(cfg), opt_(opt), model_(cfg) {
    auto_interval_ = opt.series_interval == 0;
    interval_ = auto_interval_ ? 10000 : opt.series_interval;
    next_point_ = interval_;
}

void Collector::on_sample(uint64_t cycle, const vliw::Counters& c) {
    // Inside a machine run: guest instructions are known only when the
    // stretch ends (at its commits), so the point is completed then.
    if (cycle < next_point_ || cycle <= cur_.cycles) return;
    pending_.emplace_back(cycle, model_.dynamic_pj(c) + model_.leakage_pj(cycle));
    pending_cms_ = c.charged_cycles;
    next_point_ = (cycle / interval_ + 1) * interval_;
}

void Collector::on_phase(const PhaseRecord& r, const vliw::Counters* machine) {
    const uint64_t dur = r.end - r.begin;
    if (machine)
        cur_ = *machine;
    else if (r.phase != Phase::Translated)
        cur_.charged_cycles += dur;
    cur_.cycles = r.end;
    const double dyn = model_.dynamic_pj(cur_);
    const double e = dyn - dyn_at_phase_ + model_.leakage_pj(dur);
    dyn_at_phase_ = dyn;

    const unsigned p = unsigned(r.phase);
    phase_cycles_[p] += dur;
    ++phase_count_[p];
    phase_insns_[p] += r.guest_insns;
    phase_energy_[p] += e;
    const double insns0 = double(insns_), tinsns0 = double(translated_insns_);
    insns_ += r.guest_insns;
    const bool translated = r.phase == Phase::Translated;
    if (translated) {
        translated_insns_ += r.guest_insns;
        RegionStats& rs = regions_[r.entry];
        rs.entry = r.entry;
        rs.guest_insns += r.guest_insns;
        rs.executions += r.region_entry;
        rs.cycles += dur;
        rs.energy_pj += e;
    }

    for (auto [cyc, energy] : pending_) {
        // Interpolate the stretch's instructions over its cycles.
        const double f = dur ? double(cyc - r.begin) / double(dur) : 1.0;
        const double k = f * double(r.guest_insns);
        add_point({cyc, insns0 + k, tinsns0 + (translated ? k : 0.0), energy, pending_cms_});
    }
    pending_.clear();
    if (r.end >= next_point_) {
        add_point({r.end, double(insns_), double(translated_insns_), dyn + model_.leakage_pj(r.end),
                   cur_.charged_cycles});
        next_point_ = (r.end / interval_ + 1) * interval_;
    }
    if (opt_.record_trace && dur) add_slice(r);
}

void Collector::add_point(const SeriesPoint& pt) {
    if (!series_.empty() && pt.cycle <= series_.back().cycle) return;
    series_.push_back(pt);
    if (auto_interval_ && series_.size() > kMaxAutoRows) {
        // Points are cumulative, so dropping every other one is exact.
        size_t j = 0;
        for (size_t i = 1; i < series_.size(); i += 2)
            series_[j++] = series_[i];
        series_.resize(j);
        interval_ *= 2;
        next_point_ = (series_.back().cycle / interval_ + 1) * interval_;
    }
}

void Collector::add_slice(const PhaseRecord& r) {
    const bool keeps_entry = r.phase != Phase::Interpret;
    const uint32_t entry = keeps_entry ? r.entry : 0;
    if (!slices_.empty()) {
        Slice& last = slices_.back();
        if (last.end == r.begin &&
            (slices_truncated_ || (last.phase == r.phase && last.entry == entry))) {
            last.end = r.end;
            last.guest_insns += r.guest_insns;
            return;
        }
    }
    if (slices_.size() + 1 >= opt_.max_slices && !slices_truncated_) {
        // From here on one slice covers the rest of the run, marked unrecorded.
        slices_truncated_ = true;
        slices_.push_back({r.phase, r.begin, r.end, 0, r.guest_insns, true});
        return;
    }
    slices_.push_back({r.phase, r.begin, r.end, entry, r.guest_insns, false});
}

void Collector::on_instant(Instant kind, uint64_t cycle, uint32_t entry, std::string_view detail) {
    ++instants_seen_[unsigned(kind)];
    if (!opt_.record_trace) return;
    if (instants_.size() >= opt_.max_instants) {
        ++instants_dropped_;
        return;
    }
    instants_.push_back({kind, cycle, entry, std::string(detail)});
}

void Collector::on_region(const RegionRecord& r) {
    RegionStats& rs = regions_[r.entry];
    rs.entry = r.entry;
    ++rs.translations;
    rs.size_insns = r.guest_insns;
    rs.molecules = r.molecules;
    rs.atoms = r.atoms;
    rs.code_bytes = r.code_bytes;
    if (opt_.region_text) {
        rs.guest_code.assign(r.guest_code);
        rs.molecules_text.assign(r.molecules_text);
    }
}

void Collector::finish(uint64_t cycles) {
    if (cycles > cur_.cycles) {
        // Time the CMS did not report as a phase (none expected): leakage only.
        cur_.cycles = cycles;
    }
    if (series_.empty() || series_.back().cycle < cur_.cycles)
        add_point({cur_.cycles, double(insns_), double(translated_insns_),
                   dyn_at_phase_ + model_.leakage_pj(cur_.cycles), cur_.charged_cycles});
}

} // namespace cm::trace
