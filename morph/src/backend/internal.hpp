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

/// Register ids: 0..63 the physical GPRs r0..r63, kFpr0.. kFpr0+31 the
/// physical FP registers f0..f31, kFirstVirt.. virtual (allocated later; a
/// virtual register's class, GPR or FP, is that of the fields it appears in).
using RegId = uint16_t;
constexpr RegId kNoReg = 0xffff;
constexpr RegId kFpr0 = 64;
constexpr RegId kFirstVirt = 128;
inline bool is_virt(RegId r) {
    return r != kNoReg && r >= kFirstVirt;
}
inline bool is_fpr(RegId r) {
    return r >= kFpr0 && r < kFpr0 + vliw::kNumFprs;
}
/// The FP registers holding the guest's x87 registers R0..R7 (physical
/// order, not stack order): f0..f7.
constexpr unsigned kGuestFprs = 8;
/// State a side exit commits: r0..r10, r63, the instruction counter r47
/// (whose increment for the final exit must not happen before a side exit)
/// and the x87 registers f0..f7.
inline bool is_guest_state(RegId r) {
    return r <= reg::kGsBase || r == reg::kExitTarget || r == reg::kInsnCount ||
           (r >= reg::kX87First && r <= reg::kX87Last) || (r >= kFpr0 && r < kFpr0 + kGuestFprs);
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
    /// ExitBranch: `fchk` mask its stub's committing molecule checks (x87
    /// code: IE|DE raised before the exit roll it back instead), or 0.
    uint16_t stub_fchk = 0;
};

/// Which fields an atom reads and writes (from its format and properties).
struct Roles {
    bool rd_def = false, rd_use = false, rs_use = false, rt_use = false, ru_use = false;
    /// Fields naming FP registers (the atom table's 'f' operand kinds).
    bool rd_fp = false, rs_fp = false, rt_fp = false;
    bool flags_use = false, flags_def = false;
    bool fsr_use = false, fsr_def = false; ///< the FP status register
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
/// x87: the entry state of a region with x87 ops (BackendOptions::x87).
bool select(const Region& r, Selected& out, BackendFailure& fail, uint32_t indirect_table = 0,
            const X87Entry* x87 = nullptr);

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

/// Rewrites virtual registers to r11..r62 (but r42..r47) and f8..f31 in
/// place. False: out of registers.
bool allocate(Selected& s, const std::vector<SchedMolecule>& mols);

} // namespace cm::morph::backend
