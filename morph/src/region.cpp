// Region::dump and Region::validate.
#include "morph/region.hpp"

#include <cstdio>

namespace cm::morph {

using namespace cm::x86;

namespace {

const char* kind_name(ExitKind k) {
    switch (k) {
    case ExitKind::Direct: return "direct";
    case ExitKind::Indirect: return "indirect";
    case ExitKind::Syscall: return "syscall";
    case ExitKind::Interp: return "interp";
    }
    return "?";
}

/// True if the op names guest state or a constant in `imm` (dumped then).
bool shows_imm(IrOp op) {
    switch (op) {
    case IrOp::Const:
    case IrOp::GetReg:
    case IrOp::PutReg:
    case IrOp::GetFlag:
    case IrOp::PutFlag:
    case IrOp::PutEflags:
    case IrOp::GetSeg:
    case IrOp::PutSeg:
    case IrOp::GetSegBase:
    case IrOp::Cond:
    case IrOp::Trap:
    case IrOp::TrapIf:
    case IrOp::Syscall: return true;
    default: return ir_info(op).fp;
    }
}

std::string rinst_text(const RInst& in) {
    char buf[64];
    std::string s;
    if (in.ctl == RegionCtl::Exit || in.ctl == RegionCtl::ExitIf) {
        if (in.ctl == RegionCtl::ExitIf)
            std::snprintf(buf, sizeof buf, "ExitIf v%u, e%u", in.src[0], in.imm);
        else if (in.src[0] != kNoVreg)
            std::snprintf(buf, sizeof buf, "Exit e%u, v%u", in.imm, in.src[0]);
        else
            std::snprintf(buf, sizeof buf, "Exit e%u", in.imm);
        return buf;
    }
    // FP vregs print as f<n> (one numbering with the v<n> integers).
    const IrOpInfo& info = ir_info(in.op);
    auto vn = [](bool fp) { return fp ? 'f' : 'v'; };
    if (info.ndst >= 1) {
        std::snprintf(buf, sizeof buf, "%c%u", vn(ir_dst_fp(in.op, 0)), in.dst);
        s += buf;
        if (info.ndst == 2) {
            std::snprintf(buf, sizeof buf, ", %c%u", vn(ir_dst_fp(in.op, 1)), in.dst2);
            s += buf;
        }
        s += " = ";
    }
    s += info.name;
    std::snprintf(buf, sizeof buf, ".%u", in.size);
    s += buf;
    for (int i = 0; i < info.nsrc; ++i) {
        std::snprintf(buf, sizeof buf, "%s %c%u", i ? "," : "", vn(ir_src_fp(in.op, unsigned(i))),
                      in.src[i]);
        s += buf;
    }
    if (shows_imm(in.op)) {
        std::snprintf(buf, sizeof buf, "%s #0x%x", info.nsrc ? "," : "", in.imm);
        s += buf;
    }
    if (in.alias_reg != RInst::kNoAlias) {
        std::snprintf(buf, sizeof buf, "  [ldp a%u]", in.alias_reg);
        s += buf;
    }
    if (in.alias_mask) {
        std::snprintf(buf, sizeof buf, "  [stam 0x%x]", in.alias_mask);
        s += buf;
    }
    return s;
}

} // namespace

std::string Region::dump() const {
    std::string s;
    char buf[160];
    std::snprintf(buf, sizeof buf, "region 0x%08x: %zu guest insns, %zu ops, %zu exits, %u vregs\n",
                  entry, insns.size(), code.size(), exits.size(), nvregs);
    s += buf;
    int last = -1;
    for (const RInst& in : code) {
        while (last < int(in.insn) && last + 1 < int(insns.size())) {
            ++last;
            std::snprintf(buf, sizeof buf, "  i%d 0x%08x  %s\n", last, insns[last].addr,
                          size_t(last) < insn_text.size() ? insn_text[last].c_str() : "");
            s += buf;
        }
        s += "      " + rinst_text(in) + "\n";
    }
    for (size_t e = 0; e < exits.size(); ++e) {
        const RegionExit& x = exits[e];
        if (x.kind == ExitKind::Indirect)
            std::snprintf(buf, sizeof buf, "  e%zu %s v%u after i%u (%u insns)\n", e,
                          kind_name(x.kind), x.target_vreg, x.insn, x.guest_insns);
        else
            std::snprintf(buf, sizeof buf, "  e%zu %s 0x%08x after i%u (%u insns)\n", e,
                          kind_name(x.kind), x.target, x.insn, x.guest_insns);
        s += buf;
    }
    return s;
}

std::string Region::validate() const {
    char buf[160];
    if (insns.empty()) return "no guest instructions";
    if (code.empty() || code.back().ctl != RegionCtl::Exit) return "code does not end with an Exit";
    // defined[v]: 0 not yet, 1 + VregKind once defined.
    std::vector<uint8_t> defined(nvregs, 0);
    auto use = [&](size_t i, Vreg v, bool fp = false) -> bool {
        if (v >= nvregs || !defined[v]) {
            std::snprintf(buf, sizeof buf, "op %zu uses v%u before defining it", i, v);
            return false;
        }
        if ((defined[v] - 1 == int(VregKind::Fp)) != fp) {
            std::snprintf(buf, sizeof buf, "op %zu reads %s v%u where %s value is expected", i,
                          fp ? "integer" : "FP", v, fp ? "an FP" : "an integer");
            return false;
        }
        return true;
    };
    auto def = [&](size_t i, Vreg v, bool fp) -> bool {
        if (v >= nvregs || defined[v]) {
            std::snprintf(buf, sizeof buf, "op %zu defines v%u twice or out of range", i, v);
            return false;
        }
        defined[v] = uint8_t(1 + int(fp ? VregKind::Fp : VregKind::Int));
        return true;
    };
    for (size_t i = 0; i < code.size(); ++i) {
        const RInst& in = code[i];
        if (in.insn >= insns.size()) return "op names a guest instruction out of range";
        if (in.ctl != RegionCtl::None) {
            if (in.imm >= exits.size()) return "exit index out of range";
            const RegionExit& x = exits[in.imm];
            if (in.ctl == RegionCtl::ExitIf && !use(i, in.src[0])) return buf;
            if (in.ctl == RegionCtl::Exit && x.kind == ExitKind::Indirect &&
                (in.src[0] != x.target_vreg || !use(i, in.src[0])))
                return "indirect exit without its target vreg";
            continue;
        }
        if (in.op >= IrOp::Count) return "op code out of range";
        const IrOpInfo& info = ir_info(in.op);
        for (int k = 0; k < info.nsrc; ++k)
            if (!use(i, in.src[k], ir_src_fp(in.op, unsigned(k)))) return buf;
        if (info.ndst >= 1 && !def(i, in.dst, ir_dst_fp(in.op, 0))) return buf;
        if (info.ndst == 2 && !def(i, in.dst2, ir_dst_fp(in.op, 1))) return buf;
        if (in.op == IrOp::Jmp || in.op == IrOp::Br || in.op == IrOp::Syscall)
            return "lifter control op left in a region";
    }
    for (const RegionExit& x : exits)
        if (x.insn >= insns.size() || x.guest_insns > insns.size())
            return "exit's guest instruction out of range";
    return {};
}

std::vector<VregKind> Region::vreg_kinds() const {
    std::vector<VregKind> k(nvregs, VregKind::Int);
    for (const RInst& in : code) {
        if (in.ctl != RegionCtl::None) continue;
        const IrOpInfo& info = ir_info(in.op);
        if (!info.fp) continue;
        if (info.ndst >= 1 && in.dst < nvregs && ir_dst_fp(in.op, 0)) k[in.dst] = VregKind::Fp;
        if (info.ndst == 2 && in.dst2 < nvregs && ir_dst_fp(in.op, 1)) k[in.dst2] = VregKind::Fp;
    }
    return k;
}

bool Region::has_fp() const {
    for (const RInst& in : code)
        if (in.ctl == RegionCtl::None && ir_info(in.op).fp) return true;
    return false;
}

} // namespace cm::morph
