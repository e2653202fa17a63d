#include "vliw/memory.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

namespace cm::vliw {

Memory::Memory(const Params& p) {
    reset(p);
}

Memory::~Memory() {
    std::free(data_);
}

void Memory::reset(const Params& p) {
    std::free(data_);
    // calloc: large zeroed memories cost nothing until touched.
    data_ = static_cast<uint8_t*>(std::calloc(p.size_bytes ? p.size_bytes : 1, 1));
    if (!data_) throw std::bad_alloc();
    size_ = p.size_bytes;
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

bool Memory::accessible(uint32_t addr, unsigned len) {
    uint64_t lo = addr, hi = uint64_t(addr) + len;
    if (hi > size_) return false;
    for (const Range& r : no_access_)
        if (r.lo < hi && lo < r.hi) return false;
    return true;
}

bool Memory::accessible_range(uint32_t addr, uint64_t& lo, uint64_t& hi) const {
    if (addr >= size_) return false;
    lo = 0;
    hi = size_ - 1;
    for (const Range& r : no_access_) {
        if (addr >= r.lo && addr < r.hi) return false;
        if (r.hi <= addr && r.hi > lo) lo = r.hi;
        if (r.lo > addr && r.lo - 1 < hi) hi = r.lo - 1;
    }
    return true;
}

bool Memory::read(uint32_t addr, void* dst, unsigned len) {
    if (!accessible(addr, len)) return false;
    std::memcpy(dst, data_ + addr, len);
    return true;
}

bool Memory::write(uint32_t addr, const void* src, unsigned len) {
    if (!accessible(addr, len)) return false;
    std::memcpy(data_ + addr, src, len);
    return true;
}

} // namespace cm::vliw
