// Private to the generator: the random source and the Gen helper the class
// generators (gen_classes.cpp) use to build operands that land in mapped
// memory, plus the Zydis encoder request they fill.
#pragma once
#include <Zydis/Zydis.h>

#include <cstdint>

#include "diff_case.hpp"

namespace cm::diff {

/// xoshiro256** seeded through splitmix64: fast, and identical everywhere.
class Rng {
  public:
    explicit Rng(uint64_t seed);
    uint64_t next();
    uint32_t u32() { return uint32_t(next() >> 32); }
    /// Uniform in [0, n); n > 0.
    uint32_t below(uint32_t n) { return uint32_t((uint64_t(u32()) * n) >> 32); }
    /// True with probability num/den.
    bool chance(uint32_t num, uint32_t den) { return below(den) < num; }
    /// Uniform in [lo, hi].
    int32_t range(int32_t lo, int32_t hi) { return lo + int32_t(below(uint32_t(hi - lo + 1))); }

  private:
    uint64_t s_[4];
};

/// An operand as the generator knows it: enough to read or set its value.
struct Opnd {
    enum Kind { Reg, Mem, Imm } kind = Reg;
    unsigned size = 4; ///< bytes
    int reg = -1;      ///< Reg: 0-7 (size 1: 4-7 are AH..BH)
    uint32_t addr = 0; ///< Mem: the linear address it was built to hit
};

/// Options for Gen::mem.
enum MemFlags : unsigned {
    kNoFault = 1,   ///< never aim outside the mapped areas
    kNo16 = 2,      ///< no 16-bit address forms
    kWideMargin = 4 ///< keep 96 bytes from the area's edges (bt bit offsets)
};

class Gen {
  public:
    Gen(Rng& rng, TestCase& tc) : rng(rng), tc(tc) {}

    Rng& rng;
    TestCase& tc;
    ZydisEncoderRequest req{};
    uint8_t locked = 0; ///< GPRs address synthesis must not change (bit i = reg i)
    /// Set when the generated instruction cannot be encoded as asked.
    bool raw = false; ///< `raw_bytes` hold a hand-picked encoding instead
    uint8_t raw_bytes[15] = {};
    uint8_t raw_len = 0;

    // --- request ---
    void begin(ZydisMnemonic m);
    void prefix(ZydisInstructionAttributes a) { req.prefixes |= a; }
    void opsize16() { req.operand_size_hint = ZYDIS_OPERAND_SIZE_HINT_16; }
    void addr16() { req.address_size_hint = ZYDIS_ADDRESS_SIZE_HINT_16; }
    /// Uses these bytes instead of the encoder (forms it cannot request).
    void bytes(const uint8_t* b, unsigned n);

    // --- operands (appended to the request in order) ---
    Opnd reg(unsigned size);             ///< any register of that size
    Opnd reg_at(unsigned size, int idx); ///< a given register
    Opnd mem(unsigned size, unsigned flags = 0);
    Opnd rm(unsigned size, unsigned flags = 0) {
        return rng.chance(1, 2) ? reg(size) : mem(size, flags);
    }
    Opnd imm(unsigned size, uint32_t value); ///< value sign-extended from `size`
    /// An unsigned immediate (counts, enter/ret sizes, aam/aad bases): the
    /// encoder rejects those given as negative numbers.
    Opnd uimm(unsigned size, uint32_t value);
    /// A relative branch displacement (from the next instruction).
    void rel(int64_t disp);

    // --- values ---
    uint32_t value(unsigned size); ///< random, biased toward edge cases
    uint32_t count();              ///< a shift/rotate count, edge-biased
    unsigned size124() { return 1u << rng.below(3); }
    unsigned size24() { return rng.chance(1, 2) ? 2 : 4; }
    uint32_t& gpr(int i) { return tc.init.gpr[i]; }
    bool is_locked(int i) const { return (locked >> i) & 1; }
    void lock(int i) { locked = uint8_t(locked | (1u << i)); }
    /// The full register an operand lives in (AH -> EAX), or -1.
    static int home(const Opnd& o) {
        return o.kind != Opnd::Reg ? -1 : o.size == 1 ? (o.reg & 3) : o.reg;
    }
    /// Reads or writes an operand's current value in the initial state
    /// (memory outside the compared areas reads as 0 and ignores writes).
    uint32_t get(const Opnd& o) const;
    void set(const Opnd& o, uint32_t v);
    uint32_t get_reg(int idx, unsigned size) const;
    void set_reg(int idx, unsigned size, uint32_t v);
    uint8_t* host(uint32_t addr, unsigned size); ///< into init.data/stack, or null
    /// Adds LOCK with some probability when `dst` is memory.
    void maybe_lock(const Opnd& dst);
    /// Adds a segment-override prefix (never CS) with some probability.
    void maybe_segment();

  private:
    ZydisEncoderOperand& next_operand();
    uint32_t target(unsigned size, unsigned flags, bool a16);
    /// Fill `z` to address `target`; return the address actually reached.
    uint32_t mem32(ZydisEncoderOperand& z, uint32_t target);
    uint32_t mem16(ZydisEncoderOperand& z, uint32_t target);
};

// Class generators (gen_classes.cpp).
void gen_data(Gen&);
void gen_stack(Gen&);
void gen_cmov(Gen&);
void gen_arith(Gen&);
void gen_logic(Gen&);
void gen_shift(Gen&);
void gen_muldiv(Gen&);
void gen_bitops(Gen&);
void gen_bcd(Gen&);
void gen_string(Gen&);
void gen_branch(Gen&);
void gen_atomic(Gen&);
void gen_flags(Gen&);
void gen_nop(Gen&);
void gen_x87(Gen&); // gen_x87.cpp

} // namespace cm::diff
