// The intermediate representation every IA-32 instruction is lifted into.
// Its operations are listed once, in ir_ops.def; this header derives the enum
// and the per-op metadata from that table.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cm::x86 {

enum class IrOp : uint8_t {
#define IR_OP(name, nsrc, ndst, desc) name,
#include "x86/ir_ops.def"
#undef IR_OP
    Count
};

/// Static facts about one IR operation, from ir_ops.def.
struct IrOpInfo {
    const char* name;
    uint8_t nsrc;     ///< number of source temporaries read
    uint8_t ndst;     ///< number of destination temporaries written (0-2)
    const char* desc; ///< one-line semantics
    /// x87 ops: bit i set if dst (i = 0) / dst2 (i = 1) is an 80-bit FP
    /// temporary rather than a 32-bit one; likewise each source in fp_src.
    uint8_t fp_dst = 0;
    uint8_t fp_src = 0;
    bool fp = false;   ///< an x87 op (IR_FOP)
    bool flag = false; ///< a flag computation (IR_FLAG): one arithmetic flag's value, 0 or 1
};

const IrOpInfo& ir_info(IrOp op);

/// Operand kinds (ir_ops.def's `kinds` of IR_FOP rows; always 32-bit for
/// IR_OP rows): true if source `k` (0-2) / destination `k` (0: dst, 1: dst2)
/// of `op` is an 80-bit FP temporary rather than a 32-bit one.
inline bool ir_src_fp(IrOp op, unsigned k) {
    return (ir_info(op).fp_src >> k) & 1;
}
inline bool ir_dst_fp(IrOp op, unsigned k) {
    return (ir_info(op).fp_dst >> k) & 1;
}

/// A temporary's index; values live only for one guest instruction.
using Temp = uint8_t;
constexpr Temp kNoTemp = 0xff;
constexpr unsigned kMaxTemps = 255; // enter with nesting level 31 needs ~200
/// 80-bit FP temporaries f0..f(kMaxFTemps-1) of x87 ops, a separate file
/// (frstor, the largest user, needs 8).
constexpr unsigned kMaxFTemps = 16;

/// One IR operation: 12 bytes, in a flat array per block.
struct IrInst {
    IrOp op = IrOp::Const;
    uint8_t size = 4; ///< operand size in bytes: 1, 2 or 4
    Temp dst = kNoTemp;
    Temp dst2 = kNoTemp;
    Temp src[3] = {kNoTemp, kNoTemp, kNoTemp};
    uint8_t pad = 0;
    uint32_t imm = 0;
};
static_assert(sizeof(IrInst) == 12);

/// Text form of one IR operation, e.g. "t3 = Add.4 t1, t2" or "f1 = FArith.4 f0, f2, #0x2".
std::string ir_to_string(const IrInst& inst);

/// IA-32 condition codes in the order of the jcc/setcc/cmovcc opcodes.
enum class CondCode : uint8_t { O, NO, B, NB, Z, NZ, BE, NBE, S, NS, P, NP, L, NL, LE, NLE };

} // namespace cm::x86
