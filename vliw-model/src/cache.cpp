#include "vliw/cache.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cm::vliw {

void Cache::reset(const Params& p) {
    params_ = p;
    line_shift_ = static_cast<unsigned>(std::countr_zero(p.line_bytes));
    ways_ = p.assoc;
    uint32_t sets = p.size_bytes / (p.line_bytes * p.assoc);
    if (sets == 0) sets = 1;
    set_mask_ = sets - 1;
    store_.assign(std::size_t(sets) * 2 * ways_ + 16, 0);
    const auto addr = reinterpret_cast<std::uintptr_t>(store_.data());
    base_ = ((64 - addr % 64) % 64) / sizeof(uint32_t);
    clock_ = 0;
    last_tag_ = 0;
}

void Cache::flush() {
    for (uint32_t set = 0; set <= set_mask_; ++set)
        std::fill_n(set_at(set), ways_, 0u);
    last_tag_ = 0;
}

bool Cache::access_slow(uint32_t addr) {
    const uint32_t line = addr >> line_shift_;
    uint32_t* const tag_of = set_at(line & set_mask_);
    uint32_t* const stamp_of = tag_of + ways_;
    const uint32_t tag = line + 1;
    last_tag_ = tag; // resident and most recently used after this access
    if (++clock_ == ~0u) renumber();
    for (uint32_t w = 0; w < ways_; ++w)
        if (tag_of[w] == tag) {
            stamp_of[w] = clock_;
            return true;
        }
    // A miss: replace the first invalid way, else the least recently used.
    uint32_t victim = 0;
    for (uint32_t w = 1; w < ways_; ++w)
        if (tag_of[victim] != 0 && (tag_of[w] == 0 || stamp_of[w] < stamp_of[victim])) victim = w;
    tag_of[victim] = tag;
    stamp_of[victim] = clock_;
    return false;
}

// Replaces every set's stamps by their ranks among the set's valid ways
// (1 = least recently used); invalid ways get 0. Valid ways have distinct
// stamps, so every later hit/victim decision is the same as before.
void Cache::renumber() {
    std::vector<std::pair<uint32_t, uint32_t>> order; // (stamp, way)
    for (uint32_t set = 0; set <= set_mask_; ++set) {
        uint32_t* const tag_of = set_at(set);
        uint32_t* const stamp_of = tag_of + ways_;
        order.clear();
        for (uint32_t w = 0; w < ways_; ++w)
            if (tag_of[w] != 0) order.emplace_back(stamp_of[w], w);
            else stamp_of[w] = 0;
        std::sort(order.begin(), order.end());
        for (uint32_t i = 0; i < order.size(); ++i)
            stamp_of[order[i].second] = i + 1;
    }
    clock_ = ways_ + 1;
}

} // namespace cm::vliw
