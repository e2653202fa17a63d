// Region selection: grows a superblock from a hot entry along the path the
// interpreter's profile says is hot, decoding and lifting each guest
// instruction and renaming its temporaries into region-wide vregs.
//
// What the builder follows and where it stops (each choice is deliberate):
// - Conditional branches (jcc, loop*, jcxz): continue in the direction the
//   profile of the interpreter block ending there took more often (ties and
//   unprofiled branches: fall through). The lifter's `Br c, t` becomes
//   `ExitIf c` to a Direct exit at `t`; when the taken side is followed, it
//   becomes `ExitIf (c == 0)` to a Direct exit at the fall-through address.
// - Direct jmp and call: followed (call's push stays in the IR); no exit.
// - Loops. A followed jmp or jcc to an address at or before its own is a
//   back edge. A region that starts inside a loop follows the back edge
//   into the loop's head, but if it then stops at a limit (size, stores,
//   loads), it is cut back to end at that back edge with a Direct exit to
//   the head: a loop body too long for one region is cut at the same
//   points on every trip instead of regions starting at ever new places,
//   and the head gets a region of its own. (Regions that end at a natural
//   point after the head, such as an indirect jump, keep it.)
//   Coming back to the region's own entry (by a back edge, or by falling
//   into it when the region starts at a rotated loop's condition) completes
//   one copy of the loop body; with `unroll_loops` the region goes on with
//   another copy (the branch's exit out of the loop stays a side exit in
//   every copy) while a whole copy fits the limits below, and the last
//   copy ends with a Direct exit to the entry, which the runtime chains to
//   the region itself. A copy that turns out not to fit is dropped, so a
//   region holding a loop ends where it comes back to its entry. Copies
//   of one body are alike: the branch directions come from the same
//   profile.
// - Any other followed target already in the current copy ends the region
//   with a Direct exit there.
// - Indirect jmp/call and ret: included; the region ends with an Indirect
//   exit whose target is the computed EIP.
// - Ended BEFORE the instruction, with an Interp exit at its address, so the
//   interpreter runs it: int 0x80 (the environment must see exactly the
//   state after the preceding instructions; the Syscall exit kind is not
//   produced yet), traps and #UD (int3, int n, ud2, unsupported or
//   undecodable bytes, unreadable code), x87 instructions unless
//   RegionLimits::x87 (the back end does not translate them yet; with it,
//   their FP temporaries become FP vregs, see region.hpp), rep string
//   instructions (Flow::Repeat:
//   they branch to themselves), cpuid and rdtsc (Flow::Serialize), and any
//   instruction with PutSeg or PutEflags (segment loads call the
//   environment; popf/sahf may set TF, AC or DF behind the region's back).
// - Limits: at most `max_insns` guest instructions, at most `max_stores`
//   Store ops (all of an instruction's stores must fit in the gated store
//   buffer), at most `max_protected_loads` loads after the region's first
//   store (the loads that may need an alias register when hoisted). An
//   instruction that does not fit ends the region with a Direct exit at
//   its own address.
// A region never has zero instructions: when the entry instruction itself
// cannot be included, build_region returns a Region with no insns (check
// `empty()`), and the caller interprets instead.
//
// Single-step (TF) is not modelled in regions: the runtime must interpret
// while TF is set.
#pragma once
#include <cstdint>
#include <functional>

#include "morph/interpreter.hpp"
#include "morph/region.hpp"
#include "x86/memory.hpp"

namespace cm::morph {

/// Bounds of one region.
struct RegionLimits {
    /// Guest instructions (the CLI's --max-region); at least 1.
    unsigned max_insns = 64;
    /// Store ops: the gated store buffer's capacity (entries).
    unsigned max_stores = 32;
    /// Loads after the region's first store, which hoisting may need to
    /// protect with an alias register. Pass the alias register count to
    /// guarantee every such load can be protected; 0 = no bound (the
    /// hoisting pass then protects as many as it has registers for).
    unsigned max_protected_loads = 0;
    /// Go on past a back edge to the region's entry with further copies of
    /// the loop body (see above); false: end there.
    bool unroll_loops = true;
    /// Let x87 instructions into the region (FP vregs, region.hpp); false
    /// (the default): end before them with an Interp exit. With it, the
    /// region takes those the back end translates for the x87 state
    /// x87_top / x87_empty at its entry (control word 0x037f; see
    /// backend/x87_plan.hpp) and ends before any other.
    bool x87 = false;
    unsigned x87_top = 0;     ///< TOP at the entry
    uint8_t x87_empty = 0xff; ///< physical registers tagged empty at the entry
    /// Only what region_exec runs (tests): any x87 instruction, no plan.
    bool x87_unplanned = false;
};

/// The interpreter's cached block starting at a guest address, or null:
/// where the builder reads each conditional branch's taken/not-taken counts.
using BlockLookup = std::function<const Block*(uint32_t start)>;

/// Builds the region entered at `entry` from code in `mem` (bytes must be
/// mapped executable). `blocks` may be empty (no profile: fall through at
/// every conditional branch). Returns an empty Region (no insns) if not even
/// the first instruction can be included.
Region build_region(uint32_t entry, const x86::GuestMemory& mem, const BlockLookup& blocks,
                    const RegionLimits& limits);

/// Same, with the profile of `interp`'s block cache.
Region build_region(uint32_t entry, const x86::GuestMemory& mem, const Interpreter& interp,
                    const RegionLimits& limits);

} // namespace cm::morph
