// The named, commented list of places where the comparison knowingly looks
// away: behaviour the SDM leaves undefined in ways the decoder's static
// undefined-flags mask cannot express. Keep it tiny; see exceptions.cpp.
#pragma once
#include <cstdint>

#include "diff_case.hpp"

namespace cm::diff {

struct Leniency {
    const char* rule = nullptr; ///< name of the rule that applied, or null
    uint32_t flags = 0;         ///< extra EFLAGS bits not compared
    uint32_t gpr_bits[8] = {};  ///< bits of each GPR not compared
};

Leniency exceptions_for(const TestCase& tc);

} // namespace cm::diff
