// Random IA-32 instruction sequences for the region differential test
// (test_region_diff.cpp): common ALU, move, load/store, stack, flag and
// forward-branch instructions, hand-encoded, whose memory operands stay in
// a mapped data page through pointer registers the sequence never breaks.
//
// Register convention: EAX ECX EDX EBP (and their 8/16-bit parts) are free
// for results; EBX and ESI are fixed pointers near the data page's start,
// EDI a pointer rewritten only by `lea edi, [ebx/esi + d8]`; ESP is the
// stack in its own page. Memory operands are [EBX/ESI/EDI + d8],
// [ESP + d8] and absolute addresses in the data page (so accesses through
// different bases may or may not alias), plus a rare unmapped address and
// divisions that may raise #DE, to test rollback.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "x86/state.hpp"

namespace cm::test {

constexpr uint32_t kGenCode = 0x10000;  ///< code page (R+X), entry at its start
constexpr uint32_t kGenData = 0x20000;  ///< data page (RW)
constexpr uint32_t kGenStack = 0x21000; ///< stack page (RW), ESP near its middle
constexpr uint32_t kGenUnmapped = 0x30000;

/// xorshift64*: small, fast, reproducible.
class GenRng {
  public:
    explicit GenRng(uint64_t seed) : s_(seed * 0x9e3779b97f4a7c15ull + 0x1234567) { next(); }
    uint64_t next() {
        s_ ^= s_ >> 12;
        s_ ^= s_ << 25;
        s_ ^= s_ >> 27;
        return s_ * 0x2545f4914f6cdd1dull;
    }
    uint32_t below(uint32_t n) { return uint32_t((next() >> 32) * n >> 32); }
    bool chance(uint32_t num, uint32_t den) { return below(den) < num; }
    int32_t range(int32_t lo, int32_t hi) { return lo + int32_t(below(uint32_t(hi - lo + 1))); }
    uint32_t value(); ///< a 32-bit value biased toward edge cases

  private:
    uint64_t s_;
};

/// What kind of sequences to make.
struct GenOptions {
    unsigned max_insns = 24;  ///< before the terminator
    bool branches = false;    ///< forward jcc/jmp/call/loop
    bool faults = false;      ///< occasional unmapped access and div
    bool terminators = false; ///< end with ret/jmp reg/int 0x80/popf/rep, not only int3
};

/// One generated case: code at kGenCode and the initial state.
struct GenCase {
    std::vector<uint8_t> code;
    x86::CpuState cpu;
    std::vector<uint8_t> data;  ///< kGenData page contents
    std::vector<uint8_t> stack; ///< kGenStack page contents
};

/// Case `index` of run `seed`.
GenCase gen_case(uint64_t seed, uint64_t index, const GenOptions& opt);

/// A random initial state for the same code (other register and memory
/// values: used to profile a different path than the one executed).
void gen_state(GenRng& rng, GenCase& c);

} // namespace cm::test
