// The translator's back end: a Region (region.hpp) in, VLIW molecules out.
//
//   select atoms -> coalesce -> list-schedule into molecules -> allocate
//   registers -> lay out and encode (vliw::encode_molecule)
//
// Register convention (fixed; the runtime loads guest state into these
// registers before entering a translation and reads it back after an exit):
//
//   r0..r7    EAX ECX EDX EBX ESP EBP ESI EDI            (shadowed)
//   flags     the x86 arithmetic flags CF PF AF ZF SF OF (EFLAGS layout; shadowed)
//   r8        DF as 0 or 1                               (shadowed)
//   r9, r10   FS base, GS base (read-only inside regions)
//   r11..r46, r48..r62  temporaries of the region (r11..r46 shadowed)
//   r47       guest instructions committed (shadowed): every exit's commit
//             molecule adds the guest instructions that exit retires, so the
//             runtime counts exactly across chained regions and a rollback
//             restores the count of the last commit
//   r63       Indirect exits: the guest EIP to continue at
//   f0..f7    the x87 registers R0..R7 (physical order; ST(i) = R[(TOP+i)&7])
//   fsr       the x87 status word's exception flags IE..PE and C1
//   r42..r46  the rest of the x87 state (kX87*, below; shadowed)
//
// Translations of x87 code specialise on the x87 control state at their
// entry (control word 0x037f, TOP, which registers are empty, no pending
// exception: X87Entry) and check it first: on a mismatch they leave through
// the guard exit (kX87GuardExit, nothing retired) and the CMS interprets.
// Stack checks and register slots resolve at translation time. An FP atom
// that raises IE or DE (NaN, SNaN, denormal or unsupported operands: the
// x87's rules for them are not those of the atoms) faults at the next exit's
// `fchk` and the region is interpreted precisely; so that fchk sees only new
// ones, the CMS keeps IE and DE raised earlier in kX87Sw, not in fsr.
//
// All guest state lives in shadowed registers, so a rollback restores it.
// A translation commits only at its exits: each exit is a molecule with the
// commit bit and an `exit N` atom, N the index in Region::exits, which the
// runtime reads from ExitRecord::code; `addi r47, r47, n` (n the exit's
// guest instructions) goes in that molecule or after the last earlier exit. ExitIf becomes a conditional branch
// to such a stub after the main code; the final Exit is inline. With an
// indirect-exit lookup table (BackendOptions::indirect_table), a final
// Indirect exit loads the target's entry with `ldc`, branches to its stub on
// a tag mismatch, and otherwise commits with `jr` to the translation found.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "morph/region.hpp"
#include "vliw/config.hpp"
#include "x86/ir.hpp"

