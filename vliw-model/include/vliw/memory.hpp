// Memory of the VLIW machine (plain C++), and MemPort, the small interface
// through which the core reaches memory. In the SystemC platform, MemPort is
// implemented by a TLM-2.0 initiator with a DMI fast path (sc_memory.hpp);
// in the plain platform by Memory itself.
//
// Memory either owns its storage (zeroed, from address 0) or sits on an
// external buffer owned by someone else, typically the guest's address space
// of an emulator, with an optional per-page permission table that the core's
// loads, stores and fetches must satisfy:
//
//   Memory::Params p;
//   p.size_bytes = 1ull << 32;       // the whole 32-bit space
//   p.external = guest_base;         // host pointer of address 0
//   p.page_perm = flags_table;       // one byte per 4 KiB page
//   p.read_bits = R; p.write_bits = W; p.fetch_bits = kTranslated;
//   p.perm_generation = &counter;    // bumped whenever flags_table changes
#pragma once

#include "vliw/exit.hpp"

#include <cstdint>
#include <vector>

namespace cm::vliw {

/// Byte-addressed access to memory. Functions return false when any byte of
/// [addr, addr+len) is outside memory, in a no-access region or on a page
/// without the access's permission (a memory fault); nothing is transferred
/// then. len is at most a few dozen bytes on the core's paths.
class MemPort {
  public:
    virtual ~MemPort() = default;
    /// Data load.
    virtual bool read(uint32_t addr, void* dst, unsigned len) = 0;
    /// Data store (the core's store-buffer drain).
    virtual bool write(uint32_t addr, const void* src, unsigned len) = 0;
    /// Instruction fetch: a read that needs fetch permission instead of read
    /// permission. The default treats it as a data read.
    virtual bool fetch(uint32_t addr, void* dst, unsigned len) { return read(addr, dst, len); }
    /// Would an access of kind `a` to [addr, addr+len) succeed? (checks only)
    virtual bool accessible(uint32_t addr, unsigned len, MemAccess a) = 0;
    /// After a failed access: the first byte of [addr, addr+len) that does
    /// not allow kind `a` (truncated to 32 bits; addr + len if none).
    virtual uint32_t first_fault(uint32_t addr, unsigned len, MemAccess a) {
        uint64_t b = addr;
        while (b < uint64_t(addr) + len && b <= 0xffffffffu &&
               accessible(static_cast<uint32_t>(b), 1, a))
            ++b;
        return static_cast<uint32_t>(b);
    }
};

/// Storage from address 0 to size-1, own or external, plus an optional page
/// permission table and a list of no-access regions.
class Memory final : public MemPort {
  public:
    static constexpr unsigned kPageShift = 12; ///< permission granularity: 4 KiB pages
    static constexpr uint64_t kMaxSize = 1ull << 32;

    struct Params {
        uint64_t size_bytes = 64u << 20; ///< bytes, at most 4 GiB (1 << 32)
        /// Backing store of size_bytes bytes, not owned (nullptr: allocate and
        /// zero our own). Memory never frees it and reset() does not clear it.
        uint8_t* external = nullptr;
        /// Per-page permission bytes, one per 4 KiB page (ceil(size/4096)
        /// entries), not owned; nullptr = every page allows everything. An
        /// access of kind k to [addr, addr+len) needs, on every page it
        /// touches, (page_perm[page] & k_bits) != 0.
        const uint8_t* page_perm = nullptr;
        uint8_t read_bits = 0, write_bits = 0, fetch_bits = 0; ///< masks into page_perm
        /// Incremented by the owner of page_perm whenever it changes; polled
        /// once per run (refresh_generation): DMI grants and decoded code
        /// from before the change are dropped then. nullptr: never changes.
        const uint64_t* perm_generation = nullptr;
    };

    Memory() : Memory(Params{}) {}
    /// Throws std::invalid_argument for an inconsistent Params.
    explicit Memory(const Params& p);
    ~Memory() override;
    Memory(const Memory&) = delete;
    Memory& operator=(const Memory&) = delete;

    /// Applies new Params: own storage is reallocated (zeroed), external
    /// storage is left as it is; clears the no-access regions.
    void reset(const Params& p);
    const Params& params() const { return params_; }
    uint64_t size() const { return size_; }
    uint8_t* data() { return data_; }
    const uint8_t* data() const { return data_; }
    bool is_external() const { return params_.external != nullptr; }

    /// Marks [addr, addr+len) no-access (true) or accessible again (false).
    void set_no_access(uint32_t addr, uint32_t len, bool no_access);
    /// A range [lo, hi] (inclusive) containing addr in which every byte
    /// allows access kind `a` (maximal, except that page-table scans stop
    /// after kGrantScanPages pages each way); false if addr itself does not
    /// allow it. Used to grant DMI.
    bool accessible_range(uint32_t addr, MemAccess a, uint64_t& lo, uint64_t& hi) const;
    static constexpr uint64_t kGrantScanPages = 1u << 14;
    /// Does every byte of [lo, hi] allow access kind `a`?
    bool range_allows(uint64_t lo, uint64_t hi, MemAccess a) const;

    /// Incremented whenever the access map changes (DMI grants and decoded
    /// code are stale then): set_no_access, reset, and changes of the
    /// external perm_generation seen by refresh_generation().
    uint64_t map_generation() const { return generation_; }
    /// Polls the external permission generation; returns map_generation().
    uint64_t refresh_generation() {
        if (params_.perm_generation && *params_.perm_generation != seen_external_) {
            seen_external_ = *params_.perm_generation;
            ++generation_;
        }
        return generation_;
    }

    bool read(uint32_t addr, void* dst, unsigned len) override;
    bool write(uint32_t addr, const void* src, unsigned len) override;
    bool fetch(uint32_t addr, void* dst, unsigned len) override;
    bool accessible(uint32_t addr, unsigned len, MemAccess a) override {
        return allowed(addr, len, bits_[static_cast<unsigned>(a)]);
    }
    uint32_t first_fault(uint32_t addr, unsigned len, MemAccess a) override;

  private:
    struct Range {
        uint64_t lo, hi; // [lo, hi)
    };
    bool allowed(uint32_t addr, unsigned len, uint8_t bits) const {
        const uint64_t end = uint64_t(addr) + len;
        if (end > size_) return false;
        if (perm_) {
            const uint64_t last = (end - 1) >> kPageShift;
            for (uint64_t pg = addr >> kPageShift; pg <= last; ++pg)
                if (!(perm_[pg] & bits)) return false;
        }
        for (const Range& r : no_access_)
            if (r.lo < end && addr < r.hi) return false;
        return true;
    }

    Params params_;
    uint8_t* data_ = nullptr;
    uint8_t* own_ = nullptr; // data_ when we allocated it
    uint64_t size_ = 0;
    const uint8_t* perm_ = nullptr;
    uint8_t bits_[3] = {}; // by MemAccess
    std::vector<Range> no_access_;
    uint64_t generation_ = 0;
    uint64_t seen_external_ = 0;
};

} // namespace cm::vliw
