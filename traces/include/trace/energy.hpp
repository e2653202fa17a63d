// The energy model: energy = sum over event classes of (count x cost) +
// leakage per cycle x cycles. Costs come from the energy.* parameters of the
// machine configuration (vliw-model/include/vliw/params.def), in pJ. See
// traces/README.md for the model and its event classes.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "vliw/config.hpp"
#include "vliw/counters.hpp"

namespace cm::trace {

/// One event class: what is counted, what one event costs, and the block
/// its energy is booked to.
struct EnergyEvent {
    std::string_view name;  ///< e.g. "atoms.alu", "l1d_accesses", "cms_work"
    std::string_view block; ///< e.g. "alu", "l1d", "cms"
    std::string_view param; ///< the energy parameter, e.g. "energy.alu_pj"
    uint64_t count;
    double pj_each;
    double pj() const { return double(count) * pj_each; }
};

class EnergyModel {
  public:
    explicit EnergyModel(const vliw::Config& cfg);

    /// Every event class with its count in `c` (charged_cycles count as CMS work).
    std::vector<EnergyEvent> events(const vliw::Counters& c) const;
    /// Sum of events(c) (no leakage); fast, for per-phase accounting.
    double dynamic_pj(const vliw::Counters& c) const;
    double leakage_pj(uint64_t cycles) const { return leak_ * double(cycles); }
    /// Average power in mW of `pj` spent over `cycles` at the configured clock.
    double power_mw(double pj, uint64_t cycles) const;
    double clock_mhz() const { return mhz_; }

  private:
    vliw::Config cfg_;
    double leak_, mhz_;
};

} // namespace cm::trace
