// A region: the unit of translation. A superblock of guest instructions
// along the hot path (single entry, side exits), with the lifter's IR of
// every instruction renamed into one flat code list over region-wide
// virtual registers. The region builder produces it from the interpreter's
// blocks and profile, the optimizer rewrites it, the back end turns it into
// molecules, and `exec_region` runs it directly as the reference.
//
// Semantics: a region executes atomically. On a fault anywhere in it the CMS
// rolls back to the region's entry state and interprets instead, so passes
// may reorder, forward and delete across guest-instruction boundaries
// freely, provided the state at each exit is the state the guest
// instructions would produce.
//
// x87 code (only with RegionLimits::x87; the back end does not translate it
// yet): a vreg is either a 32-bit integer or an 80-bit FP value (VregKind),
// by the kind its defining op gives it in ir_ops.def (the lifter's separate
// FP temporaries f0.. become FP vregs). Each guest instruction keeps its own
// FP exception accumulator X: it starts clear at the instruction's first FP
// op (ops of different guest instructions are told apart by RInst::insn;
// the optimizer never reorders FP ops, so each instruction's FP ops stay
// contiguous among the FP ops). The three ways an x87 instruction leaves
// early are rollbacks to the region's entry, never exits:
// - FCheck that fires ("end the instruction, its destinations unwritten",
//   with X moved into the status word: an unmasked exception, or C2 for an
//   operand out of range of fsin, fcos, fsincos, fptan): the region is
//   rolled back and the interpreter runs from the entry (exec_region:
//   RegionOutcome::FpAbort). An Interp exit at that instruction would need
//   the state before it, but the lifted order writes FIP, FCS:FOP, FDP and
//   FDS before FCheck, and FCheck has no condition value to branch on; a
//   rollback to the entry is always correct for an atomic region, and rare
//   (an unmasked exception means #MF at the next waiting instruction).
// - FWait with a pending unmasked exception (#MF): a guest fault, rolled
//   back like any other (RegionOutcome::Fault).
// - FStkChk does not leave by itself: a stack fault is IE|SF in X, and the
//   FCheck after it fires if IE is unmasked.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "x86/ir.hpp"
#include "x86/lifter.hpp"

namespace cm::morph {

/// A region-wide virtual register (32-bit or 80-bit FP value, see
/// VregKind). kNoVreg: none.
using Vreg = uint16_t;
constexpr Vreg kNoVreg = 0xffff;

/// What a vreg holds: fixed by the op that defines it (ir_dst_fp).
enum class VregKind : uint8_t {
    Int, ///< a 32-bit value (every vreg of integer code)
    Fp,  ///< an 80-bit x87 value (long double on the host)
};

/// Control operations that exist only in regions (the lifter's Jmp and Br
/// become these): they end the region.
enum class RegionCtl : uint8_t {
    None,   ///< an ordinary IR op (RInst::op)
    Exit,   ///< leave through exit `imm` (Indirect: src0 = its target vreg too)
    ExitIf, ///< if src0 != 0, leave through exit `imm`; else continue
};

/// One region operation: an IR op over vregs, or a region control op.
struct RInst {
    x86::IrOp op = x86::IrOp::Const;
    RegionCtl ctl = RegionCtl::None;
    uint8_t size = 4;
    Vreg dst = kNoVreg, dst2 = kNoVreg;
    Vreg src[3] = {kNoVreg, kNoVreg, kNoVreg};
    uint32_t imm = 0;
    uint16_t insn = 0; ///< index of the guest instruction it came from
    /// Load hoisted above stores it may alias (the back end emits `ldp`):
    /// the alias register, 0 .. OptOptions::alias_registers-1, that records
    /// its address range; kNoAlias for an ordinary load.
    uint8_t alias_reg = kNoAlias;
    /// Store that hoisted loads passed (the back end emits `stam`): bit k
    /// set = check this store's range against alias register k; an overlap
    /// is an alias fault and rolls the region back.
    uint32_t alias_mask = 0;
    static constexpr uint8_t kNoAlias = 0xff;
};

/// Why a region is left through an exit.
enum class ExitKind : uint8_t {
    Direct,   ///< continue at the constant guest address `target` (chainable)
    Indirect, ///< continue at the guest address held in vreg `target_vreg`
    Syscall,  ///< int 0x80 at `insn`: EIP = `target` (the next instruction) and hand over
    Interp,   ///< interpret from `target` (an instruction the back end does not translate)
};

struct RegionExit {
    ExitKind kind = ExitKind::Direct;
    uint32_t target = 0;       ///< guest EIP to continue at (Direct/Syscall/Interp)
    Vreg target_vreg = kNoVreg; ///< Indirect: the vreg holding the target EIP
    uint16_t insn = 0;         ///< guest instruction index that takes this exit
    uint32_t guest_insns = 0;  ///< guest instructions retired when leaving here
};

/// In a region, each LiftedInsn's first_op/num_ops are unused (0): an
/// RInst names its guest instruction through RInst::insn instead.
struct Region {
    uint32_t entry = 0;                   ///< guest EIP of the first instruction
    std::vector<x86::LiftedInsn> insns;   ///< the guest instructions, in region order
    std::vector<RInst> code;              ///< the region's operations
    std::vector<RegionExit> exits;
    uint16_t nvregs = 0;                  ///< vregs used: 0 .. nvregs-1
    /// Guest byte ranges the region was built from (for invalidation), as
    /// [first byte, one past the last byte) pairs, merged where contiguous.
    std::vector<std::pair<uint32_t, uint32_t>> ranges;
    /// Disassembly of each guest instruction (parallel to `insns`), for dumps.
    std::vector<std::string> insn_text;

    /// True for the builder's "nothing translatable here" answer.
    bool empty() const { return insns.empty(); }
    /// Text dump: guest instructions and IR, one op per line.
    std::string dump() const;
    /// Structural check for tests and after each optimizer pass: every vreg
    /// below nvregs, defined once and before its uses, each operand of the
    /// kind its op expects (FP only where ir_ops.def says 'f'; exits and
    /// ExitIf conditions are integers), exits and guest instruction indices
    /// in range, a final Exit. Empty if well formed, else what is wrong.
    std::string validate() const;
    /// The kind of each vreg 0 .. nvregs-1, from its definition (Int for
    /// vregs nothing defines).
    std::vector<VregKind> vreg_kinds() const;
    /// True if the region holds x87 ops.
    bool has_fp() const;
};

} // namespace cm::morph
