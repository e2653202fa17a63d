// Shifts and rotates: shl (sal) shr sar rol ror rcl rcr shld shrd.
//
// IA-32 masks the count to 5 bits. A masked count of 0 changes no flag, so
// with a CL count each flag becomes Select(count != 0, new, old); an imm8
// count is known at lift time and needs no Select. The destination is
// written back even for a count of 0: the processor performs the write
// cycle (a read-only page faults), and the value written is the old one.
//
// Flags the SDM leaves undefined get a deterministic value: AF = 0, and OF
// for counts above 1 extends the count-1 formula as AMD processors do:
// shl, shld, rol, rcl: CF ^ MSB(result); shr, shrd, ror, rcr: the two top
// bits of the result differ; sar: 0. Except for rcl/rcr, that is also what
// QEMU, and so Unicorn, computes (it takes MSB(dest) ^ MSB(result) there).
#include "builder.hpp"

namespace cm::x86 {
namespace {

/// The masked count of one shift or rotate, and the flag writes it guards.
class Shift {
  public:
    /// `count_op` is the count operand (imm8, the implicit 1, or CL).
    Shift(Builder& b, const Operand& count_op) : b(b), size(b.insn.op[0].size), bits(8 * size) {
        if (count_op.kind == OperandKind::Imm) {
            known = true;
            k = count_op.imm & 0x1f;
            cnt = b.konst(k);
        } else {
            Temp cl = b.read(count_op);
            cnt = b.op(IrOp::And, 4, cl, b.konst(0x1f));
            nz = b.op(IrOp::CmpNe, 4, cnt, b.konst(0));
        }
    }

    Builder& b;
    const unsigned size; ///< operand size in bytes
    const unsigned bits; ///< operand size in bits
    bool known = false;  ///< the count is a lift-time constant `k`
    uint32_t k = 0;
    Temp cnt = kNoTemp; ///< the masked count, 0-31
    Temp nz = kNoTemp;  ///< CL forms: count != 0

    /// A masked count of 0 known at lift time: the destination is read and
    /// written back unchanged, and nothing else happens.
    bool is_nop() const { return known && k == 0; }

    /// The count, with 0 replaced by 1: for ops whose count must be non-zero
    /// (their result is discarded by Select when the real count is 0).
    Temp nonzero_count() {
        if (known) return cnt;
        return b.op(IrOp::Select, 4, nz, cnt, b.konst(1));
    }

    /// count - 1, kept in 0-31 (the shift that exposes the last bit out).
    Temp count_minus_1() {
        if (known) return b.konst(k - 1);
        Temp c = nonzero_count();
        return b.op(IrOp::Sub, 4, c, b.konst(1));
    }

    /// Count reduced modulo `bits + 1`: rcl/rcr rotate through CF.
    Temp rc_count() {
        unsigned mod = bits + 1;
        if (known) return b.konst(k % mod);
        if (mod > 31) return cnt; // 32-bit: 0-31 is already reduced
        Temp c = cnt;
        // 0-31 mod 17 needs one step, mod 9 two (subtract 18, then 9).
        for (unsigned step : {2 * mod, mod}) {
            if (step > 31) continue;
            Temp ge = b.op(IrOp::CmpLeU, 4, b.konst(step), c);
            c = b.op(IrOp::Select, 4, ge, b.op(IrOp::Sub, 4, c, b.konst(step)), c);
        }
        return c;
    }

    /// The result for a CL count: `res`, or `old` when the count is 0.
    Temp result(Temp res, Temp old) {
        if (known) return res;
        return b.op(IrOp::Select, size, nz, res, old);
    }

    /// Writes flag `f` = `v` if the count is non-zero; `old` is the flag's
    /// current value if the caller has it.
    void flag(Flag f, Temp v, Temp old = kNoTemp) {
        if (known) return b.put_flag(f, v);
        if (old == kNoTemp) old = b.get_flag(f);
        v = b.op(IrOp::Select, 1, nz, v, old);
        b.put_flag(f, v);
    }

    void flags_zsp(Temp res) {
        flag(Flag::ZF, b.op(IrOp::FlagZ, size, res));
        flag(Flag::SF, b.op(IrOp::FlagS, size, res));
        flag(Flag::PF, b.op(IrOp::FlagP, size, res));
    }

