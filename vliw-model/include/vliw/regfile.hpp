// Register file with shadow copies (plain C++): 64 x 32-bit GPRs, 32 x 80-bit
// FP registers (host long double = x87 extended), and the x86-style flags
// register. The first `shadowed_gprs` / `shadowed_fprs` registers and the
// flags have shadows: commit copies working -> shadow, rollback copies
// shadow -> working. Unshadowed registers are scratch for translations and
// keep their value across a rollback.
#pragma once

#include "vliw/isa.hpp"

#include <cstdint>

namespace cm::vliw {

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
    }
    const Params& params() const { return params_; }

    void commit() {
        for (unsigned i = 0; i < params_.shadowed_gprs; ++i)
            gpr_shadow[i] = gpr[i];
        for (unsigned i = 0; i < params_.shadowed_fprs; ++i)
            fpr_shadow[i] = fpr[i];
        flags_shadow = flags;
    }
    void rollback() {
        for (unsigned i = 0; i < params_.shadowed_gprs; ++i)
            gpr[i] = gpr_shadow[i];
        for (unsigned i = 0; i < params_.shadowed_fprs; ++i)
            fpr[i] = fpr_shadow[i];
        flags = flags_shadow;
    }

    uint32_t gpr[kNumGprs];        ///< working GPRs
    long double fpr[kNumFprs];     ///< working FP registers
    uint32_t flags;                ///< working flags (EFLAGS layout, F_* bits)
    uint32_t gpr_shadow[kNumGprs]; ///< only the first shadowed_gprs are used
    long double fpr_shadow[kNumFprs];
    uint32_t flags_shadow;

  private:
    Params params_;
};

} // namespace cm::vliw
