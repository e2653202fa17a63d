// Register file with shadow copies (plain C++): 64 x 32-bit GPRs, 32 x 80-bit
// FP registers (host long double = x87 extended), the x86-style flags
// register and the FP status register fsr. The first `shadowed_gprs` /
// `shadowed_fprs` registers, the flags and fsr have shadows: commit copies
// working -> shadow, rollback copies shadow -> working. Unshadowed registers
// are scratch for translations and keep their value across a rollback.
#pragma once

#include "vliw/isa.hpp"

#include <cstdint>

namespace cm::vliw {

/// Bits of the FP status register fsr, in the x87 status-word layout so that
/// the CMS can merge it into the guest's FSW without shuffling: the sticky
/// exception flags (OR-ed in by every FP atom that raises them) and C1 (set
/// by the last FP atom that computes: 1 = its result was rounded up in
/// magnitude). Other bits read as 0.
inline constexpr uint32_t FSR_IE = 1u << 0, ///< invalid operation
    FSR_DE = 1u << 1,                        ///< denormal operand
    FSR_ZE = 1u << 2,                        ///< zero divide
    FSR_OE = 1u << 3,                        ///< overflow
    FSR_UE = 1u << 4,                        ///< underflow
    FSR_PE = 1u << 5,                        ///< precision (inexact)
    FSR_C1 = 1u << 9,                        ///< condition code 1
    FSR_EXC = 0x3fu,                         ///< the six exception flags
    FSR_ALL = FSR_EXC | FSR_C1;              ///< the defined bits

class RegFile {
  public:
    struct Params {
        unsigned shadowed_gprs = 48; ///< r0..r(n-1) shadowed, n <= 64
        unsigned shadowed_fprs = 16; ///< f0..f(n-1) shadowed, n <= 32
    };

    RegFile() : RegFile(Params{}) {}
    explicit RegFile(const Params& p) { reset(p); }

    /// All registers and shadows to zero, new parameters.
    void reset(const Params& p) {
        params_ = p;
        for (auto& r : gpr)
            r = 0;
        for (auto& r : fpr)
            r = 0;
        for (auto& r : gpr_shadow)
            r = 0;
        for (auto& r : fpr_shadow)
            r = 0;
        flags = flags_shadow = 0;
        fsr = fsr_shadow = 0;
    }
    const Params& params() const { return params_; }

    void commit() {
        for (unsigned i = 0; i < params_.shadowed_gprs; ++i)
            gpr_shadow[i] = gpr[i];
        for (unsigned i = 0; i < params_.shadowed_fprs; ++i)
            fpr_shadow[i] = fpr[i];
        flags_shadow = flags;
        fsr_shadow = fsr;
    }
    void rollback() {
        for (unsigned i = 0; i < params_.shadowed_gprs; ++i)
            gpr[i] = gpr_shadow[i];
        for (unsigned i = 0; i < params_.shadowed_fprs; ++i)
            fpr[i] = fpr_shadow[i];
        flags = flags_shadow;
        fsr = fsr_shadow;
    }

    uint32_t gpr[kNumGprs];        ///< working GPRs
    long double fpr[kNumFprs];     ///< working FP registers
    uint32_t flags;                ///< working flags (EFLAGS layout, F_* bits)
    uint32_t fsr;                  ///< working FP status (x87 FSW layout, FSR_* bits)
    uint32_t gpr_shadow[kNumGprs]; ///< only the first shadowed_gprs are used
    long double fpr_shadow[kNumFprs];
    uint32_t flags_shadow;
    uint32_t fsr_shadow;

  private:
    Params params_;
};

} // namespace cm::vliw
