#include "trace/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace cm::trace {

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled), start_(Clock::now()), next_(start_ + std::chrono::seconds(1)) {}

bool ProgressLine::stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

void ProgressLine::update(uint64_t insns, uint64_t translated) {
    if (!enabled_) return;
    const Clock::time_point now = Clock::now();
    if (now < next_) return;
    next_ = now + std::chrono::seconds(1);
    const double secs = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\rcodemorph: %.1fM guest insns, %.1f MIPS, %.1f%% translated\x1b[K",
                 double(insns) / 1e6, secs > 0 ? double(insns) / secs / 1e6 : 0.0,
                 insns ? 100.0 * double(translated) / double(insns) : 0.0);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressLine::finish() {
    if (!drawn_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
}

} // namespace cm::trace
