// The x87 FPU's vocabulary shared by the lifter and every consumer of the
// IR: status/control-word bits, and the `imm` selectors of the FP ops in
// ir_ops.def (which operation, which memory format, which constant).
#pragma once
#include <cstdint>

namespace cm::x86 {

/// Status-word bits.
namespace fsw {
constexpr uint16_t IE = 1u << 0, DE = 1u << 1, ZE = 1u << 2, OE = 1u << 3, UE = 1u << 4,
                   PE = 1u << 5, SF = 1u << 6, ES = 1u << 7, C0 = 1u << 8, C1 = 1u << 9,
                   C2 = 1u << 10, C3 = 1u << 14, B = 1u << 15;
constexpr uint16_t kExceptions = IE | DE | ZE | OE | UE | PE; ///< maskable by the control word
constexpr uint16_t kCc = C0 | C1 | C2 | C3;
constexpr uint16_t kTopMask = 7u << 11;
} // namespace fsw

/// Control-word fields.
namespace fcw {
constexpr uint16_t kMasks = 0x3f; ///< IM DM ZM OM UM PM
constexpr uint16_t kPcShift = 8, kRcShift = 10;
constexpr uint16_t kInit = 0x037f; ///< after finit: all masked, 64-bit precision, nearest
} // namespace fcw

/// FArith selectors: dst = src0 op src1, where src0 is always the
/// destination's old value (the reversed forms name the order).
enum class FpBin : uint8_t {
    Add,
    Sub,
    SubR,
    Mul,
    Div,
    DivR,
    Scale,  ///< fscale: src0 * 2^trunc(src1)
    Atan,   ///< fpatan: atan(src0 / src1), src0 = ST(1), src1 = ST(0)
    Yl2x,   ///< fyl2x: src0 * log2(src1), src0 = ST(1), src1 = ST(0)
    Yl2xp1, ///< fyl2xp1: src0 * log2(src1 + 1)
};

/// FUnary selectors.
enum class FpUn : uint8_t { Chs, Abs, Sqrt, Rndint, Sin, Cos, F2xm1 };

/// FUnary2 selectors (two results; fptan and fsincos report C2 = 1 for an
/// operand out of range and then leave everything as it was).
enum class FpUn2 : uint8_t { Tan, SinCos, Xtract };

/// FConst selectors, in the order of the opcodes D9 E8..EE, then the
/// indefinite (the default QNaN an invalid masked operation produces).
enum class FpConst : uint8_t { One, L2t, L2e, Pi, Lg2, Ln2, Zero, Indefinite };

/// Memory formats of FFromBits / FToBits.
enum class FpFmt : uint8_t { R32, R64, R80, I16, I32, I64, Bcd };

/// Size in bytes of a memory format.
constexpr unsigned fp_fmt_size(FpFmt f) {
    constexpr uint8_t s[] = {4, 8, 10, 2, 4, 8, 10};
    return s[static_cast<unsigned>(f)];
}

/// FGetEnv / FSetEnv fields (the 32-bit protected-mode environment layout).
enum class FpEnv : uint8_t {
    Fip,    ///< last instruction's offset
    FcsFop, ///< its CS selector (bits 0-15) and opcode (bits 16-26)
    Fdp,    ///< last memory operand's offset
    Fds,    ///< its segment selector
};

/// FGetSt imm bit: read the register's contents even if it is tagged empty.
constexpr uint32_t kFpRaw = 0x100;
/// FStkChk imm: bit i = ST(i) must hold a value, bit 8+j = ST(j) must be empty.
constexpr uint32_t fp_need(unsigned st) {
    return 1u << st;
}
constexpr uint32_t fp_need_empty(unsigned st) {
    return 0x100u << st;
}
/// FCheck imm bits.
constexpr uint32_t kFpCheckMemDst = 1; ///< a memory destination: OE and UE also abort
constexpr uint32_t kFpCheckC2 = 2;     ///< C2 = 1 (incomplete, out of range) also ends it
/// Only an unmasked IE ends it: compares still set their condition codes (or
/// EFLAGS) with an unmasked denormal operand, but do not pop.
constexpr uint32_t kFpCheckIeOnly = 4;
/// FStatus imm bit: the instruction defines C1 (round-up, stack overflow).
constexpr uint32_t kFpC1 = 1;
/// FToBits imm bit: produce bytes 8-9 (of an 80-bit format) instead of 0-7.
constexpr uint32_t kFpHigh = 0x100;
/// FFromBits imm bit: an m32/m64 SNaN stays signalling (and raises nothing
/// yet), for an operand the arithmetic or compare consumes: it raises IE
/// itself, and a QNaN other operand then wins as it does on hardware.
constexpr uint32_t kFpKeepSnan = 0x200;

} // namespace cm::x86
