// The region optimizer: IR-to-IR passes over a Region (one file each,
// morph/src/opt_*.cpp), run in a fixed order by `optimize`. Every pass
// keeps the region's contract (region.hpp): at each exit, ExitIf included,
// the guest registers, flags and memory are those the guest instructions
// before it produce; between exits anything may move or vanish, because a
// fault rolls the whole region back.
//
// Passes and their limits:
// - const_prop: constant and copy propagation with folding (through the
//   interpreter's own evaluator), algebraic identities (x+0, x^x, ...),
//   and value numbering of pure ops (equal address computations become one
//   vreg, which the memory passes rely on); an ExitIf on a constant is
//   dropped or becomes the region's end; an Indirect exit whose target is
//   constant becomes Direct (chainable).
// - state_forward: GetReg/GetFlag after a PutReg/PutFlag (or a Get) of the
//   same full 32-bit register or flag within the region becomes that value
//   (16-bit and low 8-bit reads through a Zext; AH..BH and partial writes
//   are not tracked); Cond with all its flags known becomes their formula.
// - dead_puts: a PutReg/PutFlag overwritten before any exit, and before any
//   read of it that was not forwarded, is deleted (byte-precise for
//   registers). Faults need no state: they roll back.
// - dce: ops whose results are unused and that cannot fault or change
//   state are deleted (so Flag* computations whose PutFlag died go too).
//   Loads and divisions stay even when unused: they may fault.
// - mem_forward: redundant load elimination and store-to-load forwarding
//   for the same address vreg and size; a store kills what it may alias:
//   anything not provably disjoint (same base vreg + different constant
//   offsets, or two constant addresses).
// - hoist_loads: moves each load up past stores (never past an exit, unless
//   hoist_side_exits allows side exits; nor above its address's
//   definition, nor past a store to the same address; a load that faults
//   above a taken side exit is a speculation fault, see opt_hoist.cpp);
//   passing a store that may alias needs alias speculation: the load gets
//   an alias register (ldp), each such store a mask bit (stam). Bounded by
//   `alias_registers`, each reused once the stores checking it are behind
//   the new load; provably disjoint stores are passed freely.
#pragma once
#include <cstdint>

#include "morph/region.hpp"

namespace cm::morph {

/// Which passes run. All on by default; the retranslation policy turns
/// off hoist_loads (or alias_speculation) for regions that alias-faulted.
struct OptOptions {
    bool const_prop = true;
    bool state_forward = true;
    bool dead_puts = true;
    bool dce = true;
    bool mem_forward = true;
    bool hoist_loads = true;
    /// Hoisting past stores that may alias (ldp/stam); the CLI's
    /// --no-alias-spec clears it.
    bool alias_speculation = true;
    /// Alias registers the machine has (vliw.alias_registers), at most 32.
    unsigned alias_registers = 8;
    /// Side exits (ExitIf) one load may be hoisted above. 1 lets an unrolled
    /// loop's next iteration start its loads above this one's stores (the
    /// scheduler then runs later loads above exits too, and computes the
    /// next iteration's address from temporaries). Where that leaves a
    /// later load without a free alias register the pass hoists within
    /// each copy only (opt_hoist.cpp).
    unsigned hoist_side_exits = 1;
};

/// Rewrites `r` with the enabled passes. The result passes Region::validate.
void optimize(Region& r, const OptOptions& opt = {});

// The individual passes, for tests and for the golden dumps of each stage.
void opt_const_prop(Region& r);
void opt_state_forward(Region& r);
void opt_dead_puts(Region& r);
void opt_dce(Region& r);
void opt_mem_forward(Region& r);
/// Returns the number of loads given an alias register.
/// `max_side_exits`: how many ExitIf a load may move above.
unsigned opt_hoist_loads(Region& r, bool alias_speculation, unsigned alias_registers,
                         unsigned max_side_exits = 0);

} // namespace cm::morph
