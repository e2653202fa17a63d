// The reference executor for regions: runs a Region's code directly over
// its vregs, against the guest state and memory, with the semantics the
// translated molecules must have (the same per-op evaluator as the
// interpreter). Used to verify the builder and the optimizer, as the
// oracle for the back end, and by the runtime where no translation exists.
#pragma once
#include <cstdint>

#include "morph/region.hpp"
#include "x86/env.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::morph {

/// How a region run ended.
enum class RegionOutcome : uint8_t {
    Exit,       ///< left through `RegionResult::exit`; cpu.eip = its target
    Fault,      ///< a guest exception: state rolled back to the region's entry
    AliasFault, ///< a stam overlapped an ldp range: rolled back to the entry
    /// An x87 instruction's FCheck fired (an unmasked exception ends it
    /// early, region.hpp): rolled back to the entry; interpret from there.
    FpAbort,
};

struct RegionResult {
    RegionOutcome outcome = RegionOutcome::Exit;
    uint16_t exit = 0;        ///< Exit: index into Region::exits
    uint32_t guest_insns = 0; ///< Exit: guest instructions retired (exits[exit].guest_insns)
    /// Fault: the exception as the faulting guest instruction raised it
    /// (eip/next_eip of that instruction). The caller normally interprets
    /// from the entry to deliver it precisely.
    x86::FaultInfo fault;
    uint16_t fault_insn = 0; ///< Fault/AliasFault/FpAbort: index of the guest instruction
};

/// Runs `r` once from its entry (cpu.eip should be r.entry). Atomic like the
/// hardware's commit/rollback: on any fault (guest exception or alias
/// fault) the registers, flags and every byte the region stored are
/// restored to their values at entry. Hoisted loads (RInst::alias_reg) and
/// the stores that check them (RInst::alias_mask) behave as ldp and stam.
/// x87 ops run through the interpreter's exec_fp (ir_exec_fp.hpp) over FP
/// vregs held as long double, with each guest instruction's own exception
/// accumulator (region.hpp); the x87 state is part of the rolled-back state.
/// Stores reach guest memory as they execute (code-write listeners fire);
/// a region that overwrites its own code keeps running the code it was
/// built from, as a translation would until its commit.
RegionResult exec_region(const Region& r, x86::CpuState& cpu, x86::GuestMemory& mem,
                         x86::GuestEnv& env);

} // namespace cm::morph
