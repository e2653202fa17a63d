#include "builder.hpp"

#include <stdexcept>

namespace cm::x86 {

Temp Builder::temp() {
    if (next_temp_ >= kMaxTemps) throw std::logic_error("IR temporaries exhausted in one instruction");
    return static_cast<Temp>(next_temp_++);
}

namespace {
IrInst make_inst(IrOp o, unsigned size, Temp a, Temp b, Temp c, uint32_t imm) {
    IrInst in;
    in.op = o;
    in.size = static_cast<uint8_t>(size);
    in.src[0] = a;
    in.src[1] = b;
    in.src[2] = c;
    in.imm = imm;
    return in;
}
} // namespace

Temp Builder::ftemp() {
    if (next_ftemp_ >= kMaxFTemps) throw std::logic_error("IR FP temporaries exhausted in one instruction");
    return static_cast<Temp>(next_ftemp_++);
}

Temp Builder::fop(IrOp o, uint32_t imm, Temp a, Temp b, Temp c, Temp* second) {
    const IrOpInfo& info = ir_info(o);
    IrInst in;
    in.op = o;
    in.size = 4;
    in.src[0] = a;
    in.src[1] = b;
    in.src[2] = c;
    in.imm = imm;
    if (info.ndst >= 1) in.dst = (info.fp_dst & 1) ? ftemp() : temp();
    if (info.ndst >= 2) in.dst2 = (info.fp_dst & 2) ? ftemp() : temp();
    if (second) *second = in.dst2;
    out_.push_back(in);
    return in.dst;
}

Temp Builder::op(IrOp o, unsigned size, Temp a, Temp b, Temp c, uint32_t imm) {
    IrInst in = make_inst(o, size, a, b, c, imm);
    in.dst = temp();
    out_.push_back(in);
    return in.dst;
}

Temp Builder::op2(IrOp o, unsigned size, Temp& second, Temp a, Temp b, Temp c, uint32_t imm) {
    IrInst in = make_inst(o, size, a, b, c, imm);
    in.dst = temp();
    in.dst2 = second = temp();
    out_.push_back(in);
    return in.dst;
}

void Builder::op0(IrOp o, unsigned size, Temp a, Temp b, Temp c, uint32_t imm) {
    out_.push_back(make_inst(o, size, a, b, c, imm));
}

Temp Builder::konst(uint32_t v) { return op(IrOp::Const, 4, kNoTemp, kNoTemp, kNoTemp, v); }

Temp Builder::addr(const Operand& o) {
    for (int i = 0; i < 2; ++i)
        if (addr_cache_op_[i] == &o) return addr_cache_[i];
    Temp a = effective_address(o);
    // Only FS and GS carry a non-zero base in a flat user address space.
    if (o.seg == FS || o.seg == GS) a = add(a, op(IrOp::GetSegBase, 4, kNoTemp, kNoTemp, kNoTemp, o.seg));
    for (int i = 0; i < 2; ++i)
        if (!addr_cache_op_[i]) {
            addr_cache_op_[i] = &o;
            addr_cache_[i] = a;
            break;
        }
    return a;
}

Temp Builder::effective_address(const Operand& o) {
    Temp a = kNoTemp;
    if (o.addr_size == 2) {
        // 16-bit addressing: base+index+disp wraps at 64 KiB.
        if (o.base >= 0) a = get_reg(unsigned(o.base), 2);
        if (o.index >= 0) {
            Temp i = get_reg(unsigned(o.index), 2);
            a = a == kNoTemp ? i : add(a, i);
        }
        Temp d = konst(uint32_t(o.disp) & 0xffff);
        a = a == kNoTemp ? d : add(a, d, 2);
    } else {
        if (o.base >= 0) a = get_reg(unsigned(o.base), 4);
        if (o.index >= 0) {
            Temp i = get_reg(unsigned(o.index), 4);
            if (o.scale > 1) {
                unsigned sh = o.scale == 2 ? 1 : o.scale == 4 ? 2 : 3;
                i = op(IrOp::Shl, 4, i, konst(sh));
            }
            a = a == kNoTemp ? i : add(a, i);
        }
        if (a == kNoTemp) a = konst(uint32_t(o.disp));
        else a = add_imm(a, o.disp);
    }
    return a;
}

unsigned Builder::b_operand_size() const { return insn.operand_size; }

Temp Builder::read(const Operand& o) {
    switch (o.kind) {
    case OperandKind::Reg:
        if (o.reg.cls == RegClass::Gpr) return get_reg(o.reg.index, o.size);
        if (o.reg.cls == RegClass::Seg) return op(IrOp::GetSeg, 2, kNoTemp, kNoTemp, kNoTemp, o.reg.index);
        break;
    case OperandKind::Mem: return load(addr(o), o.size);
    case OperandKind::Imm: {
        // Immediates arrive sign- or zero-extended as the encoding defines;
        // they take the instruction's operand size (imm8 in `add eax, imm8`
        // is already sign-extended to 32 bits).
        uint32_t v = o.imm;
        unsigned s = b_operand_size();
        if (s == 1) v &= 0xff;
        else if (s == 2) v &= 0xffff;
        return konst(v);
    }
    default: break;
    }
    throw std::logic_error("lifter: cannot read this operand kind");
}

void Builder::write(const Operand& o, Temp v) {
    switch (o.kind) {
    case OperandKind::Reg:
        if (o.reg.cls == RegClass::Gpr) return put_reg(o.reg.index, o.size, v);
        if (o.reg.cls == RegClass::Seg) return op0(IrOp::PutSeg, 2, v, kNoTemp, kNoTemp, o.reg.index);
        break;
    case OperandKind::Mem: return store(addr(o), v, o.size);
    default: break;
    }
    throw std::logic_error("lifter: cannot write this operand kind");
}

void Builder::push(Temp v, unsigned size) {
    Temp sp = get_reg(ESP, 4);
    Temp nsp = sub(sp, konst(size));
    store(nsp, v, size);
    put_reg(ESP, 4, nsp);
}

Temp Builder::pop(unsigned size) {
    Temp sp = get_reg(ESP, 4);
    Temp v = load(sp, size);
    put_reg(ESP, 4, add(sp, konst(size)));
    return v;
}

void Builder::flags_zsp(Temp res, unsigned size) {
    put_flag(Flag::ZF, op(IrOp::FlagZ, size, res));
    put_flag(Flag::SF, op(IrOp::FlagS, size, res));
    put_flag(Flag::PF, op(IrOp::FlagP, size, res));
}

void Builder::flags_add(Temp a, Temp b, Temp cin, Temp res, unsigned size) {
    if (cin == kNoTemp) cin = konst(0);
    put_flag(Flag::CF, op(IrOp::FlagCAdd, size, a, b, cin));
    put_flag(Flag::OF, op(IrOp::FlagOAdd, size, a, b, res));
    put_flag(Flag::AF, op(IrOp::FlagA, size, a, b, res));
    flags_zsp(res, size);
}

void Builder::flags_sub(Temp a, Temp b, Temp bin, Temp res, unsigned size) {
    if (bin == kNoTemp) bin = konst(0);
    put_flag(Flag::CF, op(IrOp::FlagCSub, size, a, b, bin));
    put_flag(Flag::OF, op(IrOp::FlagOSub, size, a, b, res));
    put_flag(Flag::AF, op(IrOp::FlagA, size, a, b, res));
    flags_zsp(res, size);
}

void Builder::flags_logic(Temp res, unsigned size) {
    Temp zero = konst(0);
    put_flag(Flag::CF, zero);
    put_flag(Flag::OF, zero);
    put_flag(Flag::AF, zero);
    flags_zsp(res, size);
}

void Builder::undefined() {
    flow = Flow::Trap;
    trap(Fault::InvalidOpcode);
}

} // namespace cm::x86
