// Decimal adjusts: aaa aas daa das aam aad, after the pseudo-code of the
// Intel SDM vol. 2. The flags the SDM leaves undefined are computed the way
// an AMD Zen 4 computes them (checked over every AL, AH, AF and CF), so that
// they are deterministic and match at least one real processor:
//   aaa/aas: ZF SF OF PF of the 16-bit AX +/- 0x106 (or +/- 0) step;
//   daa/das: OF of the 8-bit AL +/- correction step;
//   aam: OF AF CF = 0; aad: CF OF AF of the 8-bit AL + AH*base step.
#include "builder.hpp"

namespace cm::x86 {
namespace {

/// (AL & 0x0f) > 9 || AF: the low-nibble adjust condition shared by all four.
Temp low_adjust(Builder& b, Temp al) {
    Temp lo = b.op(IrOp::And, 4, al, b.konst(0x0f));
    return b.op(IrOp::Or, 4, b.op(IrOp::CmpLtU, 4, b.konst(9), lo), b.get_flag(Flag::AF));
}

// aaa: AX += 0x106 when adjusting (the P6-and-later form, which carries a
// wrapped AL into AH), then AL &= 0x0f.  aas: AX -= 6, AH -= 1, i.e.
// AX -= 0x106 as one 16-bit subtraction.
void lift_ascii_adjust(Builder& b, bool add) {
    Temp ax = b.get_reg(EAX, 2);
    Temp adj = low_adjust(b, b.get_reg(EAX, 1));
    Temp d = b.op(IrOp::Select, 4, adj, b.konst(0x106), b.konst(0));
    Temp t = b.op(add ? IrOp::Add : IrOp::Sub, 2, ax, d);
    b.put_reg(EAX, 2, b.op(IrOp::And, 2, t, b.konst(0xff0f)));
    b.put_flag(Flag::CF, adj);
    b.put_flag(Flag::AF, adj);
    b.put_flag(Flag::OF, b.op(add ? IrOp::FlagOAdd : IrOp::FlagOSub, 2, ax, d, t));
    b.flags_zsp(t, 2);
}
void lift_aaa(Builder& b) {
    lift_ascii_adjust(b, true);
}
void lift_aas(Builder& b) {
    lift_ascii_adjust(b, false);
}

// daa/das: both corrections (6 for the low nibble, 0x60 for the high) go in
// as one 8-bit add or subtract of their sum.
void lift_decimal_adjust(Builder& b, bool add) {
    Temp al = b.get_reg(EAX, 1);
    Temp adj_lo = low_adjust(b, al);
    Temp adj_hi = b.op(IrOp::Or, 4, b.op(IrOp::CmpLtU, 4, b.konst(0x99), al), b.get_flag(Flag::CF));
    Temp corr = b.op(IrOp::Or, 4, b.op(IrOp::Select, 4, adj_lo, b.konst(0x06), b.konst(0)),
                     b.op(IrOp::Select, 4, adj_hi, b.konst(0x60), b.konst(0)));
    Temp r = b.op(add ? IrOp::Add : IrOp::Sub, 1, al, corr);
    b.put_reg(EAX, 1, r);
    Temp cf = adj_hi;
    // das keeps the borrow of its first step (AL < 6): its second step has
    // no "else CF := 0", unlike daa's (whose first step can only carry when
    // AL > 0x99, which sets CF anyway).
    if (!add)
        cf = b.op(IrOp::Or, 4, cf,
                  b.op(IrOp::And, 4, adj_lo, b.op(IrOp::CmpLtU, 4, al, b.konst(6))));
    b.put_flag(Flag::CF, cf);
    b.put_flag(Flag::AF, adj_lo);
    b.put_flag(Flag::OF, b.op(add ? IrOp::FlagOAdd : IrOp::FlagOSub, 1, al, corr, r));
    b.flags_zsp(r, 1);
}
void lift_daa(Builder& b) {
    lift_decimal_adjust(b, true);
}
void lift_das(Builder& b) {
    lift_decimal_adjust(b, false);
}

uint32_t base_of(Builder& b) {
    return b.insn.op[0].imm & 0xff;
}

// aam: AH = AL / base, AL = AL % base; base 0 is #DE.
void lift_aam(Builder& b) {
    uint32_t base = base_of(b);
    if (base == 0) {
        b.flow = Flow::Trap;
        b.trap(Fault::DivideError);
        return;
    }
    Temp rem;
    Temp q = b.op2(IrOp::DivU, 1, rem, b.konst(0), b.get_reg(EAX, 1), b.konst(base));
    b.put_reg(EAX, 2, b.op(IrOp::Or, 2, b.op(IrOp::Shl, 2, q, b.konst(8)), rem));
    Temp zero = b.konst(0);
    b.put_flag(Flag::CF, zero);
    b.put_flag(Flag::OF, zero);
    b.put_flag(Flag::AF, zero);
    b.flags_zsp(rem, 1);
}

// aad: AL = (AL + AH * base) & 0xff, AH = 0; the flags are those of the
// final 8-bit addition.
void lift_aad(Builder& b) {
    Temp p = b.zext(b.op(IrOp::Mul, 4, b.get_reg(4 /*AH*/, 1), b.konst(base_of(b))), 1);
    Temp al = b.get_reg(EAX, 1);
    Temp r = b.op(IrOp::Add, 1, p, al);
    b.put_reg(EAX, 2, r);
    b.flags_add(p, al, kNoTemp, r, 1);
}

} // namespace

void register_bcd(HandlerTable& t) {
    t.set(Mnemonic::aaa_, lift_aaa);
    t.set(Mnemonic::aas_, lift_aas);
    t.set(Mnemonic::daa_, lift_daa);
    t.set(Mnemonic::das_, lift_das);
    t.set(Mnemonic::aam_, lift_aam);
    t.set(Mnemonic::aad_, lift_aad);
}

} // namespace cm::x86
