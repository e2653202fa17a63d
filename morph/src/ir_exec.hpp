// Private to morph: execution of one guest instruction's IR.
#pragma once
#include "x86/env.hpp"
#include "x86/ir.hpp"
#include "x86/lifter.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::morph {

enum class ExecResult : uint8_t {
    Next,    ///< fell through: EIP = next instruction
    Branch,  ///< control transfer: EIP set by the instruction
    Syscall, ///< EIP = next instruction; the environment takes over
    Fault,   ///< `fault` filled in; guest state not yet restored
};

/// Executes `li` (whose IR is `ops[li.first_op ...]`), updating cpu.eip.
ExecResult exec_insn(const x86::LiftedInsn& li, const x86::IrInst* ops, x86::CpuState& cpu,
                     x86::GuestMemory& mem, x86::GuestEnv& env, x86::FaultInfo& fault);

} // namespace cm::morph
