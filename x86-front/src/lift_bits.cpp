// Bit test and scan: bt bts btr btc, bsf bsr (16- and 32-bit forms).
//
// Flags the SDM leaves undefined follow an AMD Zen 4, which keeps them
// deterministic and matches a real processor:
//   bt*: OF SF AF PF unchanged (ZF is architecturally unaffected);
//   bsf/bsr: CF OF SF AF = 0, PF = parity of the index (of 0 for a zero
//   source).
#include "builder.hpp"

namespace cm::x86 {
namespace {

enum class BitOp { Test, Set, Reset, Complement };

/// Linear address of `o` moved by `delta` bytes (a bit offset's word), with
/// the same wrap and segment base as Builder::addr.
Temp displaced_addr(Builder& b, const Operand& o, Temp delta) {
    Temp a = b.add(b.effective_address(o), delta, o.addr_size == 2 ? 2 : 4);
    if (o.seg == FS || o.seg == GS)
        a = b.add(a, b.op(IrOp::GetSegBase, 4, kNoTemp, kNoTemp, kNoTemp, o.seg));
    return a;
}

// An immediate bit offset is taken modulo the operand width, for registers
// and memory alike. A register offset into memory is a signed bit index
// relative to the operand: the word or dword holding the bit is at
// EA + size * (offset SAR log2(width)), and is the one accessed.
void lift_bt(Builder& b, BitOp kind) {
    const Operand& dst = b.insn.op[0];
    const Operand& off = b.insn.op[1];
    const unsigned s = dst.size;
    const unsigned width = s * 8;
    Temp bit, addr = kNoTemp;
    if (off.kind == OperandKind::Imm) {
        bit = b.konst(off.imm & (width - 1));
        if (dst.kind == OperandKind::Mem) addr = b.addr(dst);
    } else {
        Temp o = b.read(off);
        bit = b.op(IrOp::And, 4, o, b.konst(width - 1));
        if (dst.kind == OperandKind::Mem) {
            Temp word = b.op(IrOp::Sar, 4, s == 2 ? b.sext(o, 2) : o, b.konst(s == 2 ? 4 : 5));
            addr = displaced_addr(b, dst, b.op(IrOp::Shl, 4, word, b.konst(s == 2 ? 1 : 2)));
        }
    }
    Temp v = addr != kNoTemp ? b.load(addr, s) : b.read(dst);
    b.put_flag(Flag::CF, b.op(IrOp::And, 4, b.op(IrOp::Shr, 4, v, bit), b.konst(1)));
    // The decoder lists these as (undefined) results of bt*, so flag
    // liveness may count on this instruction producing them: write them.
    for (Flag f : {Flag::OF, Flag::SF, Flag::AF, Flag::PF})
        b.put_flag(f, b.get_flag(f));
    if (kind == BitOp::Test) return;

    Temp mask = b.op(IrOp::Shl, s, b.konst(1), bit);
    Temp r = kind == BitOp::Set     ? b.op(IrOp::Or, s, v, mask)
             : kind == BitOp::Reset ? b.op(IrOp::And, s, v, b.op(IrOp::Not, s, mask))
                                    : b.op(IrOp::Xor, s, v, mask);
    if (addr != kNoTemp)
        b.store(addr, r, s);
    else
        b.write(dst, r);
}
void lift_bt_(Builder& b) {
    lift_bt(b, BitOp::Test);
}
void lift_bts(Builder& b) {
    lift_bt(b, BitOp::Set);
}
void lift_btr(Builder& b) {
    lift_bt(b, BitOp::Reset);
}
void lift_btc(Builder& b) {
    lift_bt(b, BitOp::Complement);
}

// A zero source sets ZF and leaves the destination as it was (what every
// processor does, and what AMD documents).
void lift_bitscan(Builder& b, IrOp scan) {
    unsigned s = b.insn.op[0].size;
    Temp src = b.read(1);
    Temp z = b.op(IrOp::FlagZ, s, src);
    Temp idx = b.op(scan, s, src); // meaningless for a zero source
    b.write(0, b.op(IrOp::Select, s, z, b.read(0), idx));
    Temp zero = b.konst(0);
    b.put_flag(Flag::ZF, z);
    b.put_flag(Flag::CF, zero);
    b.put_flag(Flag::OF, zero);
    b.put_flag(Flag::SF, zero);
    b.put_flag(Flag::AF, zero);
    b.put_flag(Flag::PF, b.op(IrOp::Or, 4, z, b.op(IrOp::FlagP, 1, idx)));
}
void lift_bsf(Builder& b) {
    lift_bitscan(b, IrOp::Bsf);
}
void lift_bsr(Builder& b) {
    lift_bitscan(b, IrOp::Bsr);
}

} // namespace

void register_bits(HandlerTable& t) {
    t.set(Mnemonic::bt_, lift_bt_);
    t.set(Mnemonic::bts_, lift_bts);
    t.set(Mnemonic::btr_, lift_btr);
    t.set(Mnemonic::btc_, lift_btc);
    t.set(Mnemonic::bsf_, lift_bsf);
    t.set(Mnemonic::bsr_, lift_bsr);
}

} // namespace cm::x86
