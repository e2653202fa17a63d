// Lockstep verification (`codemorph run --verify`): every translated region
// execution is checked against the interpreter's semantics for the same
// guest instructions from the same entry state.
//
// How it works, per region execution (Cms calls `before` and `after`):
// 1. `before`: the reference runs first, from the entry state, one guest
//    instruction at a time through the lifter's IR and the interpreter's op
//    evaluator, up to the region's instruction count (it stops early at a
//    fault, a syscall or undecodable bytes). Its stores do not reach guest
//    memory: they go to a journal (address, size, value, the memory's bytes
//    before), which later loads of the reference read through. So guest
//    memory, the code-write listeners and the translation cache are left
//    exactly as they were. After each instruction the registers, EIP,
//    arithmetic flags and DF are recorded, with the flags whose value the
//    last writer leaves architecturally undefined.
// 2. The translation runs and commits at one of its exits, having retired k
//    guest instructions.
// 3. `after`: the translated state is compared with the reference's after k
//    instructions: the eight GPRs, EIP, the defined arithmetic flags and DF;
//    every byte the reference's first k instructions stored must hold the
//    reference's value, and every byte only later instructions stored must
//    still hold its old value. Translated stores are not seen one by one
//    (the machine does not report store addresses), so a store outside the
//    reference's set is caught through its effects: a byte the reference
//    wrote that does not hold its value, or the count (the store-buffer
//    entries the translation drained at its commit, vliw counter
//    sb_drains, must not exceed the reference's stores). A stray store
//    goes unseen only when it takes the place of a reference store whose
//    bytes already held the value stored.
//
// A mismatch prints a side-by-side report to stderr (the region's guest
// instructions with the exit marked, then register / reference /
// translated for each difference, then differing bytes) and throws
// VerifyError: a mismatch is a simulator bug, so `codemorph run --verify`
// stops at the first one with exit status 70 (EX_SOFTWARE, as for any
// internal error).
//
// Translations that fault are rolled back and interpreted by the CMS, so
// there is nothing to compare; the reference's result is dropped.
// With chaining, one machine run crosses several regions without returning
// to the CMS, so the CMS does not chain while verifying (every region exit
// returns to it); reported cycle counts under --verify are those of an
// unchained run.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "morph/region.hpp"
#include "x86/env.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::morph {

/// Thrown by Verifier::after on a mismatch; what() is a one-line summary,
/// the full report has already gone to the verifier's report stream.
class VerifyError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Test hook: called on the translated state (and may change guest memory)
/// after a translation commits and before the comparison, to prove that
/// deliberate corruption is caught.
using VerifyTamper = void (*)(x86::CpuState& cpu, x86::GuestMemory& mem);

/// Lockstep statistics.
struct VerifyStats {
    uint64_t checks = 0;      ///< region executions compared
    uint64_t guest_insns = 0; ///< guest instructions the reference executed
};

class Verifier {
  public:
    /// `report`: where mismatch reports go (stderr by default).
    Verifier(x86::GuestMemory& mem, x86::GuestEnv& env, VerifyTamper tamper = nullptr,
             std::FILE* report = stderr);
    ~Verifier();
    Verifier(const Verifier&) = delete;
    Verifier& operator=(const Verifier&) = delete;

    /// Runs the reference for `r` from `entry` (cpu.eip == r.entry). Guest
    /// memory is not changed.
    void before(const Region& r, const x86::CpuState& entry);
    /// Compares the state after the translation committed, having retired
    /// `guest_insns` instructions and drained `translated_stores`
    /// store-buffer entries. Throws VerifyError on a difference.
    void after(const Region& r, x86::CpuState& cpu, uint32_t guest_insns,
               uint64_t translated_stores);

    const VerifyStats& stats() const { return stats_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    VerifyStats stats_;
};

} // namespace cm::morph
