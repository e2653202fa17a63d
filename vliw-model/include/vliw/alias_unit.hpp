// Alias-detection registers (plain C++). `ldp` records the byte range it
// loaded in alias register k; `stam` checks its range against the registers
// selected by its mask and faults on overlap. Registers are cleared at
// commit and rollback (protection lasts until the end of the translation's
// atomic region).
#pragma once

#include <cstdint>
#include <vector>

namespace cm::vliw {

class AliasUnit {
  public:
    struct Params {
        unsigned registers = 8; ///< number of alias registers (<= 31)
    };

    AliasUnit() : AliasUnit(Params{}) {}
    explicit AliasUnit(const Params& p) { reset(p); }
    void reset(const Params& p) {
        params_ = p;
        regs_.assign(p.registers, Reg{});
    }
    const Params& params() const { return params_; }

    /// Records [addr, addr+len) in register k (k < registers()).
    void set(unsigned k, uint32_t addr, unsigned len) {
        regs_[k] = {addr, uint64_t(addr) + len, true};
    }
    /// Lowest valid register in mask that overlaps [addr, addr+len), or -1.
    /// Mask bits at or above registers() are ignored.
    int check(uint32_t mask, uint32_t addr, unsigned len) const {
        uint64_t lo = addr, hi = uint64_t(addr) + len;
        for (unsigned k = 0; k < regs_.size() && (mask >> k); ++k)
            if (((mask >> k) & 1u) && regs_[k].valid && regs_[k].lo < hi && lo < regs_[k].hi)
                return static_cast<int>(k);
        return -1;
    }
    void clear() {
        for (Reg& r : regs_)
            r.valid = false;
    }
    unsigned registers() const { return static_cast<unsigned>(regs_.size()); }
    bool valid(unsigned k) const { return regs_[k].valid; }

  private:
    struct Reg {
        uint64_t lo = 0, hi = 0; // [lo, hi)
        bool valid = false;
    };
    Params params_;
    std::vector<Reg> regs_;
};

} // namespace cm::vliw
