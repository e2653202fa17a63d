// Data movement: mov, movzx, movsx, lea, xchg, bswap, push/pop in all forms,
// conversions (cbw...cdq), lahf/sahf, xlat, salc, cmovcc, setcc, far-pointer
// loads.
#include "builder.hpp"

#include <stdexcept>

namespace cm::x86 {
namespace {

void lift_mov(Builder& b) { b.write(0, b.read(1)); }
void lift_movzx(Builder& b) { b.write(0, b.read(1)); } // reads are zero-extended
void lift_movsx(Builder& b) { b.write(0, b.sext(b.read(1), b.insn.op[1].size)); }

void lift_lea(Builder& b) { b.write(0, b.effective_address(b.insn.op[1])); }

void lift_xchg(Builder& b) {
    Temp a = b.read(0), c = b.read(1);
    b.write(1, a);
    b.write(0, c);
}

void lift_bswap(Builder& b) {
    if (b.insn.op[0].size != 4) throw std::logic_error("16-bit bswap");
    b.write(0, b.op(IrOp::Bswap, 4, b.read(0)));
}

void lift_push(Builder& b) {
    const Operand& o = b.insn.op[0];
    unsigned size = b.insn.operand_size;
    if (o.kind == OperandKind::Reg && o.reg.cls == RegClass::Seg) {
        // Recent processors write only the selector's 16 bits of the slot.
        Temp sp = b.opk(IrOp::Sub, 4, b.get_reg(ESP, 4), size);
        b.store(sp, b.read(o), 2);
        b.put_reg(ESP, 4, sp);
        return;
    }
    b.push(b.read(o), size);
}

void lift_pop(Builder& b) {
    const Operand& o = b.insn.op[0];
    unsigned size = b.insn.operand_size;
    Temp v = b.pop(size);
    b.write(o, v); // a memory destination's address uses the updated ESP
}

void lift_pusha(Builder& b) {
    unsigned s = b.insn.operand_size;
    Temp sp = b.get_reg(ESP, 4);
    Temp vals[8];
    for (unsigned r = 0; r < 8; ++r) vals[r] = r == ESP ? b.zext(sp, s) : b.get_reg(r, s);
    for (unsigned r = 0; r < 8; ++r) b.store(b.opk(IrOp::Sub, 4, sp, (r + 1) * s), vals[r], s);
    b.put_reg(ESP, 4, b.opk(IrOp::Sub, 4, sp, 8 * s));
}

void lift_popa(Builder& b) {
    unsigned s = b.insn.operand_size;
    Temp sp = b.get_reg(ESP, 4);
    Temp vals[8];
    for (unsigned r = 0; r < 8; ++r) vals[r] = b.load(b.opk(IrOp::Add, 4, sp, (7 - r) * s), s);
    for (unsigned r = 0; r < 8; ++r)
        if (r != ESP) b.put_reg(r, s, vals[r]);
    b.put_reg(ESP, 4, b.opk(IrOp::Add, 4, sp, 8 * s));
}

void lift_pushf(Builder& b) {
    unsigned s = b.insn.operand_size;
    // The image has RF and VM cleared.
    Temp f = b.opk(IrOp::And, 4, b.op(IrOp::GetEflags, 4), ~(eflags::RF | eflags::VM));
    b.push(f, s);
}

void lift_popf(Builder& b) {
    unsigned s = b.insn.operand_size;
    Temp v = b.pop(s);
    uint32_t mask = eflags::kUserWritable & (s == 2 ? 0xffffu : 0xffffffffu);
    b.op0(IrOp::PutEflags, 4, v, kNoTemp, kNoTemp, mask);
}

void lift_cbw(Builder& b) { b.put_reg(EAX, 2, b.sext(b.get_reg(EAX, 1), 1)); }
void lift_cwde(Builder& b) { b.put_reg(EAX, 4, b.sext(b.get_reg(EAX, 2), 2)); }
void lift_cwd(Builder& b) {
    b.put_reg(EDX, 2, b.opk(IrOp::Sar, 2, b.get_reg(EAX, 2), 15));
}
void lift_cdq(Builder& b) { b.put_reg(EDX, 4, b.opk(IrOp::Sar, 4, b.get_reg(EAX, 4), 31)); }

void lift_lahf(Builder& b) {
    // AH = SF ZF 0 AF 0 PF 1 CF
    b.put_reg(4 /*AH*/, 1, b.opk(IrOp::And, 4, b.op(IrOp::GetEflags, 4), 0xd7));
}

void lift_sahf(Builder& b) {
    b.op0(IrOp::PutEflags, 4, b.get_reg(4 /*AH*/, 1), kNoTemp, kNoTemp,
          eflags::SF | eflags::ZF | eflags::AF | eflags::PF | eflags::CF);
}

void lift_xlat(Builder& b) {
    // AL = [seg:EBX + zero-extended AL]; the decoder's memory operand names
    // the segment (DS unless overridden).
    uint8_t seg = DS;
    for (unsigned i = 0; i < b.insn.num_operands; ++i)
        if (b.insn.op[i].kind == OperandKind::Mem) seg = b.insn.op[i].seg;
    unsigned as = b.insn.address_size;
    Temp base = b.get_reg(EBX, as);
    Temp a = b.add(base, b.get_reg(EAX, 1), as);
    if (seg == FS || seg == GS) a = b.add(a, b.op(IrOp::GetSegBase, 4, kNoTemp, kNoTemp, kNoTemp, seg));
    b.put_reg(EAX, 1, b.load(a, 1));
}

void lift_salc(Builder& b) {
    Temp cf = b.get_flag(Flag::CF);
    Temp ones = b.konst(0xff);
    Temp zero = b.konst(0);
    b.put_reg(EAX, 1, b.op(IrOp::Select, 1, cf, ones, zero));
}

CondCode cc_of(Mnemonic m, Mnemonic first) {
    return static_cast<CondCode>(static_cast<int>(m) - static_cast<int>(first));
}

void lift_cmov(Builder& b) {
    Temp c = b.cond(cc_of(b.insn.mnemonic, Mnemonic::cmovo_));
    Temp src = b.read(1); // the source is read (and may fault) either way
    unsigned s = b.insn.op[0].size;
    Temp old = b.read(0);
    b.write(0, b.op(IrOp::Select, s, c, src, old));
}

void lift_setcc(Builder& b) { b.write(0, b.cond(cc_of(b.insn.mnemonic, Mnemonic::seto_))); }

void lift_far_load(Builder& b) {
    static const struct { Mnemonic m; Seg s; } segs[] = {
        {Mnemonic::lds_, DS}, {Mnemonic::les_, ES}, {Mnemonic::lfs_, FS},
        {Mnemonic::lgs_, GS}, {Mnemonic::lss_, SS}};
    Seg seg = DS;
    for (auto& e : segs)
        if (e.m == b.insn.mnemonic) seg = e.s;
    unsigned s = b.insn.op[0].size;
    Temp a = b.addr(b.insn.op[1]);
    Temp off = b.load(a, s);
    Temp sel = b.load(b.opk(IrOp::Add, 4, a, s), 2);
    b.op0(IrOp::PutSeg, 2, sel, kNoTemp, kNoTemp, seg);
    b.write(0, off);
}

} // namespace

void register_data(HandlerTable& t) {
    t.set(Mnemonic::mov_, lift_mov);
    t.set(Mnemonic::movzx_, lift_movzx);
    t.set(Mnemonic::movsx_, lift_movsx);
    t.set(Mnemonic::lea_, lift_lea);
    t.set(Mnemonic::xchg_, lift_xchg);
    t.set(Mnemonic::bswap_, lift_bswap);
    t.set(Mnemonic::push_, lift_push);
    t.set(Mnemonic::pop_, lift_pop);
    t.set(Mnemonic::pusha_, lift_pusha);
    t.set(Mnemonic::pushad_, lift_pusha);
    t.set(Mnemonic::popa_, lift_popa);
    t.set(Mnemonic::popad_, lift_popa);
    t.set(Mnemonic::pushf_, lift_pushf);
    t.set(Mnemonic::pushfd_, lift_pushf);
    t.set(Mnemonic::popf_, lift_popf);
    t.set(Mnemonic::popfd_, lift_popf);
    t.set(Mnemonic::cbw_, lift_cbw);
    t.set(Mnemonic::cwde_, lift_cwde);
    t.set(Mnemonic::cwd_, lift_cwd);
    t.set(Mnemonic::cdq_, lift_cdq);
    t.set(Mnemonic::lahf_, lift_lahf);
    t.set(Mnemonic::sahf_, lift_sahf);
    t.set(Mnemonic::xlat_, lift_xlat);
    t.set(Mnemonic::salc_, lift_salc);
    for (int m = int(Mnemonic::cmovo_); m <= int(Mnemonic::cmovnle_); ++m)
        t.set(Mnemonic(m), lift_cmov);
    for (int m = int(Mnemonic::seto_); m <= int(Mnemonic::setnle_); ++m)
        t.set(Mnemonic(m), lift_setcc);
    for (Mnemonic m : {Mnemonic::lds_, Mnemonic::les_, Mnemonic::lfs_, Mnemonic::lgs_, Mnemonic::lss_})
        t.set(m, lift_far_load);
}

} // namespace cm::x86
