// The guest's 32-bit linear address space: 4 GiB reserved on the host, with
// per-page guest permissions checked in software on every access.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>

namespace cm::x86 {

class GuestMemory {
  public:
    static constexpr uint32_t kPageSize = 4096;
    static constexpr unsigned kPageShift = 12;
    enum Perm : uint8_t { R = 1, W = 2, X = 4, RW = R | W, RX = R | X, RWX = R | W | X };
    /// Page holds code that an execution engine has decoded or translated.
    static constexpr uint8_t kCode = 0x10;
    static constexpr uint8_t kMapped = 0x20;
    /// Page of the CMS-reserved region (translation cache): not part of the
    /// guest's space (guest accesses fault as if unmapped); the VLIW machine
    /// may fetch molecules from it.
    static constexpr uint8_t kCms = 0x40;
    /// Derived: writable by translated code = W and not kCode. Translated
    /// stores need it, so a store into a page with decoded code faults in
    /// the VLIW machine and is redone by the interpreter, whose write
    /// invalidates that code (self-modifying code).
    static constexpr uint8_t kWritableNotCode = 0x80;

    GuestMemory();
    ~GuestMemory();
    GuestMemory(const GuestMemory&) = delete;
    GuestMemory& operator=(const GuestMemory&) = delete;

    /// Maps [addr, addr+len) page-aligned outward, zero-filled, with `perm`.
    void map(uint32_t addr, uint64_t len, uint8_t perm);
    /// Unmaps pages, discarding their contents.
    void unmap(uint32_t addr, uint64_t len);
    /// Changes permissions of mapped pages; returns false if any is unmapped.
    bool protect(uint32_t addr, uint64_t len, uint8_t perm);
    /// Maps [addr, addr+len) as CMS-reserved pages (kCms only), zero-filled.
    void map_cms(uint32_t addr, uint64_t len);

    /// The flags byte of every 4 KiB page (2^20 entries), for engines that
    /// check guest permissions themselves (the VLIW machine).
    const uint8_t* page_table() const { return page_.get(); }
    /// Incremented whenever any page's flags change (map, unmap, protect),
    /// so that cached permission decisions (DMI grants) can be refreshed.
    const uint64_t& perm_generation() const { return perm_generation_; }
    bool is_mapped(uint32_t addr) const { return page_[addr >> kPageShift] & kMapped; }
    uint8_t page_flags(uint32_t addr) const { return page_[addr >> kPageShift]; }
    /// True if [addr, addr+len) is mapped with all of `perm`.
    bool check(uint32_t addr, uint64_t len, uint8_t perm) const;

    /// Host pointer to guest address `addr` (no permission check).
    uint8_t* host(uint32_t addr) const { return base_ + addr; }

    /// Guest access with permission checks. On failure returns false and
    /// records the faulting address in `fault_addr()`.
    bool read(uint32_t addr, unsigned size, uint32_t& out) {
        if (!ok(addr, size, R)) return fail(addr, size, R);
        out = 0;
        std::memcpy(&out, base_ + addr, size);
        return true;
    }
    bool write(uint32_t addr, unsigned size, uint32_t value) {
        if (!ok(addr, size, W)) return fail(addr, size, W);
        std::memcpy(base_ + addr, &value, size);
        if ((page_[addr >> kPageShift] | page_[(addr + size - 1) >> kPageShift]) & kCode)
            code_written(addr, size);
        return true;
    }
    /// Bulk copies used by loaders and syscalls; check permissions (and
    /// notify code-page writes) like guest accesses.
    bool read_bytes(uint32_t addr, void* dst, uint64_t len);
    bool write_bytes(uint32_t addr, const void* src, uint64_t len);
    /// Copies up to `max` bytes of executable guest code from `addr` into
    /// `buf`, stopping at the first byte whose page is unmapped or not
    /// executable (or at the top of the address space); returns the count.
    /// This is how the execution engines fetch instructions.
    size_t fetch_code(uint32_t addr, uint8_t* buf, size_t max) const;
    /// Copies without permission checks (loader filling read-only pages).
    void poke(uint32_t addr, const void* src, uint64_t len);

    uint32_t fault_addr() const { return fault_addr_; }
    bool fault_was_write() const { return fault_write_; }
    bool fault_not_present() const { return fault_not_present_; }

    /// Code owners (decoded blocks, translations) register the guest bytes
    /// they were made from: a page with at least one owner is marked kCode,
    /// and a write to it calls the listener, which drops the owners of the
    /// written bytes; each owner removes itself exactly once, with the same
    /// range. The count per page is what keeps a page marked while other
    /// owners remain.
    void add_code(uint32_t addr, uint64_t len);
    void remove_code(uint32_t addr, uint64_t len);
    using CodeWriteListener = std::function<void(uint32_t addr, uint32_t len)>;
    void set_code_write_listener(CodeWriteListener l) { on_code_write_ = std::move(l); }

  private:
    /// Recomputes the derived bits of page `p` after its flags changed.
    void refresh(uint64_t p) {
        uint8_t f = page_[p] & ~kWritableNotCode;
        if ((f & W) && !(f & kCode)) f |= kWritableNotCode;
        page_[p] = f;
    }
    bool ok(uint32_t addr, unsigned size, uint8_t perm) const {
        uint32_t last = addr + size - 1;
        if (last < addr) return false; // wraps past 4 GiB
        return (page_[addr >> kPageShift] & perm) && (page_[last >> kPageShift] & perm);
    }
    bool fail(uint32_t addr, unsigned size, uint8_t perm);
    void code_written(uint32_t addr, uint32_t len);

    uint8_t* base_ = nullptr;
    std::unique_ptr<uint8_t[]> page_; ///< flags per 4 KiB page, 2^20 entries
    /// Code owners per page (add_code), allocated at the first owner.
    std::unique_ptr<uint32_t[]> code_owners_;
    /// Sets or clears kCode on page `p` (and the derived bits).
    void set_code_mark(uint64_t p, bool on);
    uint64_t perm_generation_ = 0;
    uint32_t fault_addr_ = 0;
    bool fault_write_ = false;
    bool fault_not_present_ = true;
    CodeWriteListener on_code_write_;
};

} // namespace cm::x86
