// Collector: the listener that turns the events of a run (CMS phases and
// regions through CmsObserver, machine counters through vliw::Listener)
// into the figures the stats, trace and report writers read: cycles and
// energy per phase, per-region figures, a time series, and (when asked)
// the phase slices and instants of a Perfetto trace.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "trace/energy.hpp"
#include "trace/observer.hpp"
#include "vliw/counters.hpp"

namespace cm::trace {

struct CollectorOptions {
    /// Time-series interval in cycles; 0 picks one automatically (starting
    /// at 10000 cycles and doubling to keep at most kMaxAutoRows rows).
    uint64_t series_interval = 0;
    bool record_trace = false; ///< keep phase slices and instants (for --trace)
    bool region_text = false;  ///< ask the CMS for guest code and molecule listings
    /// Most trace slices kept; past it, the rest of the run is one slice
    /// marked as not recorded (keeps traces of long runs bounded).
    size_t max_slices = 200000;
    size_t max_instants = 50000;
};

/// Figures of one region (by guest entry EIP; retranslations accumulate).
struct RegionStats {
    uint32_t entry = 0;
    uint64_t guest_insns = 0; ///< retired by translated stretches entered here
    uint64_t executions = 0;  ///< entries from the CMS (chained entries are not seen)
    uint64_t cycles = 0;
    double energy_pj = 0; ///< dynamic + leakage over its cycles
    uint64_t translations = 0;
    uint32_t size_insns = 0, molecules = 0, atoms = 0, code_bytes = 0; ///< latest translation
    std::string guest_code, molecules_text;
};

/// A slice of the trace: consecutive stretches of one phase (and region).
struct Slice {
    Phase phase;
    uint64_t begin, end;
    uint32_t entry; ///< region (Translated, Translate*, Rollback), else 0
    uint64_t guest_insns;
    bool unrecorded; ///< past the slice cap: the rest of the run, not broken down
};

struct InstantEvent {
    Instant kind;
    uint64_t cycle;
    uint32_t entry;
    std::string detail;
};

/// One time-series point; cumulative values at `cycle`.
struct SeriesPoint {
    uint64_t cycle;
    double guest_insns, translated_insns; ///< interpolated inside long translated stretches
    double energy_pj;                     ///< total (dynamic + leakage) so far
    uint64_t cms_cycles;                  ///< charged CMS work so far
};

class Collector final : public CmsObserver, public vliw::Listener {
  public:
    static constexpr size_t kMaxAutoRows = 4096;

    Collector(const vliw::Config& cfg, const CollectorOptions& opt = {});

    // CmsObserver
    void on_phase(const PhaseRecord& rec, const vliw::Counters* machine) override;
    void on_instant(Instant kind, uint64_t cycle, uint32_t entry, std::string_view detail) override;
    void on_region(const RegionRecord& rec) override;
    bool wants_region_text() const override { return opt_.region_text; }
    vliw::Listener* machine_listener() override { return this; }
    /// Interpretation is merged up to the series interval (points fall on
    /// stretch ends, so finer stretches would not change the series).
    uint64_t interpret_batch_cycles() const override { return interval_; }
    // vliw::Listener
    void on_sample(uint64_t cycle, const vliw::Counters& c) override;

    /// Ends the run at `cycles` (the run's total): adds a final series point.
    void finish(uint64_t cycles);

    const vliw::Config& config() const { return cfg_; }
    const EnergyModel& energy() const { return model_; }
    /// Machine counters at the end (in interpret-only mode: cycles and
    /// charged cycles only, from the CMS phases).
    const vliw::Counters& counters() const { return cur_; }
    uint64_t cycles() const { return cur_.cycles; }
    uint64_t guest_insns() const { return insns_; }
    uint64_t translated_insns() const { return translated_insns_; }
    uint64_t phase_cycles(Phase p) const { return phase_cycles_[unsigned(p)]; }
    uint64_t phase_count(Phase p) const { return phase_count_[unsigned(p)]; }
    uint64_t phase_insns(Phase p) const { return phase_insns_[unsigned(p)]; }
    double phase_energy_pj(Phase p) const { return phase_energy_[unsigned(p)]; }
    const std::map<uint32_t, RegionStats>& regions() const { return regions_; }
    uint64_t series_interval() const { return interval_; }
    bool series_auto() const { return auto_interval_; }
    const std::vector<SeriesPoint>& series() const { return series_; }
    const std::vector<Slice>& slices() const { return slices_; }
    const std::vector<InstantEvent>& instants() const { return instants_; }
    /// Slices or instants were dropped past the caps (the last slice then
    /// covers the unrecorded rest of the run).
    bool trace_truncated() const { return slices_truncated_ || instants_dropped_ > 0; }
    uint64_t instants_dropped() const { return instants_dropped_; }
    uint64_t instants_seen(Instant k) const { return instants_seen_[unsigned(k)]; }

  private:
    void add_point(const SeriesPoint& pt);
    void add_slice(const PhaseRecord& r);

    vliw::Config cfg_;
    CollectorOptions opt_;
    EnergyModel model_;
    vliw::Counters cur_{};    ///< counters at the end of the last phase
    double dyn_at_phase_ = 0; ///< dynamic energy at the end of the last phase
    uint64_t insns_ = 0, translated_insns_ = 0;
    uint64_t phase_cycles_[unsigned(Phase::Count_)] = {};
    uint64_t phase_count_[unsigned(Phase::Count_)] = {};
    uint64_t phase_insns_[unsigned(Phase::Count_)] = {};
    double phase_energy_[unsigned(Phase::Count_)] = {};
    std::map<uint32_t, RegionStats> regions_;

    uint64_t interval_ = 0, next_point_ = 0;
    bool auto_interval_ = false;
    std::vector<SeriesPoint> series_;
    /// Samples taken inside the running phase, completed when it ends.
    std::vector<std::pair<uint64_t, double>> pending_; ///< (cycle, energy)
    uint64_t pending_cms_ = 0; ///< charged cycles at the samples (constant inside a run)

    std::vector<Slice> slices_;
    bool slices_truncated_ = false;
    std::vector<InstantEvent> instants_;
    uint64_t instants_dropped_ = 0;
    uint64_t instants_seen_[2] = {};
};

} // namespace cm::trace
