// Private to morph: the semantics of the IR's x87 ops (IR_FOP in
// ir_ops.def), called from exec_insn for each of them.
#pragma once
#include <cstdint>

#include "x86/ir.hpp"
#include "x86/state.hpp"

namespace cm::morph {

/// Per-instruction FP context: the 80-bit temporaries and the exception
/// accumulator X (status-word layout: IE..PE and SF; C1 and C2 as the last
/// computation or stack check left them).
struct FpCtx {
    long double f[x86::kMaxFTemps];
    uint16_t x = 0;
};

enum class FpExec : uint8_t {
    Next,    ///< continue with the next op
    End,     ///< FCheck: the instruction completes here
    FpError, ///< FWait: raise #MF
};

/// The tag the x87 gives a register holding `v`: 0 valid, 1 zero, 2 special
/// (NaN, infinity, denormal, unnormal and the other unsupported encodings).
unsigned x87_tag(const long double& v);

/// Executes one x87 op; `t` are the instruction's 32-bit temporaries.
FpExec exec_fp(const x86::IrInst& in, uint32_t* t, FpCtx& fx, x86::CpuState& cpu);

} // namespace cm::morph
