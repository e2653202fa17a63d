// String instructions: movs cmps stos lods scas (b/w/d), with rep, repe and
// repne, 32-bit (ESI/EDI/ECX) or 16-bit (SI/DI/CX, 0x67) addressing.
//
// A repeated form does ONE element per execution and branches back to
// itself while it has work left, so that every iteration is a precise
// instruction boundary: a fault, an interrupt or a self-modifying store in
// the middle of a `rep movs` leaves ESI, EDI and ECX exactly as the
// processor would. With the count already zero it does nothing at all
// (flags included) and goes on to the next instruction.
#include "builder.hpp"

#include <stdexcept>

namespace cm::x86 {
namespace {

enum class StrOp { Movs, Cmps, Stos, Lods, Scas };

struct StrInfo {
    StrOp op;
    unsigned size;
};

StrInfo info_of(Mnemonic m) {
    switch (m) {
    case Mnemonic::movsb_: return {StrOp::Movs, 1};
    case Mnemonic::movsw_: return {StrOp::Movs, 2};
    case Mnemonic::movsd_: return {StrOp::Movs, 4};
    case Mnemonic::cmpsb_: return {StrOp::Cmps, 1};
    case Mnemonic::cmpsw_: return {StrOp::Cmps, 2};
    case Mnemonic::cmpsd_: return {StrOp::Cmps, 4};
    case Mnemonic::stosb_: return {StrOp::Stos, 1};
    case Mnemonic::stosw_: return {StrOp::Stos, 2};
    case Mnemonic::stosd_: return {StrOp::Stos, 4};
    case Mnemonic::lodsb_: return {StrOp::Lods, 1};
    case Mnemonic::lodsw_: return {StrOp::Lods, 2};
    case Mnemonic::lodsd_: return {StrOp::Lods, 4};
    case Mnemonic::scasb_: return {StrOp::Scas, 1};
    case Mnemonic::scasw_: return {StrOp::Scas, 2};
    case Mnemonic::scasd_: return {StrOp::Scas, 4};
    default: throw std::logic_error("not a string instruction");
    }
}

/// The source's segment: DS unless overridden (the decoder's [ESI] operand
/// carries it). The destination is always ES, which cannot be overridden.
uint8_t source_seg(const Insn& insn) {
    for (unsigned i = 0; i < insn.num_operands; ++i)
        if (insn.op[i].kind == OperandKind::Mem && insn.op[i].base == ESI) return insn.op[i].seg;
    return DS;
}

class StringLifter {
  public:
    StringLifter(Builder& b, unsigned size)
        : b_(b), as_(b.insn.address_size == 2 ? 2 : 4), size_(size) {}

    /// Linear address of the source element, DS:[ESI] or seg:[SI].
    Temp src_addr() {
        Temp a = b_.get_reg(ESI, as_); // SI zero-extended under 16-bit addressing
        uint8_t seg = source_seg(b_.insn);
        // Only FS and GS have a non-zero base in a flat user address space
        // (the same rule as Builder::addr).
        if (seg == FS || seg == GS)
            a = b_.add(a, b_.op(IrOp::GetSegBase, 4, kNoTemp, kNoTemp, kNoTemp, seg));
        return a;
    }
    /// Linear address of the destination element, ES:[EDI] or ES:[DI].
    Temp dst_addr() { return b_.get_reg(EDI, as_); }

    /// ESI or EDI += +-size by DF, wrapping at the address size.
    void advance(unsigned reg) {
        if (delta_ == kNoTemp)
            delta_ = b_.op(IrOp::Select, 4, b_.get_flag(Flag::DF), b_.konst(0u - size_),
                           b_.konst(size_));
        b_.put_reg(reg, as_, b_.add(b_.get_reg(reg, as_), delta_, as_));
    }

    unsigned as() const { return as_; }

  private:
    Builder& b_;
    unsigned as_;
    unsigned size_;
    Temp delta_ = kNoTemp;
};

void lift_string(Builder& b) {
    const StrInfo si = info_of(b.insn.mnemonic);
    const unsigned s = si.size;
    const bool compares = si.op == StrOp::Cmps || si.op == StrOp::Scas;
    // F2 on movs/stos/lods repeats just as F3 does.
    const bool repeated = b.insn.rep || b.insn.repne;
    StringLifter sl(b, s);
    const unsigned as = sl.as();

    Temp count = kNoTemp;
    if (repeated) {
        b.flow = Flow::Repeat;
        b.branch_target = b.insn.addr;
        count = b.get_reg(ECX, as);
        b.branch(b.op(IrOp::FlagZ, as, count), b.konst(b.insn.next()));
    }

    // One element. Loads and stores come before any register update, so a
    // faulting access leaves ESI, EDI and ECX untouched.
    Temp equal = kNoTemp; // compares: the operands were equal (the new ZF)
    switch (si.op) {
    case StrOp::Movs:
        b.store(sl.dst_addr(), b.load(sl.src_addr(), s), s);
        sl.advance(ESI);
        sl.advance(EDI);
        break;
    case StrOp::Cmps: {
        // Flags of [source] - [destination], the reverse of scas's order.
        Temp x = b.load(sl.src_addr(), s);
        Temp y = b.load(sl.dst_addr(), s);
        b.flags_sub(x, y, kNoTemp, b.op(IrOp::Sub, s, x, y), s);
        equal = b.op(IrOp::CmpEq, 4, x, y);
        sl.advance(ESI);
        sl.advance(EDI);
        break;
    }
    case StrOp::Stos:
        b.store(sl.dst_addr(), b.get_reg(EAX, s), s);
        sl.advance(EDI);
        break;
    case StrOp::Lods:
        b.put_reg(EAX, s, b.load(sl.src_addr(), s));
        sl.advance(ESI);
        break;
    case StrOp::Scas: {
        Temp x = b.get_reg(EAX, s);
        Temp y = b.load(sl.dst_addr(), s);
        b.flags_sub(x, y, kNoTemp, b.op(IrOp::Sub, s, x, y), s);
        equal = b.op(IrOp::CmpEq, 4, x, y);
        sl.advance(EDI);
        break;
    }
    }

    if (!repeated) return;
    Temp left = b.sub(count, b.konst(1), as);
    b.put_reg(ECX, as, left);
    Temp again = b.op(IrOp::CmpNe, 4, left, b.konst(0));
    if (compares) {
        // repe goes on while equal, repne while different.
        Temp go_on = b.insn.repne ? b.op(IrOp::Xor, 4, equal, b.konst(1)) : equal;
        again = b.op(IrOp::And, 4, again, go_on);
    }
    b.branch(again, b.konst(b.insn.addr));
}

} // namespace

void register_string(HandlerTable& t) {
    for (Mnemonic m :
         {Mnemonic::movsb_, Mnemonic::movsw_, Mnemonic::movsd_, Mnemonic::cmpsb_, Mnemonic::cmpsw_,
          Mnemonic::cmpsd_, Mnemonic::stosb_, Mnemonic::stosw_, Mnemonic::stosd_, Mnemonic::lodsb_,
          Mnemonic::lodsw_, Mnemonic::lodsd_, Mnemonic::scasb_, Mnemonic::scasw_, Mnemonic::scasd_})
        t.set(m, lift_string);
}

} // namespace cm::x86
