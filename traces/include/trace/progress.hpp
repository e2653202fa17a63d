// The progress line of long runs: guest instructions, MIPS and translated
// share on stderr, redrawn in place (\r) about once a second. It appears
// only after the first second, only when stderr is a terminal, and not
// with --quiet; finish() erases it so the guest's output stays clean.
#pragma once

#include <chrono>
#include <cstdint>

namespace cm::trace {

class ProgressLine {
  public:
    /// enabled = stderr is a terminal and the user did not ask for quiet.
    explicit ProgressLine(bool enabled);
    ~ProgressLine() { finish(); }
    /// Cheap when not due; call between slices of execution.
    void update(uint64_t guest_insns, uint64_t translated_insns);
    /// Erases the line (if it was drawn).
    void finish();
    /// Is file descriptor 2 a terminal?
    static bool stderr_is_terminal();

  private:
    using Clock = std::chrono::steady_clock;
    bool enabled_, drawn_ = false;
    Clock::time_point start_, next_;
};

} // namespace cm::trace
