// Gated store buffer (plain C++). Stores of a translation wait here until
// commit drains them to memory in program order, or rollback discards them.
// Loads see the core's own buffered stores byte by byte (youngest store
// wins), so partially overlapping stores forward correctly.
#pragma once

#include "vliw/memory.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

namespace cm::vliw {

class StoreBuffer {
  public:
    struct Params {
        unsigned entries = 32; ///< capacity in stores (any size up to 10 bytes)
    };
    struct Entry {
        uint32_t addr;
        uint8_t size; ///< bytes: 1, 2, 4, 8 or 10
        uint8_t data[10];
    };

    StoreBuffer() : StoreBuffer(Params{}) {}
    explicit StoreBuffer(const Params& p) { reset(p); }
    void reset(const Params& p) {
        params_ = p;
        entries_.clear();
        entries_.reserve(p.entries);
        lo_ = ~0ull;
        hi_ = 0;
    }
    const Params& params() const { return params_; }
    unsigned capacity() const { return params_.entries; }
    unsigned size() const { return static_cast<unsigned>(entries_.size()); }
    bool empty() const { return entries_.empty(); }
    const std::vector<Entry>& entries() const { return entries_; }

    /// Appends a store; the caller checked capacity (overflow is a fault the
    /// core raises before calling).
    void push(uint32_t addr, unsigned size, const void* data) {
        Entry& e = entries_.emplace_back();
        e.addr = addr;
        e.size = static_cast<uint8_t>(size);
        switch (size) { // fixed-size copies for the usual sizes (host speed)
        case 1: std::memcpy(e.data, data, 1); break;
        case 2: std::memcpy(e.data, data, 2); break;
        case 4: std::memcpy(e.data, data, 4); break;
        case 8: std::memcpy(e.data, data, 8); break;
        default: std::memcpy(e.data, data, size); break;
        }
        if (addr < lo_) lo_ = addr;
        if (uint64_t(addr) + size > hi_) hi_ = uint64_t(addr) + size;
    }

    /// Fills out[i] for every byte addr+i (i < len) covered by a buffered
    /// store, youngest first. Returns a bit mask of the bytes filled.
    uint32_t forward(uint32_t addr, unsigned len, uint8_t* out) const {
        if (uint64_t(addr) + len <= lo_ || addr >= hi_) return 0; // also when empty
        return forward_overlapping(addr, len, out);
    }

    /// Writes every entry to memory in order and empties the buffer. Returns
    /// the number of entries drained. Addresses were checked at store time.
    unsigned drain(MemPort& mem);
    /// Empties the buffer without writing.
    void discard() {
        entries_.clear();
        lo_ = ~0ull;
        hi_ = 0;
    }

  private:
    Params params_;
    std::vector<Entry> entries_;
    uint64_t lo_, hi_; // byte range covered by any entry: quick reject for forward()

    uint32_t forward_overlapping(uint32_t addr, unsigned len, uint8_t* out) const;
};

} // namespace cm::vliw
