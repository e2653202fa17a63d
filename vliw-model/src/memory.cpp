#include "vliw/memory.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

namespace cm::vliw {

Memory::Memory(const Params& p) {
    reset(p);
}

Memory::~Memory() {
    std::free(own_);
}

void Memory::reset(const Params& p) {
    if (p.size_bytes > kMaxSize)
        throw std::invalid_argument("vliw: memory size " + std::to_string(p.size_bytes) +
                                    " bytes is over 4 GiB");
    if (p.external && p.size_bytes == 0)
        throw std::invalid_argument("vliw: external memory needs size_bytes > 0");
    if (p.page_perm && !(p.read_bits | p.write_bits | p.fetch_bits))
        throw std::invalid_argument(
            "vliw: a page permission table needs read_bits, write_bits or fetch_bits");
    std::free(own_);
    own_ = nullptr;
    if (p.external) {
        data_ = p.external;
    } else {
        // calloc: large zeroed memories cost nothing until touched.
        own_ = static_cast<uint8_t*>(std::calloc(p.size_bytes ? p.size_bytes : 1, 1));
        if (!own_) throw std::bad_alloc();
        data_ = own_;
    }
    params_ = p;
    size_ = p.size_bytes;
    perm_ = p.page_perm;
    bits_[static_cast<unsigned>(MemAccess::Read)] = p.read_bits;
    bits_[static_cast<unsigned>(MemAccess::Write)] = p.write_bits;
    bits_[static_cast<unsigned>(MemAccess::Fetch)] = p.fetch_bits;
    seen_external_ = p.perm_generation ? *p.perm_generation : 0;
    no_access_.clear();
    ++generation_;
}

void Memory::set_no_access(uint32_t addr, uint32_t len, bool no_access) {
    uint64_t lo = addr, hi = uint64_t(addr) + len;
    std::vector<Range> out;
    for (const Range& r : no_access_) {
        if (r.hi <= lo || r.lo >= hi) {
            out.push_back(r);
            continue;
        }
        if (r.lo < lo) out.push_back({r.lo, lo});
        if (r.hi > hi) out.push_back({hi, r.hi});
    }
    if (no_access) out.push_back({lo, hi});
    no_access_ = std::move(out);
    ++generation_;
}

bool Memory::accessible_range(uint32_t addr, MemAccess a, uint64_t& lo, uint64_t& hi) const {
    const uint8_t bits = bits_[static_cast<unsigned>(a)];
    if (!allowed(addr, 1, bits)) return false;
    lo = 0;
    hi = size_ - 1;
    if (perm_) {
        const uint64_t pg = addr >> kPageShift, last = (size_ - 1) >> kPageShift;
        uint64_t plo = pg, phi = pg;
        while (plo > 0 && pg - plo < kGrantScanPages && (perm_[plo - 1] & bits))
            --plo;
        while (phi < last && phi - pg < kGrantScanPages && (perm_[phi + 1] & bits))
            ++phi;
        lo = plo << kPageShift;
        hi = std::min(hi, ((phi + 1) << kPageShift) - 1);
    }
    for (const Range& r : no_access_) {
        if (r.hi <= addr && r.hi > lo) lo = r.hi;
        if (r.lo > addr && r.lo - 1 < hi) hi = r.lo - 1;
    }
    return true;
}

bool Memory::range_allows(uint64_t lo, uint64_t hi, MemAccess a) const {
    if (hi < lo || hi >= size_) return false;
    const uint8_t bits = bits_[static_cast<unsigned>(a)];
    if (perm_)
        for (uint64_t pg = lo >> kPageShift; pg <= hi >> kPageShift; ++pg)
            if (!(perm_[pg] & bits)) return false;
    for (const Range& r : no_access_)
        if (r.lo <= hi && lo < r.hi) return false;
    return true;
}

uint32_t Memory::first_fault(uint32_t addr, unsigned len, MemAccess a) {
    const uint8_t bits = bits_[static_cast<unsigned>(a)];
    uint64_t b = addr;
    while (b < uint64_t(addr) + len && b < size_ && allowed(static_cast<uint32_t>(b), 1, bits))
        ++b;
    return static_cast<uint32_t>(b);
}

bool Memory::read(uint32_t addr, void* dst, unsigned len) {
    if (!accessible(addr, len, MemAccess::Read)) return false;
    std::memcpy(dst, data_ + addr, len);
    return true;
}

bool Memory::write(uint32_t addr, const void* src, unsigned len) {
    if (!accessible(addr, len, MemAccess::Write)) return false;
    std::memcpy(data_ + addr, src, len);
    return true;
}

bool Memory::fetch(uint32_t addr, void* dst, unsigned len) {
    if (!accessible(addr, len, MemAccess::Fetch)) return false;
    std::memcpy(dst, data_ + addr, len);
    return true;
}

} // namespace cm::vliw
