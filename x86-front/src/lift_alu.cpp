// Integer arithmetic and logic: add adc sub sbb cmp inc dec neg and or xor
// not test. Every flag is an explicit IR result.
#include "builder.hpp"

namespace cm::x86 {
namespace {

unsigned osz(Builder& b) { return b.insn.op[0].size; }

void lift_add(Builder& b) {
    unsigned s = osz(b);
    Temp a = b.read(0), c = b.read(1);
    Temp r = b.op(IrOp::Add, s, a, c);
    b.flags_add(a, c, kNoTemp, r, s);
    b.write(0, r);
}

void lift_adc(Builder& b) {
    unsigned s = osz(b);
    Temp a = b.read(0), c = b.read(1), cf = b.get_flag(Flag::CF);
    Temp r = b.op(IrOp::Add, s, b.op(IrOp::Add, s, a, c), cf);
    b.flags_add(a, c, cf, r, s);
    b.write(0, r);
}

void lift_sub(Builder& b) {
    unsigned s = osz(b);
    Temp a = b.read(0), c = b.read(1);
    Temp r = b.op(IrOp::Sub, s, a, c);
    b.flags_sub(a, c, kNoTemp, r, s);
    b.write(0, r);
}

void lift_sbb(Builder& b) {
    unsigned s = osz(b);
    Temp a = b.read(0), c = b.read(1), cf = b.get_flag(Flag::CF);
    Temp r = b.op(IrOp::Sub, s, b.op(IrOp::Sub, s, a, c), cf);
    b.flags_sub(a, c, cf, r, s);
    b.write(0, r);
}

void lift_cmp(Builder& b) {
    unsigned s = osz(b);
    Temp a = b.read(0), c = b.read(1);
    Temp r = b.op(IrOp::Sub, s, a, c);
    b.flags_sub(a, c, kNoTemp, r, s);
}

// inc/dec leave CF alone.
void lift_incdec(Builder& b, bool inc) {
    unsigned s = osz(b);
    Temp a = b.read(0), one = b.konst(1);
    Temp r = b.op(inc ? IrOp::Add : IrOp::Sub, s, a, one);
    b.put_flag(Flag::OF, b.op(inc ? IrOp::FlagOAdd : IrOp::FlagOSub, s, a, one, r));
    b.put_flag(Flag::AF, b.op(IrOp::FlagA, s, a, one, r));
    b.flags_zsp(r, s);
    b.write(0, r);
}
void lift_inc(Builder& b) { lift_incdec(b, true); }
void lift_dec(Builder& b) { lift_incdec(b, false); }

void lift_neg(Builder& b) {
    unsigned s = osz(b);
    Temp zero = b.konst(0), a = b.read(0);
    Temp r = b.op(IrOp::Sub, s, zero, a);
    b.flags_sub(zero, a, kNoTemp, r, s);
    b.write(0, r);
}

template <IrOp O> void lift_logic(Builder& b) {
    unsigned s = osz(b);
    Temp a = b.read(0);
    Temp c = b.read(1);
    Temp r = b.op(O, s, a, c);
    b.flags_logic(r, s);
    b.write(0, r);
}

void lift_test(Builder& b) {
    unsigned s = osz(b);
    Temp a = b.read(0);
    Temp c = b.read(1);
    Temp r = b.op(IrOp::And, s, a, c);
    b.flags_logic(r, s);
}

void lift_not(Builder& b) { b.write(0, b.op(IrOp::Not, osz(b), b.read(0))); }

} // namespace

void register_alu(HandlerTable& t) {
    t.set(Mnemonic::add_, lift_add);
    t.set(Mnemonic::adc_, lift_adc);
    t.set(Mnemonic::sub_, lift_sub);
    t.set(Mnemonic::sbb_, lift_sbb);
    t.set(Mnemonic::cmp_, lift_cmp);
    t.set(Mnemonic::inc_, lift_inc);
    t.set(Mnemonic::dec_, lift_dec);
    t.set(Mnemonic::neg_, lift_neg);
    t.set(Mnemonic::and_, lift_logic<IrOp::And>);
    t.set(Mnemonic::or_, lift_logic<IrOp::Or>);
    t.set(Mnemonic::xor_, lift_logic<IrOp::Xor>);
    t.set(Mnemonic::test_, lift_test);
    t.set(Mnemonic::not_, lift_not);
}

} // namespace cm::x86
