// What the guest's environment provides to the IA-32 execution engines:
// CPUID, the time-stamp counter and segment loads. The firmware implements it.
#pragma once
#include <cstdint>

namespace cm::x86 {

struct CpuState;

class GuestEnv {
  public:
    virtual ~GuestEnv() = default;
    /// CPUID for `leaf`/`subleaf`: out = {eax, ebx, ecx, edx}.
    virtual void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);
    /// Current time-stamp counter.
    virtual uint64_t rdtsc() = 0;
    /// Loads segment register `seg` with `selector`; returns false for #GP.
    virtual bool load_segment(CpuState& cpu, int seg, uint16_t selector);
};

/// CPUID of the i686 the guest sees: GenuineIntel family 6, with CMOV, CX8,
/// TSC, FPU; no MMX, no SSE, so that a C library picks i686 code paths.
void i686_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

} // namespace cm::x86
