// Comparing the two CPUs' results for one case and reporting a mismatch as
// a replayable block with a side-by-side table.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "diff_case.hpp"

namespace cm::diff {

/// One differing item: a register, a flag, the fault, or a memory byte.
struct DiffRow {
    std::string what, init, uc, cm;
};

struct Verdict {
    bool pass = true;
    std::vector<DiffRow> rows;
    uint32_t flags_masked = 0;   ///< EFLAGS bits left out of the comparison
    const char* rule = nullptr;  ///< the named exception applied, if any
    const char* rule2 = nullptr; ///< a second one (x87: a rule beside qemu-x87-status-flags)
};

/// EFLAGS bits compared at all (RF, VM, VIF and VIP are not user state).
constexpr uint32_t kComparedFlags = 0x00247fd5u; // CF PF AF ZF SF TF IF DF OF IOPL NT AC ID

Verdict compare(const TestCase& tc, const RunResult& uc, const RunResult& cm);

/// Prints the mismatch block: replay line, bytes and disassembly, faults and
/// the table of differing state (initial, Unicorn, Codemorph).
void print_mismatch(std::FILE* f, uint64_t seed, const char* cls, const TestCase& tc,
                    const RunResult& uc, const RunResult& cm, const Verdict& v, bool verbose);

/// Disassembly of the case's instruction.
std::string disassemble(const TestCase& tc);

/// "CF ZF OF" for an EFLAGS mask.
std::string flag_names(uint32_t mask);

} // namespace cm::diff
