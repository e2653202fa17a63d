#include "vliw/counters.hpp"

#include <string>

namespace cm::vliw {

std::string_view stall_cause_name(StallCause c) {
    static constexpr std::string_view n[] = {"dependency", "load_use", "divider",     "icache",
                                             "dcache",     "branch",   "store_buffer"};
    return n[static_cast<unsigned>(c)];
}

void for_each_counter(
    const Counters& c,
    const std::function<void(std::string_view, std::string_view, std::string_view, uint64_t)>& fn) {
#define CM_COUNTER(name, unit, desc) fn(#name, unit, desc, c.name);
#include "vliw/counters.def"
#undef CM_COUNTER
    for (unsigned i = 0; i < static_cast<unsigned>(EnergyClass::Count_); ++i) {
        std::string n = "atoms." + std::string(energy_class_name(static_cast<EnergyClass>(i)));
        fn(n, "atoms", "atoms executed of this energy class", c.atoms_by_class[i]);
    }
    for (unsigned i = 0; i < static_cast<unsigned>(StallCause::Count_); ++i) {
        std::string n = "stall." + std::string(stall_cause_name(static_cast<StallCause>(i)));
        fn(n, "cycles", "issue cycles lost to this cause", c.stall_cycles[i]);
    }
}

} // namespace cm::vliw
