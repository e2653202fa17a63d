// The CMS interpreter: executes the lifter's IR one guest instruction at a
// time, caching decoded and lifted blocks and counting how often each block
// runs and which way its branch goes (the profile the translator uses).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "x86/decoder.hpp"
#include "x86/env.hpp"
#include "x86/ir.hpp"
#include "x86/lifter.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::morph {

/// A decoded, lifted straight-line run of guest code ending at its first
/// control transfer (or a size limit), with its profile.
struct Block {
    uint32_t start = 0;
    uint32_t end = 0; ///< one past the last byte
    std::vector<x86::LiftedInsn> insns;
    std::vector<x86::IrInst> ops;
    uint64_t exec_count = 0; ///< times entered
    uint64_t taken = 0;      ///< times its final branch was taken
    uint64_t not_taken = 0;  ///< times it fell through
    bool valid = true;
};

/// Why `Interpreter::run` returned.
enum class StopReason : uint8_t {
    InsnLimit, ///< executed the requested number of instructions
    Syscall,   ///< int 0x80: EIP is after it; the environment handles it
    Fault,     ///< a guest exception: see `StopInfo::fault`
};

struct StopInfo {
    StopReason reason = StopReason::InsnLimit;
    x86::FaultInfo fault;
    /// For #UD: the instruction decodes but Codemorph does not implement it
    /// (as opposed to bytes that are not an i686 instruction).
    bool unsupported = false;
    uint8_t bytes[15] = {}; ///< the faulting instruction's bytes (for reports)
    uint8_t nbytes = 0;
};

/// Interpreter statistics for summaries and benchmarks.
struct InterpStats {
    uint64_t instructions = 0;
    uint64_t blocks_built = 0;
    uint64_t block_lookups = 0;
    uint64_t invalidations = 0; ///< blocks dropped because their code was written
};

class Interpreter {
  public:
    Interpreter(x86::CpuState& cpu, x86::GuestMemory& mem, x86::GuestEnv& env);
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// Runs until `max_insns` more instructions have executed, a syscall or a
    /// fault. On a fault the state is exactly as before the faulting
    /// instruction (traps such as int3 leave EIP after it).
    StopInfo run(uint64_t max_insns);
    /// Runs the one block that starts at EIP (or the part of it that
    /// `max_insns` allows): the CMS looks for hot code between blocks.
    StopInfo run_block(uint64_t max_insns);

    const InterpStats& stats() const { return stats_; }
    /// Every block currently cached, for profiles and dumps.
    std::vector<const Block*> blocks() const;
    /// The cached block starting at guest address `start`, or null (the
    /// region builder reads the branch profile through it).
    const Block* find_block(uint32_t start) const;
    /// Drops cached blocks overlapping [addr, addr+len).
    void invalidate(uint32_t addr, uint32_t len);
    /// Drops every cached block.
    void flush();

    /// Disassembly of the instruction at `addr` ("(unreadable)" if not mapped).
    std::string disassemble(uint32_t addr) const;

  private:
    struct Impl;
    StopInfo run_impl(uint64_t max_insns, bool one_block);
    std::unique_ptr<Impl> impl_;
    InterpStats stats_;
};

} // namespace cm::morph