namespace cm::morph {

/// Fixed registers of the convention above.
namespace reg {
constexpr unsigned kGuestGpr0 = 0; ///< r0..r7 = guest GPRs in x86 order
constexpr unsigned kDF = 8;
constexpr unsigned kFsBase = 9;
constexpr unsigned kGsBase = 10;
constexpr unsigned kFirstTemp = 11;
constexpr unsigned kLastTemp = 62;
constexpr unsigned kInsnCount = 47;  ///< guest instructions committed (not a temporary)
constexpr unsigned kExitTarget = 63; ///< Indirect exits: target EIP
/// x87 state beside f0..f7 and fsr (see x87_ctl and the CMS's load/store):
constexpr unsigned kX87Fop = 42; ///< FOP (bits 0-10), FCS := CS (bit 11), FDS := seg (bits 12-14: index+1, 0 keep)
constexpr unsigned kX87Fdp = 43; ///< FDP
constexpr unsigned kX87Fip = 44; ///< FIP
constexpr unsigned kX87Sw = 45;  ///< the status word's C0 C2 C3 SF B, and IE DE raised before the run
constexpr unsigned kX87Ctl = 46; ///< x87_ctl(): control word, TOP, ES, empty registers
constexpr unsigned kX87First = 42, kX87Last = 46;
} // namespace reg

/// The kX87Ctl register: control word (bits 0-15), TOP (16-18), ES (19),
/// bit p of the empty-register mask at 24+p. A translation of x87 code only
/// runs with ES clear and never sets it (the guard is one compare).
constexpr uint32_t x87_ctl(uint16_t cw, unsigned top, bool es, uint8_t empty) {
    return cw | (top & 7) << 16 | uint32_t(es) << 19 | uint32_t(empty) << 24;
}
/// The ExitRecord code of a failed x87 guard (no Region exit has it).
constexpr uint16_t kX87GuardExit = 0xffff;

/// The x87 facts a translation of x87 code specialises on (its guard).
struct X87Entry {
    unsigned top = 0;     ///< TOP
    uint8_t empty = 0xff; ///< bit p: physical register p is empty
};

/// The indirect-exit lookup table, in CMS memory (maintained by the CMS,
/// read by translated code with `ldc`): kIndirectTableEntries entries of
/// 8 bytes, {guest EIP (the tag), address of its translation's entry}; a
/// target's entry is the one indexed by its EIP's low kIndirectTableBits
/// bits. An empty entry i holds the tag i ^ 1, which no EIP of that index
/// matches. The table's address is aligned to its size.
constexpr unsigned kIndirectTableBits = 12;
constexpr unsigned kIndirectTableEntries = 1u << kIndirectTableBits;
constexpr uint32_t kIndirectTableBytes = 8u * kIndirectTableEntries;

struct BackendOptions {
    /// Build Translation::listing (costs time; for --dump-translations and tests).
    bool listing = false;
    /// Address of the indirect-exit lookup table (above), or 0. With a
    /// table, an indirect exit looks its target up in the machine and, on a
    /// hit, commits and jumps (`jr`) straight to the target's translation;
    /// on a miss it commits and exits to the CMS as without one.
    uint32_t indirect_table = 0;
    /// Let the scheduler run loads into temporaries above side exits (a
    /// load that faults there rolls the region back: a speculation fault;
    /// the CMS clears this when it retranslates after those).
    bool speculate_loads = true;
    /// The x87 state at the region's entry (the CMS's, when it translates);
    /// required for regions with x87 ops, which are refused without it.
    std::optional<X87Entry> x87;
    /// Optional: text of the guest instruction at an address, for the listing.
    std::function<std::string(uint32_t addr)> describe_insn;
};

/// Where an exit's `exit` atom sits, so the runtime can chain it: replace the
/// atom word at `atom_addr` by `br` to another translation (its displacement
/// counts words from `molecule_addr`), and restore `exit N` to unchain. The
/// molecule keeps its commit bit either way.
struct ExitStub {
    uint16_t exit = 0;          ///< index in Region::exits (= the exit code)
    uint32_t molecule_addr = 0; ///< byte address of the molecule holding the atom
    uint32_t atom_addr = 0;     ///< byte address of the exit atom's word
    bool conditional = false;   ///< reached by a branch (ExitIf) rather than inline
};

/// Why a region could not be translated. The runtime ends the region before
/// guest instruction `insn` (or interprets it) and retries.
struct BackendFailure {
    enum class Why : uint8_t {
        UnsupportedOp,  ///< an IR op the back end has no atoms for (`op`)
        OutOfRegisters, ///< more live temporaries than r11..r62 (without r47)
        Malformed,      ///< the region breaks its contract (a bug upstream)
    };
    Why why = Why::UnsupportedOp;
    uint16_t insn = 0; ///< guest instruction index in the region
    x86::IrOp op = x86::IrOp::Const;
    std::string message;
};

struct Translation {
    std::optional<BackendFailure> failure; ///< set: nothing else is valid
    uint32_t code_base = 0;                ///< where `code` must be placed
    uint32_t entry = 0;                    ///< address to start at (= code_base)
    std::vector<uint8_t> code;             ///< encoded molecules
    std::vector<ExitStub> stubs;           ///< one per exit reached by the code
    unsigned molecules = 0;                ///< molecules in `code` (stubs included)
    unsigned atoms = 0;                    ///< atoms excluding padding nops
    unsigned guest_insns = 0;              ///< guest instructions in the region
    std::string listing;                   ///< disassembly with guest instructions

    bool ok() const { return !failure; }
};

/// Translates a region for the machine described by `cfg` (molecule width,
/// unit slots, latencies), to be placed at `code_base`.
Translation translate(const Region& region, const vliw::Config& cfg, uint32_t code_base,
                      const BackendOptions& opt = {});

} // namespace cm::morph