    /// Sign bit of `v` at the operand size.
    Temp msb(Temp v) { return b.op(IrOp::FlagS, size, v); }
};

void write_back(Builder& b) {
    b.write(0, b.read(0));
}

void lift_shl(Builder& b) {
    Shift sh(b, b.insn.op[1]);
    if (sh.is_nop()) return write_back(b);
    Temp d = b.read(0);
    Temp res = b.op(IrOp::Shl, sh.size, d, sh.cnt);
    // d << (count - 1) at 32 bits: its bit (size - 1) is the last bit out
    // (0 once the count exceeds the operand size).
    Temp last = b.op(IrOp::Shl, 4, d, sh.count_minus_1());
    Temp cf = sh.msb(last);
    sh.flag(Flag::CF, cf);
    sh.flag(Flag::OF, sh.msb(b.op(IrOp::Xor, 4, res, last)));
    sh.flag(Flag::AF, b.konst(0));
    sh.flags_zsp(res);
    b.write(0, res);
}

void lift_shr(Builder& b) {
    Shift sh(b, b.insn.op[1]);
    if (sh.is_nop()) return write_back(b);
    Temp d = b.read(0);
    Temp res = b.op(IrOp::Shr, sh.size, d, sh.cnt);
    Temp last = b.op(IrOp::Shr, sh.size, d, sh.count_minus_1());
    sh.flag(Flag::CF, b.op(IrOp::And, 4, last, b.konst(1)));
    // The result's top bit is 0: OF is its next bit (count 1: the old sign).
    sh.flag(Flag::OF, sh.msb(b.op(IrOp::Shl, 4, res, b.konst(1))));
    sh.flag(Flag::AF, b.konst(0));
    sh.flags_zsp(res);
    b.write(0, res);
}

void lift_sar(Builder& b) {
    Shift sh(b, b.insn.op[1]);
    if (sh.is_nop()) return write_back(b);
    Temp d = b.read(0);
    Temp res = b.op(IrOp::Sar, sh.size, d, sh.cnt);
    Temp last = b.op(IrOp::Sar, sh.size, d, sh.count_minus_1());
    sh.flag(Flag::CF, b.op(IrOp::And, 4, last, b.konst(1)));
    sh.flag(Flag::OF, b.konst(0));
    sh.flag(Flag::AF, b.konst(0));
    sh.flags_zsp(res);
    b.write(0, res);
}

// rol/ror rotate by count mod size, but CF and OF are written whenever the
// masked count is non-zero (rol al, 8 sets CF from bit 0).
void lift_rol(Builder& b) {
    Shift sh(b, b.insn.op[1]);
    if (sh.is_nop()) return write_back(b);
    Temp res = b.op(IrOp::Rol, sh.size, b.read(0), sh.cnt);
    Temp cf = b.op(IrOp::And, 4, res, b.konst(1));
    sh.flag(Flag::CF, cf);
    sh.flag(Flag::OF, b.op(IrOp::Xor, 4, sh.msb(res), cf));
    b.write(0, res);
}

void lift_ror(Builder& b) {
    Shift sh(b, b.insn.op[1]);
    if (sh.is_nop()) return write_back(b);
    Temp res = b.op(IrOp::Ror, sh.size, b.read(0), sh.cnt);
    sh.flag(Flag::CF, sh.msb(res));
    // OF = the two most significant bits of the result differ.
    sh.flag(Flag::OF, sh.msb(b.op(IrOp::Xor, 4, res, b.op(IrOp::Shl, 4, res, b.konst(1)))));
    b.write(0, res);
}

// rcl/rcr rotate size+1 bits (the operand and CF): the count is taken mod 9
// or 17 at 8 and 16 bits. A reduced count of 0 leaves CF as it was, which
// the rotate op already gives.
void lift_rcl(Builder& b) {
    Shift sh(b, b.insn.op[1]);
    if (sh.is_nop()) return write_back(b);
    Temp d = b.read(0);
    Temp c = sh.rc_count();
    Temp old_cf = b.get_flag(Flag::CF);
    Temp cf;
    Temp res = b.op2(IrOp::Rcl, sh.size, cf, d, c, old_cf);
    sh.flag(Flag::CF, cf, old_cf);
    sh.flag(Flag::OF, b.op(IrOp::Xor, 4, sh.msb(res), cf));
    b.write(0, res);
}

void lift_rcr(Builder& b) {
    Shift sh(b, b.insn.op[1]);
    if (sh.is_nop()) return write_back(b);
    Temp d = b.read(0);
    Temp c = sh.rc_count();
    Temp old_cf = b.get_flag(Flag::CF);
    Temp cf;
    Temp res = b.op2(IrOp::Rcr, sh.size, cf, d, c, old_cf);
    sh.flag(Flag::CF, cf, old_cf);
    // For a count of 1 this is MSB(dest) ^ old CF, as the SDM states it.
    sh.flag(Flag::OF, sh.msb(b.op(IrOp::Xor, 4, res, b.op(IrOp::Shl, 4, res, b.konst(1)))));
    b.write(0, res);
}

// shld/shrd. The 16-bit forms are done at 32 bits over dest:src:dest (48
// bits), which gives counts 17-31 (result and flags undefined in the SDM)
// the values QEMU computes (Intel's, by its notes; AMD processors differ).
// For 32 bits dest:src suffices.
void lift_shld(Builder& b) {
    Shift sh(b, b.insn.op[2]);
    if (sh.is_nop()) return write_back(b);
    Temp d = b.read(0), s = b.read(1);
    Temp hi = d, lo = s; // hi:lo is shifted left, the top 32 bits kept
    if (sh.size == 2) {
        hi = b.op(IrOp::Or, 4, b.op(IrOp::Shl, 4, d, b.konst(16)), s);
        lo = b.op(IrOp::Shl, 4, d, b.konst(16));
    }
    Temp res = b.op(IrOp::Shld, 4, hi, lo, sh.nonzero_count());
    if (sh.size == 2) res = b.op(IrOp::Shr, 4, res, b.konst(16));
    Temp cf = b.op(IrOp::FlagS, 4, b.op(IrOp::Shl, 4, hi, sh.count_minus_1()));
    sh.flag(Flag::CF, cf);
    sh.flag(Flag::OF, b.op(IrOp::Xor, 4, cf, sh.msb(res))); // count 1: sign change
    sh.flag(Flag::AF, b.konst(0));
    sh.flags_zsp(res);
    b.write(0, sh.result(res, d));
}

void lift_shrd(Builder& b) {
    Shift sh(b, b.insn.op[2]);
    if (sh.is_nop()) return write_back(b);
    Temp d = b.read(0), s = b.read(1);
    Temp lo = d, hi = s; // hi:lo is shifted right, the low 32 bits kept
    if (sh.size == 2) {
        lo = b.op(IrOp::Or, 4, b.op(IrOp::Shl, 4, s, b.konst(16)), d);
        hi = d;
    }
    Temp res = b.op(IrOp::Shrd, 4, lo, hi, sh.nonzero_count());
    if (sh.size == 2) res = b.zext(res, 2);
    Temp last = b.op(IrOp::Shr, 4, lo, sh.count_minus_1());
    sh.flag(Flag::CF, b.op(IrOp::And, 4, last, b.konst(1)));
    // Count 1: the sign changed (the new top bit is src's, the next dest's).
    sh.flag(Flag::OF, sh.msb(b.op(IrOp::Xor, 4, res, b.op(IrOp::Shl, 4, res, b.konst(1)))));
    sh.flag(Flag::AF, b.konst(0));
    sh.flags_zsp(res);
    b.write(0, sh.result(res, d));
}

} // namespace

void register_shift(HandlerTable& t) {
    t.set(Mnemonic::shl_, lift_shl); // also sal (/4 and the /6 alias)
    t.set(Mnemonic::shr_, lift_shr);
    t.set(Mnemonic::sar_, lift_sar);
    t.set(Mnemonic::rol_, lift_rol);
    t.set(Mnemonic::ror_, lift_ror);
    t.set(Mnemonic::rcl_, lift_rcl);
    t.set(Mnemonic::rcr_, lift_rcr);
    t.set(Mnemonic::shld_, lift_shld);
    t.set(Mnemonic::shrd_, lift_shrd);
}

} // namespace cm::x86
