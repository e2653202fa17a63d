#include "vliw/cache.hpp"

#include <bit>
#include <cstddef>

namespace cm::vliw {

void Cache::reset(const Params& p) {
    params_ = p;
    line_shift_ = static_cast<unsigned>(std::countr_zero(p.line_bytes));
    ways_ = p.assoc;
    uint32_t sets = p.size_bytes / (p.line_bytes * p.assoc);
    if (sets == 0) sets = 1;
    set_mask_ = sets - 1;
    tag_.assign(std::size_t(sets) * ways_, 0);
    stamp_.assign(std::size_t(sets) * ways_, 0);
    clock_ = 0;
}

void Cache::flush() {
    for (auto& t : tag_)
        t = 0;
}

bool Cache::access(uint32_t addr) {
    const uint32_t line = addr >> line_shift_;
    const std::size_t base = std::size_t(line & set_mask_) * ways_;
    const uint32_t tag = line + 1;
    ++clock_;
    std::size_t victim = base;
    for (std::size_t w = base; w < base + ways_; ++w) {
        if (tag_[w] == tag) {
            stamp_[w] = clock_;
            return true;
        }
        // Invalid ways have stamp 0 after reset/flush only if never used;
        // prefer an invalid way, else the least recently used.
        if (tag_[victim] != 0 && (tag_[w] == 0 || stamp_[w] < stamp_[victim])) victim = w;
    }
    tag_[victim] = tag;
    stamp_[victim] = clock_;
    return false;
}

} // namespace cm::vliw
