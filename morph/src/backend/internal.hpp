// Private to the back end: atoms over virtual registers, and the stages'
// entry points (select.cpp, fuse.cpp, schedule.cpp, regalloc.cpp,
// encode.cpp, listing.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "morph/backend.hpp"
#include "vliw/encoding.hpp"
#include "vliw/isa.hpp"

namespace cm::morph::backend {

/// Register ids: 0..63 physical, kFirstVirt.. virtual (allocated later).
using RegId = uint16_t;
constexpr RegId kNoReg = 0xffff;
constexpr RegId kFirstVirt = 64;
inline bool is_virt(RegId r) {
    return r != kNoReg && r >= kFirstVirt;
}
/// State a side exit commits: r0..r10, r63 and the instruction counter r47
/// (whose increment for the final exit must not happen before a side exit).
inline bool is_guest_state(RegId r) {
    return r <= reg::kGsBase || r == reg::kExitTarget || r == reg::kInsnCount;
}

/// An atom whose register fields are RegIds (rd rs rt ru as vliw::Atom).
struct VAtom {
    vliw::Atom a;
    RegId rd = kNoReg, rs = kNoReg, rt = kNoReg, ru = kNoReg;
    uint16_t insn = 0; ///< guest instruction it came from
    enum class Kind : uint8_t { Plain, ExitBranch, Exit } kind = Kind::Plain;
    uint16_t exit = 0; ///< exit index (ExitBranch, Exit)
    uint32_t exit_insns = 0; ///< ExitBranch: guest instructions its exit retires
    /// ExitBranch: {guest register, value} copies its exit stub makes
    /// before committing (coalesce.cpp moves them off the main path).
    std::vector<std::pair<RegId, RegId>> stub_moves;
};

/// Which fields an atom reads and writes (from its format and properties).
struct Roles {
    bool rd_def = false, rd_use = false, rs_use = false, rt_use = false, ru_use = false;
    bool flags_use = false, flags_def = false;
    bool load = false, store = false, traps = false, branch = false;
    vliw::Unit unit = vliw::Unit::Alu;
    unsigned words = 1;
};
Roles roles(const vliw::Atom& a);

struct Failure {
    BackendFailure f;
};

/// Selection result: atoms in program order over virtual registers.
struct Selected {
    std::vector<VAtom> atoms;
    RegId next_virt = kFirstVirt;
};
/// Selects atoms for the region (flag fusion included). Fills `fail` and
/// returns false on an op it cannot translate. indirect_table: see
/// BackendOptions (0: indirect exits go to the CMS).
bool select(const Region& r, Selected& out, BackendFailure& fail, uint32_t indirect_table = 0);

/// Removes `mov rX, vN` by making vN's single definition write rX directly;
/// after the first side exit, moves a guest register's `mov rX, vN` that
/// only side exits observe into their stubs (VAtom::stub_moves) instead.
void coalesce(Selected& s);

/// A scheduled molecule: indices into Selected::atoms.
struct SchedMolecule {
    std::vector<unsigned> atoms;
};
/// speculate_loads: see BackendOptions.
std::vector<SchedMolecule> schedule(const Selected& s, const vliw::Config& cfg,
                                    bool speculate_loads = true);

/// Rewrites virtual registers to r11..r62 (but r47) in place. False: out of registers.
bool allocate(Selected& s, const std::vector<SchedMolecule>& mols);

} // namespace cm::morph::backend
