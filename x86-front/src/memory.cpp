#include "x86/memory.hpp"

#include <algorithm>
#include <stdexcept>
#include <sys/mman.h>

namespace cm::x86 {

namespace {
// 4 GiB of guest space plus one guard page so that a 4-byte access at the
// very top never touches host memory beyond the reservation.
constexpr uint64_t kReserve = (1ull << 32) + GuestMemory::kPageSize;
} // namespace

GuestMemory::GuestMemory() : page_(new uint8_t[1u << 20]()) {
    void* p = mmap(nullptr, kReserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("cannot reserve 4 GiB of host address space for the guest");
    base_ = static_cast<uint8_t*>(p);
}

GuestMemory::~GuestMemory() { munmap(base_, kReserve); }

void GuestMemory::map(uint32_t addr, uint64_t len, uint8_t perm) {
    if (len == 0) return;
    uint64_t first = addr >> kPageShift;
    uint64_t last = (uint64_t(addr) + len - 1) >> kPageShift;
    if (last >= (1u << 20)) last = (1u << 20) - 1;
    uint8_t* start = base_ + (first << kPageShift);
    size_t bytes = (last - first + 1) << kPageShift;
    // Code decoded from pages being replaced is stale.
    for (uint64_t p = first; p <= last; ++p)
        if (page_[p] & kCode) code_written(static_cast<uint32_t>(p << kPageShift), kPageSize);
    // Fresh zero pages: replace whatever was there.
    if (mmap(start, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
             -1, 0) == MAP_FAILED)
        throw std::runtime_error("host mmap failed while mapping guest memory");
    for (uint64_t p = first; p <= last; ++p) {
        page_[p] = static_cast<uint8_t>((perm & RWX) | kMapped);
        if (code_owners_) code_owners_[p] = 0; // owners were dropped by the listener above
        refresh(p);
    }
    ++perm_generation_;
}

void GuestMemory::map_cms(uint32_t addr, uint64_t len) {
    map(addr, len, 0);
    uint64_t first = addr >> kPageShift;
    uint64_t last = (uint64_t(addr) + len - 1) >> kPageShift;
    for (uint64_t p = first; p <= last && p < (1u << 20); ++p) page_[p] = kCms;
    ++perm_generation_;
}

void GuestMemory::unmap(uint32_t addr, uint64_t len) {
    if (len == 0) return;
    uint64_t first = addr >> kPageShift;
    uint64_t last = (uint64_t(addr) + len - 1) >> kPageShift;
    if (last >= (1u << 20)) last = (1u << 20) - 1;
    uint8_t* start = base_ + (first << kPageShift);
    size_t bytes = (last - first + 1) << kPageShift;
    mmap(start, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    for (uint64_t p = first; p <= last; ++p) {
        if (page_[p] & kCode) code_written(static_cast<uint32_t>(p << kPageShift), kPageSize);
        page_[p] = 0;
        if (code_owners_) code_owners_[p] = 0;
    }
    ++perm_generation_;
}

bool GuestMemory::protect(uint32_t addr, uint64_t len, uint8_t perm) {
    if (len == 0) return true;
    uint64_t first = addr >> kPageShift;
    uint64_t last = (uint64_t(addr) + len - 1) >> kPageShift;
    if (last >= (1u << 20)) return false;
    for (uint64_t p = first; p <= last; ++p)
        if (!(page_[p] & kMapped)) return false;
    for (uint64_t p = first; p <= last; ++p) {
        // Decoded code from a page that loses execute permission (or changes
        // at all) must not keep running from the engines' caches.
        if ((page_[p] & kCode) && (page_[p] & RWX) != (perm & RWX))
            code_written(static_cast<uint32_t>(p << kPageShift), kPageSize);
        page_[p] = static_cast<uint8_t>((page_[p] & ~RWX) | (perm & RWX));
        refresh(p);
    }
    ++perm_generation_;
    return true;
}

bool GuestMemory::check(uint32_t addr, uint64_t len, uint8_t perm) const {
    if (len == 0) return true;
    uint64_t end = uint64_t(addr) + len - 1;
    if (end >> 32) return false;
    for (uint64_t p = addr >> kPageShift; p <= (end >> kPageShift); ++p)
        if ((page_[p] & perm) != perm || !(page_[p] & kMapped)) return false;
    return true;
}

bool GuestMemory::fail(uint32_t addr, unsigned size, uint8_t perm) {
    // Report the first byte that is not accessible, as the CPU's CR2 does.
    uint32_t a = addr;
    for (unsigned i = 0; i < size; ++i, ++a) {
        if (!(page_[a >> kPageShift] & perm)) break;
    }
    fault_addr_ = a;
    fault_write_ = (perm & W) != 0;
    fault_not_present_ = !(page_[a >> kPageShift] & kMapped);
    return false;
}

bool GuestMemory::read_bytes(uint32_t addr, void* dst, uint64_t len) {
    if (!check(addr, len, R)) {
        fail(addr, 1, R);
        // Find the exact first inaccessible byte for the record.
        for (uint64_t i = 0; i < len; ++i)
            if (!(page_[(addr + i) >> kPageShift] & R)) { fault_addr_ = uint32_t(addr + i); break; }
        return false;
    }
    std::memcpy(dst, base_ + addr, len);
    return true;
}

bool GuestMemory::write_bytes(uint32_t addr, const void* src, uint64_t len) {
    if (!check(addr, len, W)) {
        fail(addr, 1, W);
        for (uint64_t i = 0; i < len; ++i)
            if (!(page_[(addr + i) >> kPageShift] & W)) { fault_addr_ = uint32_t(addr + i); break; }
        return false;
    }
    std::memcpy(base_ + addr, src, len);
    if (len) {
        for (uint64_t p = addr >> kPageShift; p <= ((addr + len - 1) >> kPageShift); ++p)
            if (page_[p] & kCode) { code_written(addr, uint32_t(len)); break; }
    }
    return true;
}

size_t GuestMemory::fetch_code(uint32_t addr, uint8_t* buf, size_t max) const {
    size_t n = 0;
    while (n < max) {
        uint32_t a = addr + uint32_t(n);
        if (a < addr) break; // wrapped past 4 GiB
        uint8_t f = page_[a >> kPageShift];
        if (!(f & kMapped) || !(f & X)) break;
        size_t in_page = kPageSize - (a & (kPageSize - 1));
        size_t take = std::min(in_page, max - n);
        std::memcpy(buf + n, base_ + a, take);
        n += take;
    }
    return n;
}

void GuestMemory::poke(uint32_t addr, const void* src, uint64_t len) {
    std::memcpy(base_ + addr, src, len);
}

void GuestMemory::set_code_mark(uint64_t p, bool on) {
    if (bool(page_[p] & kCode) == on) return;
    page_[p] = on ? uint8_t(page_[p] | kCode) : uint8_t(page_[p] & ~kCode);
    refresh(p);
    ++perm_generation_;
}

void GuestMemory::add_code(uint32_t addr, uint64_t len) {
    if (len == 0) return;
    if (!code_owners_) code_owners_.reset(new uint32_t[1u << 20]());
    for (uint64_t p = addr >> kPageShift; p <= ((addr + len - 1) >> kPageShift) && p < (1u << 20); ++p)
        if (code_owners_[p]++ == 0) set_code_mark(p, true);
}

void GuestMemory::remove_code(uint32_t addr, uint64_t len) {
    if (len == 0 || !code_owners_) return;
    for (uint64_t p = addr >> kPageShift; p <= ((addr + len - 1) >> kPageShift) && p < (1u << 20); ++p)
        if (code_owners_[p] && --code_owners_[p] == 0) set_code_mark(p, false);
}

void GuestMemory::code_written(uint32_t addr, uint32_t len) {
    if (on_code_write_) on_code_write_(addr, len);
}

} // namespace cm::x86
