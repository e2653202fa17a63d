// Set-associative cache timing model (plain C++): tags and true LRU only, no
// data (memory holds the data; the caches decide hit/miss latency). Used for
// L1I, L1D and L2; write-allocate.
#pragma once

#include <cstddef>
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
    bool access(uint32_t addr) {
        // Host fast path: the line of the previous access is resident and
        // already the most recently used one of its set, so a repeat access
        // hits and leaves the LRU order unchanged (stamps are only compared).
        if ((addr >> line_shift_) + 1 == last_tag_) return true;
        return access_slow(addr);
    }
    /// Invalidates every line.
    void flush();
    /// Line number of addr (addr / line_bytes).
    uint32_t line_of(uint32_t addr) const { return addr >> line_shift_; }

  private:
    Params params_;
    unsigned line_shift_ = 5;
    uint32_t set_mask_ = 0;
    uint32_t ways_ = 1;
    // Per set, adjacent (one host cache line for 8 ways): `ways_` tags (line
    // number + 1; 0 = invalid), then `ways_` last-use stamps for LRU. Only
    // the order of the stamps of a set's valid ways matters, so when the
    // 32-bit clock runs out they are renumbered in order (renumber()).
    std::vector<uint32_t> store_;
    std::size_t base_ = 0; // index of set 0 in store_ (64-byte aligned)
    uint32_t clock_ = 0;
    uint32_t last_tag_ = 0; // tag (line + 1) of the previous access; 0 = none

    uint32_t* set_at(uint32_t set) { return store_.data() + base_ + std::size_t(set) * 2 * ways_; }
    bool access_slow(uint32_t addr);
    void renumber();
};

} // namespace cm::vliw
