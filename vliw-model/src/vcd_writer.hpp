// Private: opt-in waveform dump of a few core signals, written directly as
// VCD from the core's per-molecule probe (no sc_signal on the hot path).
#pragma once

#include "vliw/core.hpp"

#include <cstdio>
#include <string>

namespace cm::vliw::detail {

class VcdWriter final : public Core::Observer {
  public:
    /// Opens path (throws std::runtime_error) and writes the header.
    VcdWriter(const std::string& path, uint64_t period_ps);
    ~VcdWriter() override;

    void on_issue(uint64_t cycle, uint32_t pc, bool commit, unsigned sb_occupancy, uint64_t stall,
                  StallCause cause) override;
    void on_rollback(uint64_t cycle) override;
    void on_run_end(uint64_t cycle) override;

  private:
    void at(uint64_t cycle);
    void settle(uint64_t cycle); // returns pulses to 0 up to cycle
    void bits(char id, unsigned width, uint64_t v);

    std::FILE* f_;
    uint64_t period_ps_;
    uint64_t now_ = ~uint64_t(0);
    uint64_t commit_low_at_ = ~uint64_t(0), rollback_low_at_ = ~uint64_t(0);
    uint64_t last_pc_ = ~uint64_t(0), last_occ_ = ~uint64_t(0);
};

} // namespace cm::vliw::detail
