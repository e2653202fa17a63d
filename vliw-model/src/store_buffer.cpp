#include "vliw/store_buffer.hpp"

#include <cstring>

namespace cm::vliw {

uint32_t StoreBuffer::forward_overlapping(uint32_t addr, unsigned len, uint8_t* out) const {
    const uint64_t lo = addr, hi = uint64_t(addr) + len;
    if (entries_.empty() || hi <= lo_ || lo >= hi_) return 0;
    const uint32_t all = (1u << len) - 1;
    uint32_t have = 0;
    for (auto it = entries_.rbegin(); it != entries_.rend() && have != all; ++it) {
        const uint64_t elo = it->addr, ehi = elo + it->size;
        if (ehi <= lo || elo >= hi) continue;
        const uint64_t from = elo > lo ? elo : lo, to = ehi < hi ? ehi : hi;
        for (uint64_t b = from; b < to; ++b) {
            const unsigned i = static_cast<unsigned>(b - lo);
            if (have & (1u << i)) continue; // a younger store already supplied it
            out[i] = it->data[b - elo];
            have |= 1u << i;
        }
    }
    return have;
}

unsigned StoreBuffer::drain(MemPort& mem) {
    unsigned n = size();
    for (const Entry& e : entries_)
        mem.write(e.addr, e.data, e.size);
    discard();
    return n;
}

} // namespace cm::vliw
