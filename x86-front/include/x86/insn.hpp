// A decoded IA-32 instruction in Codemorph's own terms (no decoder library
// types): mnemonic, operands, prefixes and the flags it reads and writes.
#pragma once
#include <cstdint>
#include <string>

namespace cm::x86 {

enum class Mnemonic : uint16_t {
    Invalid = 0,
#define MN(name) name##_,
#include "x86/mnemonics.def"
#undef MN
    Unsupported, ///< decodes, but is outside the supported ISA (SSE, MMX, ...)
    Count
};

const char* mnemonic_name(Mnemonic m);

/// Register classes an operand can name.
enum class RegClass : uint8_t { None, Gpr, Seg, X87, Other };

/// A register operand: for Gpr, `index` is 0-7 (EAX..EDI); at size 1,
/// 4-7 mean AH, CH, DH, BH. Segment registers use the Seg enum.
struct RegRef {
    RegClass cls = RegClass::None;
    uint8_t index = 0;
};

enum class OperandKind : uint8_t { None, Reg, Mem, Imm, FarPtr };

struct Operand {
    OperandKind kind = OperandKind::None;
    uint8_t size = 0; ///< bytes (0 for none, 10 for m80, ...)
    bool read = false, write = false;
    bool hidden = false; ///< implicit operand (e.g. EAX of mul)
    RegRef reg;          ///< kind Reg
    // kind Mem: seg:[base + index*scale + disp], address size 16 or 32
    uint8_t seg = 3;     ///< Seg enum (DS by default)
    int8_t base = -1;    ///< Gpr index or -1
    int8_t index = -1;   ///< Gpr index or -1
    uint8_t scale = 1;
    uint8_t addr_size = 4; ///< 2 or 4 bytes
    int32_t disp = 0;
    // kind Imm: value (sign- or zero-extended to 32 bits as the instruction
    // defines); for relative branches the absolute target.
    uint32_t imm = 0;
    uint16_t far_seg = 0; ///< kind FarPtr selector
};

struct Insn {
    uint32_t addr = 0;
    uint8_t length = 0;
    uint8_t bytes[15] = {};
    Mnemonic mnemonic = Mnemonic::Invalid;
    uint8_t operand_size = 4; ///< effective operand size in bytes
    uint8_t address_size = 4;
    uint8_t num_operands = 0; ///< visible and hidden
    Operand op[5];
    bool rep = false;   ///< F3 on a string instruction (rep / repe)
    bool repne = false; ///< F2 on a string instruction
    bool lock = false;
    bool relative = false; ///< branch with a relative target
    uint8_t opcode = 0;    ///< the primary opcode byte
    uint8_t opcode_map = 0; ///< 0: one-byte map, 1: 0F, 2: 0F38, 3: 0F3A
    // Flags as EFLAGS bit masks, from the decoder's tables.
    uint32_t flags_tested = 0;
    uint32_t flags_modified = 0;
    uint32_t flags_set0 = 0;
    uint32_t flags_set1 = 0;
    uint32_t flags_undefined = 0;
    // x87 condition codes C0-C3 as status-word bits (x87.hpp's fsw::C0...).
    uint16_t fpu_cc_modified = 0;  ///< written with a defined value
    uint16_t fpu_cc_undefined = 0; ///< left undefined

    uint32_t next() const { return addr + length; }
};

} // namespace cm::x86
