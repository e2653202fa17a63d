// Test harness for the back end: builds a region from IA-32 bytes (a small
// straight-line builder: jcc becomes ExitIf and falls through, the last
// instruction's jmp/ret an exit), runs its translation on a vliw::Machine
// with the guest's data in the machine's own memory, and runs the same
// bytes through the Interpreter for comparison.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "morph/backend.hpp"
#include "morph/region.hpp"
#include "vliw/exit.hpp"
#include "vliw/machine.hpp"
#include "x86/state.hpp"

namespace cm::test {

constexpr uint32_t kGuestCode = 0x10000; ///< guest address of the instructions
constexpr uint32_t kData = 0x4000;       ///< guest data page (same address on the machine)
constexpr uint32_t kDataSize = 0x1000;
constexpr uint32_t kCodeBase = 0x100000; ///< where translations go in machine memory

/// Lifts `code` (at kGuestCode) into a region. Stops after `max_insns`.
morph::Region build_test_region(const std::vector<uint8_t>& code, unsigned max_insns = 1000);

/// Guest state plus the data page.
struct GuestRun {
    x86::CpuState cpu;
    std::vector<uint8_t> data = std::vector<uint8_t>(kDataSize, 0);
};

struct MachineResult {
    vliw::ExitRecord rec;
    GuestRun after; ///< after the exit's commit (or after rollback on a fault)
    morph::Translation tr;
};

/// Translates and runs `r` from `in`. On a fault the machine rolls back.
MachineResult run_translated(const morph::Region& r, const GuestRun& in,
                             const vliw::Config& cfg = vliw::Config{},
                             vliw::Machine::Backend be = vliw::Machine::Backend::Plain,
                             bool no_access_data = false);

/// Same on an existing machine (registers and the data page are overwritten).
MachineResult run_translated(const morph::Region& r, const GuestRun& in, vliw::Machine& m,
                             bool no_access_data = false);

/// Interprets `ninsns` instructions of `code` from `in`; returns false on a
/// guest fault (the state is then the faulting instruction's pre-state).
bool run_interp(const std::vector<uint8_t>& code, const GuestRun& in, unsigned ninsns,
                GuestRun& out, x86::Fault* fault = nullptr);

/// Differences between two runs (registers, arithmetic flags, DF, EIP, data), or "".
std::string diff_runs(const GuestRun& want, const GuestRun& got);

} // namespace cm::test
