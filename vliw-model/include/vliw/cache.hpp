// Set-associative cache timing model (plain C++): tags and true LRU only, no
// data (memory holds the data; the caches decide hit/miss latency). Used for
// L1I, L1D and L2; write-allocate.
#pragma once

#include <cstdint>
#include <vector>

namespace cm::vliw {

class Cache {
  public:
    struct Params {
        uint32_t size_bytes = 64 * 1024; ///< capacity in bytes
        uint32_t assoc = 8;              ///< ways per set
        uint32_t line_bytes = 32;        ///< line size in bytes (power of two)
    };

    Cache() : Cache(Params{}) {}
    explicit Cache(const Params& p) { reset(p); }
    /// Empties the cache and applies new parameters (validated by Config).
    void reset(const Params& p);
    const Params& params() const { return params_; }

    /// Looks up the line holding addr, updates LRU, allocates on a miss.
    /// Returns true on a hit.
    bool access(uint32_t addr);
    /// Invalidates every line.
    void flush();
    /// Line number of addr (addr / line_bytes).
    uint32_t line_of(uint32_t addr) const { return addr >> line_shift_; }

  private:
    Params params_;
    unsigned line_shift_ = 5;
    uint32_t set_mask_ = 0;
    uint32_t ways_ = 1;
    std::vector<uint32_t> tag_;   // line number + 1; 0 = invalid
    std::vector<uint64_t> stamp_; // last-use time for LRU
    uint64_t clock_ = 0;
};

} // namespace cm::vliw
