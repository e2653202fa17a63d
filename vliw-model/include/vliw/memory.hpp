// Guest-physical memory of the VLIW machine (plain C++), and MemPort, the
// small interface through which the core reaches memory. In the SystemC
// platform, MemPort is implemented by a TLM-2.0 initiator with a DMI fast
// path (sc_memory.hpp); in the plain platform by Memory itself.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace cm::vliw {

/// Byte-addressed access to memory. All functions return false when any byte
/// of [addr, addr+len) is outside memory or in a no-access region (a memory
/// fault); nothing is transferred then.
class MemPort {
  public:
    virtual ~MemPort() = default;
    virtual bool read(uint32_t addr, void* dst, unsigned len) = 0;
    virtual bool write(uint32_t addr, const void* src, unsigned len) = 0;
    /// Would an access to [addr, addr+len) succeed? (checks, no transfer)
    virtual bool accessible(uint32_t addr, unsigned len) = 0;
};

/// Storage from address 0 to size-1 (zero-initialised, allocated lazily by
/// the OS) plus a list of no-access regions.
class Memory final : public MemPort {
  public:
    struct Params {
        uint64_t size_bytes = 64u << 20; ///< bytes, at most 4 GiB
    };

    Memory() : Memory(Params{}) {}
    explicit Memory(const Params& p);
    ~Memory() override;
    Memory(const Memory&) = delete;
    Memory& operator=(const Memory&) = delete;

    /// Reallocates (zeroed) and clears the no-access regions.
    void reset(const Params& p);
    uint64_t size() const { return size_; }
    uint8_t* data() { return data_; }
    const uint8_t* data() const { return data_; }

    /// Marks [addr, addr+len) no-access (true) or accessible again (false).
    void set_no_access(uint32_t addr, uint32_t len, bool no_access);
    /// Largest accessible range [lo, hi] (inclusive) containing addr; false if
    /// addr itself is not accessible. Used to grant DMI.
    bool accessible_range(uint32_t addr, uint64_t& lo, uint64_t& hi) const;
    /// Incremented whenever the access map changes (DMI grants are stale then).
    uint64_t map_generation() const { return generation_; }

    bool read(uint32_t addr, void* dst, unsigned len) override;
    bool write(uint32_t addr, const void* src, unsigned len) override;
    bool accessible(uint32_t addr, unsigned len) override;

  private:
    struct Range {
        uint64_t lo, hi; // [lo, hi)
    };
    uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
    std::vector<Range> no_access_;
    uint64_t generation_ = 0;
};

} // namespace cm::vliw
