// Signal state of the process (handlers, mask, pending, alternate stack,
// timers) and delivery through i386 signal frames.
#pragma once
#include <cstdint>

namespace cm::fw {

struct SignalState {
    uint64_t pending = 0; ///< bit (sig-1) set when sig is pending
};

} // namespace cm::fw
