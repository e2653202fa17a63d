// The VLIW instruction set: opcodes, operand formats and per-atom metadata,
// all derived from atoms.def. Plain C++ (no SystemC).
//
// Encoding summary (see encoding.hpp): an atom is one 32-bit word; bit 31 is a
// molecule header bit, bits 30..24 the opcode, bits 23..0 the operands. A
// molecule is 2, 4 or 8 words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cm::vliw {

inline constexpr unsigned kNumGprs = 64; ///< 32-bit integer registers r0..r63
inline constexpr unsigned kNumFprs = 32; ///< 80-bit FP registers f0..f31
inline constexpr unsigned kMaxMoleculeWords = 8;
inline constexpr unsigned kMaxAliasRegs = 31; ///< limited by the stamx mask (31 bits)

/// Opcodes; value = row index in atoms.def + 1. Opcode 0 is undefined.
enum class Opcode : uint8_t {
    Undefined = 0,
#define CM_ATOM(ID, ...) ID,
#include "vliw/atoms.def"
#undef CM_ATOM
    Count_
};
inline constexpr unsigned kNumOpcodes = static_cast<unsigned>(Opcode::Count_);

/// Operand layouts of the 24-bit operand field (bit positions in encoding.cpp).
enum class Format : uint8_t {
    NONE,
    R3SF,
    R2SF,
    R2S,
    C2S,
    R3,
    R4,
    R2,
    R1D,
    R1S,
    BF,
    RI18,
    RLI,
    RI12,
    CC,
    R3CC,
    SCMP,
    MEMLD,
    MEMST,
    LDP,
    STAM,
    STAMX,
    BR24,
    BCC,
    BRZ,
    JR,
    JAL,
    JALR,
    EXIT,
    FCONST,
    FCMP
};

/// Which functional-unit class an atom issues to. Alu atoms may use an ALU or
/// an exec unit (Efficeon's extra integer units).
enum class Unit : uint8_t { None, Alu, Lsu, Fpu, Br, Count_ };

/// Result-latency class; the cycles per class are machine parameters (vliw.lat.*).
enum class LatClass : uint8_t {
    None,
    Alu,
    Mul,
    Div,
    Load,
    Fadd,
    Fmul,
    Fdiv,
    Fsqrt,
    Fmisc,
    Link,
    Count_
};

/// Energy class of an atom, counted per executed atom for the energy model.
enum class EnergyClass : uint8_t { Alu, Mul, Div, Load, Store, Branch, Fp, FpDiv, Nop, Count_ };

/// Operand size kind of a row: none, integer (.b .h .w) or float (.s .d .t).
enum class SizeKind : uint8_t { N, I, F };

/// Atom properties (bit set), see atoms.def.
inline constexpr uint32_t P_RF = 1u << 0, P_WF = 1u << 1, P_WFO = 1u << 2, P_RDD = 1u << 3,
                          P_DIV = 1u << 4, P_EXT = 1u << 5, P_LD = 1u << 6, P_ST = 1u << 7,
                          P_LDP = 1u << 8, P_STAM = 1u << 9, P_BR = 1u << 10, P_IND = 1u << 11,
                          P_EXIT = 1u << 12,
                          P_RFS = 1u << 13, ///< reads the FP status register fsr
                          P_WFS = 1u << 14; ///< updates fsr (fld/fst family: .s/.d only)

/// x86 EFLAGS bit positions used by the flags register.
inline constexpr uint32_t F_CF = 1u << 0, F_PF = 1u << 2, F_AF = 1u << 4, F_ZF = 1u << 6,
                          F_SF = 1u << 7, F_OF = 1u << 11,
                          F_ALL = F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF;

/// x86 condition codes (the low 4 bits of the Jcc opcode).
enum class Cond : uint8_t { O, NO, B, AE, E, NE, BE, A, S, NS, P, NP, L, GE, LE, G };

/// Register-compare conditions of `scmp`.
enum class CmpCond : uint8_t { EQ, NE, LT, LTU, LE, LEU, GT, GTU };

/// Static description of one atom (one row of atoms.def).
struct AtomInfo {
    std::string_view mnemonic;
    Format format;
    std::string_view kinds; ///< 'r'/'f' per register operand in syntax order
    SizeKind size_kind;
    Unit unit;
    LatClass lat;
    EnergyClass energy;
    uint32_t props;
    std::string_view description;
};

/// Metadata of an opcode; nullptr for Undefined or out-of-range values.
const AtomInfo* atom_info(Opcode op);
/// Opcode for a base mnemonic (without f / size suffix), or Undefined.
Opcode opcode_by_mnemonic(std::string_view mnemonic);

/// A decoded atom: the opcode plus every operand field, normalised. Fields a
/// format does not use are zero. Memory atoms use rs as the address register
/// and (stores) rt as the data register.
struct Atom {
    Opcode op = Opcode::NOP;
    uint8_t rd = 0, rs = 0, rt = 0, ru = 0;
    uint8_t size = 2;         ///< 0/1/2 = .b/.h/.w (I) or .s/.d/.t (F)
    bool setflags = false;    ///< the `f` form of R3SF/R2SF atoms
    uint8_t cc = 0;           ///< Cond, CmpCond or fconst index
    uint8_t pos = 0, len = 0; ///< bit field (len 1..32)
    uint8_t areg = 0;         ///< alias register of ldp
    int32_t imm = 0;          ///< immediate, branch displacement (in words), exit code
    uint32_t mask = 0;        ///< alias mask of stam / stamx
    bool operator==(const Atom&) const = default;
};

/// Bytes accessed by an integer size code (1, 2, 4) or FP size code (4, 8, 10).
inline unsigned int_size_bytes(unsigned sz) {
    return 1u << sz;
}
inline unsigned fp_size_bytes(unsigned sz) {
    return sz == 0 ? 4 : sz == 1 ? 8 : 10;
}
/// Bytes accessed by a memory atom.
unsigned access_bytes(const Atom& a);

std::string_view cond_name(Cond c);
std::string_view cmp_cond_name(CmpCond c);
std::string_view unit_name(Unit u);
std::string_view lat_class_name(LatClass l);
std::string_view energy_class_name(EnergyClass e);

/// Markdown reference of the ISA generated from atoms.def.
std::string isa_markdown();

} // namespace cm::vliw
