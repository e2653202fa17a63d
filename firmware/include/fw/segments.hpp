// Segment descriptors the guest can install: the GDT TLS slots
// (set_thread_area) and the LDT (modify_ldt), and loading segment registers
// from them.
#pragma once
#include <cstdint>

namespace cm::fw {

class Process;

struct SegmentState {};

/// Loads segment register `seg` with `selector` from the GDT or LDT;
/// false means #GP.
bool load_segment_register(Process& p, int seg, uint16_t selector);

} // namespace cm::fw
