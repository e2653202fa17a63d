// Segment descriptors: GDT TLS slots (set_thread_area), the LDT
// (modify_ldt), and segment-register loads.
#include "fw/segments.hpp"

#include "fw/process.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw {

bool load_segment_register(Process& p, int seg, uint16_t selector) {
    // Flat model for now: the null selector and the user code/data selectors.
    return p.GuestEnv::load_segment(p.cpu, seg, selector);
}

void register_segment_syscalls(SyscallTable&) {}

} // namespace cm::fw
