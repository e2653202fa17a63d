// Control transfer: jcc, jcxz/jecxz, loop*, jmp, call, ret, enter, leave.
#include "builder.hpp"

#include <stdexcept>

namespace cm::x86 {
namespace {

/// A direct target, truncated to 16 bits under a 16-bit operand size.
uint32_t target_of(Builder& b) {
    uint32_t t = b.insn.op[0].imm;
    return b.insn.operand_size == 2 ? (t & 0xffff) : t;
}

void lift_jcc(Builder& b) {
    b.flow = Flow::CondBranch;
    b.branch_target = target_of(b);
    Temp c = b.cond(static_cast<CondCode>(int(b.insn.mnemonic) - int(Mnemonic::jo_)));
    b.branch(c, b.konst(b.branch_target));
}

void lift_jcxz(Builder& b) {
    b.flow = Flow::CondBranch;
    b.branch_target = target_of(b);
    unsigned as = b.insn.mnemonic == Mnemonic::jcxz_ ? 2 : 4;
    Temp c = b.op(IrOp::FlagZ, as, b.get_reg(ECX, as));
    b.branch(c, b.konst(b.branch_target));
}

void lift_loop(Builder& b) {
    b.flow = Flow::CondBranch;
    b.branch_target = target_of(b);
    unsigned as = b.insn.address_size; // the counter is CX or ECX by address size
    Temp n = b.opk(IrOp::Sub, as, b.get_reg(ECX, as), 1);
    b.put_reg(ECX, as, n);
    Temp c = b.opk(IrOp::CmpNe, 4, n, 0);
    if (b.insn.mnemonic == Mnemonic::loope_) c = b.op(IrOp::And, 4, c, b.get_flag(Flag::ZF));
    if (b.insn.mnemonic == Mnemonic::loopne_)
        c = b.op(IrOp::And, 4, c, b.opk(IrOp::Xor, 4, b.get_flag(Flag::ZF), 1));
    b.branch(c, b.konst(b.branch_target));
}

void lift_jmp(Builder& b) {
    const Operand& o = b.insn.op[0];
    if (o.kind == OperandKind::FarPtr || (o.kind == OperandKind::Mem && o.size > 4))
        throw std::logic_error("far jmp");
    if (o.kind == OperandKind::Imm) {
        b.flow = Flow::Jump;
        b.branch_target = target_of(b);
        b.jump(b.konst(b.branch_target));
    } else {
        b.flow = Flow::IndirectJump;
        b.jump(b.zext(b.read(o), b.insn.operand_size));
    }
}

void lift_call(Builder& b) {
    const Operand& o = b.insn.op[0];
    if (o.kind == OperandKind::FarPtr || (o.kind == OperandKind::Mem && o.size > 4))
        throw std::logic_error("far call");
    unsigned s = b.insn.operand_size;
    if (o.kind == OperandKind::Imm) {
        b.flow = Flow::Call;
        b.branch_target = target_of(b);
        b.push(b.konst(b.insn.next()), s);
        b.jump(b.konst(b.branch_target));
    } else {
        b.flow = Flow::IndirectCall;
        Temp t = b.read(o); // read before ESP moves: the operand may use ESP
        b.push(b.konst(b.insn.next()), s);
        b.jump(b.zext(t, s));
    }
}

void lift_ret(Builder& b) {
    if (b.insn.opcode_map == 0 && (b.insn.opcode == 0xca || b.insn.opcode == 0xcb))
        throw std::logic_error("far ret");
    b.flow = Flow::Return;
    unsigned s = b.insn.operand_size;
    Temp sp = b.get_reg(ESP, 4);
    Temp t = b.load(sp, s);
    uint32_t extra = 0;
    if (b.insn.num_operands > 0 && b.insn.op[0].kind == OperandKind::Imm && !b.insn.op[0].hidden)
        extra = b.insn.op[0].imm & 0xffff;
    b.put_reg(ESP, 4, b.opk(IrOp::Add, 4, sp, s + extra));
    b.jump(t);
}

void lift_enter(Builder& b) {
    unsigned s = b.insn.operand_size;
    uint32_t alloc = b.insn.op[0].imm & 0xffff;
    uint32_t level = b.insn.op[1].imm & 31;
    Temp sp = b.get_reg(ESP, 4);
    Temp bp = b.get_reg(EBP, s);
    // In the processor's order: push EBP, then copy each outer frame pointer
    // from [EBP - i*s]. The reads come after the first push, so when the old
    // frame overlaps the new one they see the freshly pushed bytes.
    Temp frame = b.opk(IrOp::Sub, 4, sp, s);
    Temp bp32 = level > 1 ? b.get_reg(EBP, 4) : kNoTemp;
    // Probe the outer-frame reads before the first store, so that a fault
    // on one of them leaves memory untouched (the fault stays precise).
    for (uint32_t i = 1; i < level; ++i) b.load(b.opk(IrOp::Sub, 4, bp32, i * s), s);
    b.store(frame, bp, s);
    Temp cur = frame;
    for (uint32_t i = 1; i < level; ++i) {
        Temp v = b.load(b.opk(IrOp::Sub, 4, bp32, i * s), s);
        cur = b.opk(IrOp::Sub, 4, cur, s);
        b.store(cur, v, s);
    }
    if (level > 0) {
        cur = b.opk(IrOp::Sub, 4, cur, s);
        b.store(cur, frame, s);
    }
    b.put_reg(EBP, s, frame);
    b.put_reg(ESP, 4, b.opk(IrOp::Sub, 4, cur, alloc));
}

void lift_leave(Builder& b) {
    unsigned s = b.insn.operand_size;
    Temp bp = b.get_reg(EBP, 4);
    Temp v = b.load(bp, s);
    b.put_reg(ESP, 4, b.opk(IrOp::Add, 4, bp, s));
    b.put_reg(EBP, s, v);
}

} // namespace

void register_branch(HandlerTable& t) {
    for (int m = int(Mnemonic::jo_); m <= int(Mnemonic::jnle_); ++m) t.set(Mnemonic(m), lift_jcc);
    t.set(Mnemonic::jcxz_, lift_jcxz);
    t.set(Mnemonic::jecxz_, lift_jcxz);
    t.set(Mnemonic::loop_, lift_loop);
    t.set(Mnemonic::loope_, lift_loop);
    t.set(Mnemonic::loopne_, lift_loop);
    t.set(Mnemonic::jmp_, lift_jmp);
    t.set(Mnemonic::call_, lift_call);
    t.set(Mnemonic::ret_, lift_ret);
    t.set(Mnemonic::enter_, lift_enter);
    t.set(Mnemonic::leave_, lift_leave);
}

} // namespace cm::x86
