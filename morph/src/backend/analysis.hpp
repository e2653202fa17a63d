// Private to the back end: the facts atom selection needs about a region,
// computed once (analysis.cpp): SSA values, uses, flag liveness, which
// flag computations fold into a flag-producing atom, and which ops are dead.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "morph/region.hpp"
#include "x86/state.hpp"

namespace cm::morph::backend {

/// A value: 2 * node + (0: dst, 1: dst2); -1 none.
using Val = int;

/// Arithmetic flags as a mask over x86::Flag indices.
constexpr unsigned fbit(x86::Flag f) {
    return 1u << static_cast<unsigned>(f);
}
constexpr unsigned kArithFlags = fbit(x86::Flag::CF) | fbit(x86::Flag::PF) | fbit(x86::Flag::AF) |
                                 fbit(x86::Flag::ZF) | fbit(x86::Flag::SF) | fbit(x86::Flag::OF);
/// Flags read by an x86 condition code (0..15).
unsigned cond_flags(unsigned cc);

/// The flag-producing atom an op becomes when its flags fold into it.
enum class FuseOp : uint8_t {
    None,
    Add,
    Sub,
    And,
    Or,
    Xor,
    Inc,
    Dec,
    Neg,
    Shl,
    Shr,
    Sar,
    Rol,
    Ror,
    /// Not an atom of its own: the node (a load or a register read) is
    /// emitted as usual and followed by `testf v, v`, which gives the flags
    /// x86 `test v, v` leaves on its value (ZF SF PF; CF = OF = AF = 0).
    Test
};

struct Analysis {
    const Region* r = nullptr;
    size_t n = 0;                            ///< ops up to and including the first Exit
    std::vector<std::array<Val, 3>> src;     ///< per node: source values
    std::vector<Val> exit_target;            ///< per node: Indirect exit target value
    std::vector<std::vector<unsigned>> uses; ///< per value: using nodes (in order)
    std::vector<uint8_t> live_before;        ///< per node: arithmetic flags live before it
    std::vector<FuseOp> fuse;                ///< per node: flag fusion chosen
    std::vector<bool> dropped;               ///< per node: PutFlag folded into a fused op
    std::vector<bool> needed;                ///< per node: must be emitted
    std::vector<bool> cond_direct;           ///< per Cond node: consumers test flags directly
    /// Per ExitIf node: its condition was `FlagZ.4 x` and src0 is now x
    /// itself: the exit is taken when x == 0 (`bz x`, no flag value).
    std::vector<bool> exit_if_zero;
    /// Per ExitIf node: the x86 condition code (0..15) its condition equals
    /// on the flag values last put (so in the flags register there: `bcc`),
    /// or -1.
    std::vector<int8_t> exit_cc;
    std::vector<bool> alias_ok; ///< per GetReg.4 node: may read the guest register in place

    const RInst& in(unsigned node) const { return r->code[node]; }
    const RInst& def(Val v) const { return r->code[unsigned(v) >> 1]; }
    Val s(unsigned node, unsigned k) const { return src[node][k]; }
    bool is_const(Val v, uint32_t k) const;
    bool value_needed(Val v) const;
    bool used_by_needed(Val v) const { return value_needed(v); }
};

/// Builds the analysis; false (with the offending node in `bad`) if the
/// region uses an undefined vreg or lacks a final Exit.
bool analyze(const Region& r, Analysis& a, unsigned& bad);

} // namespace cm::morph::backend
