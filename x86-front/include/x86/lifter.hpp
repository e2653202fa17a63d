// IA-32 -> IR. The only source of IA-32 semantics: the interpreter and the
// translator both consume what this produces.
#pragma once
#include <cstdint>
#include <vector>

#include "x86/insn.hpp"
#include "x86/ir.hpp"

namespace cm::x86 {

/// How an instruction leaves: what the translator and profiler need to know.
enum class Flow : uint8_t {
    Next,         ///< always falls through
    CondBranch,   ///< direct conditional branch (jcc, loop, jecxz)
    Jump,         ///< direct unconditional jump
    Call,         ///< direct call
    IndirectJump, ///< jmp r/m
    IndirectCall, ///< call r/m
    Return,       ///< ret
    Repeat,       ///< rep string op: may branch back to itself
    Trap,         ///< always raises an exception (ud2, int3, int n)
    Syscall,      ///< int 0x80: hands control to the environment
    Serialize,    ///< cpuid, rdtsc: ends a block, no branch
};

/// One lifted guest instruction; its IR lives in a shared op array.
struct LiftedInsn {
    uint32_t addr = 0;
    uint8_t length = 0;
    uint8_t ntemps = 0;  ///< temporaries used by its IR
    Flow flow = Flow::Next;
    bool unsupported = false; ///< lifted as #UD because Codemorph lacks it
    uint32_t first_op = 0;    ///< index of its first IrInst
    uint16_t num_ops = 0;
    uint32_t branch_target = 0; ///< direct target for Jump/Call/CondBranch
    uint32_t flags_read = 0;    ///< EFLAGS bits the instruction reads
    /// EFLAGS bits it may write (defined or not). For Flow::Repeat these are
    /// may-writes: a rep cmps/scas with a zero count writes none of them.
    uint32_t flags_written = 0;
    uint32_t flags_undefined = 0; ///< bits whose value is architecturally undefined

    uint32_t next() const { return addr + length; }
    bool ends_block() const { return flow != Flow::Next; }
};

/// Appends the IR of `insn` to `ops` and describes it. An instruction
/// Codemorph does not implement is lifted as a #UD trap and marked so.
LiftedInsn lift(const Insn& insn, std::vector<IrInst>& ops);

/// True if `m` has a lifter (the rest become #UD).
bool is_lifted(Mnemonic m);

} // namespace cm::x86
