#include "x86/ir.hpp"
#include "x86/state.hpp"

#include <cstdio>

namespace cm::x86 {

namespace {
/// Bit i set if character i of a kinds half ("fi", "iff") is 'f'.
constexpr uint8_t fp_bits(const char* k, bool after_colon) {
    while (after_colon && *k && *k != ':') ++k;
    if (after_colon && *k == ':') ++k;
    uint8_t bits = 0;
    for (int i = 0; k[i] && k[i] != ':'; ++i)
        if (k[i] == 'f') bits = uint8_t(bits | (1u << i));
    return bits;
}

const IrOpInfo kInfo[] = {
#define IR_OP(name, nsrc, ndst, desc) {#name, nsrc, ndst, desc, 0, 0, false, false},
#define IR_FLAG(name, nsrc, ndst, desc) {#name, nsrc, ndst, desc, 0, 0, false, true},
#define IR_FOP(name, nsrc, ndst, kinds, desc) \
    {#name, nsrc, ndst, desc, fp_bits(kinds, false), fp_bits(kinds, true), true, false},
#include "x86/ir_ops.def"
#undef IR_FOP
#undef IR_FLAG
#undef IR_OP
};
} // namespace

const IrOpInfo& ir_info(IrOp op) { return kInfo[static_cast<size_t>(op)]; }

std::string ir_to_string(const IrInst& in) {
    const IrOpInfo& info = ir_info(in.op);
    std::string s;
    char buf[32];
    auto tname = [](bool fp) { return fp ? 'f' : 't'; };
    if (info.ndst >= 1) {
        std::snprintf(buf, sizeof buf, "%c%u", tname(info.fp_dst & 1), in.dst);
        s += buf;
        if (info.ndst == 2) {
            std::snprintf(buf, sizeof buf, ", %c%u", tname(info.fp_dst & 2), in.dst2);
            s += buf;
        }
        s += " = ";
    }
    s += info.name;
    std::snprintf(buf, sizeof buf, ".%u", in.size);
    s += buf;
    for (int i = 0; i < info.nsrc; ++i) {
        std::snprintf(buf, sizeof buf, "%s %c%u", i ? "," : "", tname(info.fp_src & (1u << i)),
                      in.src[i]);
        s += buf;
    }
    bool uses_imm = in.op == IrOp::Const || in.op == IrOp::GetReg || in.op == IrOp::PutReg ||
                    in.op == IrOp::GetFlag || in.op == IrOp::PutFlag || in.op == IrOp::PutEflags ||
                    in.op == IrOp::GetSeg || in.op == IrOp::PutSeg || in.op == IrOp::GetSegBase ||
                    in.op == IrOp::Cond || in.op == IrOp::Trap || in.op == IrOp::TrapIf ||
                    in.op == IrOp::Syscall || info.fp;
    if (uses_imm) {
        std::snprintf(buf, sizeof buf, "%s #0x%x", info.nsrc ? "," : "", in.imm);
        s += buf;
    }
    return s;
}

const char* fault_name(Fault f) {
    switch (f) {
    case Fault::None: return "none";
    case Fault::DivideError: return "divide error (#DE)";
    case Fault::Debug: return "debug trap (#DB)";
    case Fault::Breakpoint: return "breakpoint (#BP)";
    case Fault::Overflow: return "overflow (#OF)";
    case Fault::BoundRange: return "bound range exceeded (#BR)";
    case Fault::InvalidOpcode: return "invalid opcode (#UD)";
    case Fault::GeneralProtection: return "general protection (#GP)";
    case Fault::PageFault: return "page fault (#PF)";
    case Fault::FpError: return "x87 floating-point error (#MF)";
    }
    return "unknown fault";
}

} // namespace cm::x86
