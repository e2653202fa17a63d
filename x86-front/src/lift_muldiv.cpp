// Multiply and divide: mul, imul (one, two and three operands), div, idiv.
//
// The one-operand forms work on the accumulator: AX = AL * src at 8 bits,
// DX:AX at 16, EDX:EAX at 32; division takes the same double-width
// dividend and leaves quotient and remainder in AL/AH, AX/DX, EAX/EDX.
#include "builder.hpp"

namespace cm::x86 {
namespace {

/// Explicit operands: imul's three forms differ only in their count.
unsigned visible_operands(const Insn& in) {
    unsigned n = 0;
    for (unsigned i = 0; i < in.num_operands; ++i)
        if (!in.op[i].hidden) ++n;
    return n;
}

/// The register holding the high half of a one-operand form's accumulator
/// pair (the low half is EAX at size s): AH at 8 bits, else EDX.
unsigned acc_hi(unsigned s) {
    return s == 1 ? 4 /*AH*/ : EDX;
}

/// CF = OF = `overflow`. SF, ZF and PF are undefined: they come from the low
/// half of the product, and AF = 0, as QEMU (and so Unicorn) computes them.
void mul_flags(Builder& b, Temp overflow, Temp lo, unsigned s) {
    b.put_flag(Flag::CF, overflow);
    b.put_flag(Flag::OF, overflow);
    b.put_flag_const(Flag::AF, false);
    b.flags_zsp(lo, s);
}

/// The high half a signed product has when it fits in its low half.
Temp sign_of(Builder& b, Temp lo, unsigned s) {
    return b.op(IrOp::Sar, s, lo, b.konst(8 * s - 1));
}

void lift_mul(Builder& b) {
    unsigned s = b.insn.op[0].size;
    Temp src = b.read(0);
    Temp hi;
    Temp lo = b.op2(IrOp::MulU, s, hi, b.get_reg(EAX, s), src);
    b.put_reg(EAX, s, lo);
    b.put_reg(acc_hi(s), s, hi);
    mul_flags(b, b.op(IrOp::CmpNe, 4, hi, b.konst(0)), lo, s);
}

void lift_imul(Builder& b) {
    unsigned s = b.insn.op[0].size;
    unsigned n = visible_operands(b.insn);
    Temp hi, lo;
    if (n == 1) {
        Temp src = b.read(0);
        lo = b.op2(IrOp::MulS, s, hi, b.get_reg(EAX, s), src);
        b.put_reg(EAX, s, lo);
        b.put_reg(acc_hi(s), s, hi);
    } else {
        // imul r, r/m: r *= r/m; imul r, r/m, imm: r = r/m * imm.
        Temp x = n == 2 ? b.read(0) : b.read(2);
        lo = b.op2(IrOp::MulS, s, hi, b.read(1), x);
        b.write(0, lo);
    }
    mul_flags(b, b.op(IrOp::CmpNe, 4, hi, sign_of(b, lo, s)), lo, s);
}

// div/idiv leave every arithmetic flag undefined; they are left as they
// were, as QEMU (and so Unicorn) does. DivU/DivS raise #DE on a zero
// divisor or a quotient that does not fit, before anything is written.
void lift_divide(Builder& b, IrOp o) {
    unsigned s = b.insn.op[0].size;
    Temp divisor = b.read(0);
    Temp num_hi = b.get_reg(acc_hi(s), s), num_lo = b.get_reg(EAX, s);
    Temp rem;
    Temp quot = b.op2(o, s, rem, num_hi, num_lo, divisor);
    b.put_reg(EAX, s, quot);
    b.put_reg(acc_hi(s), s, rem);
}
void lift_div(Builder& b) {
    lift_divide(b, IrOp::DivU);
}
void lift_idiv(Builder& b) {
    lift_divide(b, IrOp::DivS);
}

} // namespace

void register_muldiv(HandlerTable& t) {
    t.set(Mnemonic::mul_, lift_mul);
    t.set(Mnemonic::imul_, lift_imul);
    t.set(Mnemonic::div_, lift_div);
    t.set(Mnemonic::idiv_, lift_idiv);
}

} // namespace cm::x86
