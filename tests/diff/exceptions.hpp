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
    uint16_t fpu_sw_bits = 0;   ///< x87 status-word bits not compared
    uint8_t fpu_regs = 0;       ///< x87 physical registers (bit i = Ri) not compared
    uint16_t fpu_tag_bits = 0;  ///< x87 tag-word bits not compared
    uint16_t fpu_cw_bits = 0;   ///< x87 control-word bits not compared
    /// A second rule that applied as well (the x87 status-word rule goes with others).
    const char* rule2 = nullptr;
};

Leniency exceptions_for(const TestCase& tc);

} // namespace cm::diff
