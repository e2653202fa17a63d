// Atom selection: region IR -> atoms over virtual registers, in program
// order. Guest registers are read in place where analysis.cpp allows it;
// flag computations fold into flag-producing atoms where it found a match,
// and are computed explicitly (without touching the flags register) where
// not. Constants are materialised once, at their first use as a register.
#include "select_emitter.hpp"

namespace cm::morph::backend {

namespace sel {

void Emitter::fused(unsigned i) {
    const RInst& in = A.in(i);
    close_batch();
    const bool keep = needed(i, 0);
    const RegId a = val(A.s(i, 0)), d = keep ? def(i) : fresh();
    auto rr = [&](Opcode op) { alu(op, in.size, d, a, val(A.s(i, 1)), true); };
    switch (A.fuse[i]) {
    case FuseOp::Add: rr(Opcode::ADD); break;
    case FuseOp::Sub:
        if (keep)
            rr(Opcode::SUB);
        else
            alu(Opcode::CMP, in.size, kNoReg, a, val(A.s(i, 1)));
        break;
    case FuseOp::And:
        if (keep)
            rr(Opcode::AND);
        else
            alu(Opcode::TEST, in.size, kNoReg, a, val(A.s(i, 1)));
        break;
    case FuseOp::Or: rr(Opcode::OR); break;
    case FuseOp::Xor: rr(Opcode::XOR); break;
    case FuseOp::Inc: alu(Opcode::INC, in.size, d, a, kNoReg, true); break;
    case FuseOp::Dec: alu(Opcode::DEC, in.size, d, a, kNoReg, true); break;
    case FuseOp::Neg: alu(Opcode::NEG, in.size, d, val(A.s(i, 1)), kNoReg, true); break;
    case FuseOp::Shl: rr(Opcode::SHL); break;
    case FuseOp::Shr: rr(Opcode::SHR); break;
    case FuseOp::Sar: rr(Opcode::SAR); break;
    case FuseOp::Rol: rr(Opcode::ROL); break;
    case FuseOp::Ror: rr(Opcode::ROR); break;
    case FuseOp::None:
    case FuseOp::Test: break; // a Test node is its own op followed by `test` (node())
    }
}

// Integer ops without flags.
bool Emitter::arith(unsigned i) {
    const RInst& in = A.in(i);
    const Val s0 = A.s(i, 0), s1 = A.s(i, 1);
    uint32_t k = 0;
    auto imm_form = [&](Opcode op, Val x, int64_t kk) {
        if (in.size != 4 || !fits(kk, 12)) return false;
        imm12(op, def(i), val(x), int32_t(kk));
        return true;
    };
    auto rrr = [&](Opcode op) { alu(op, in.size, def(i), val(s0), val(s1)); };
    switch (in.op) {
    case IrOp::Add:
        if (const_of(s1, k) && imm_form(Opcode::ADDI, s0, int32_t(k))) return true;
        if (const_of(s0, k) && imm_form(Opcode::ADDI, s1, int32_t(k))) return true;
        rrr(Opcode::ADD);
        return true;
    case IrOp::Sub:
        if (const_of(s1, k) && imm_form(Opcode::ADDI, s0, -int64_t(int32_t(k)))) return true;
        rrr(Opcode::SUB);
        return true;
    case IrOp::And:
    case IrOp::Or:
    case IrOp::Xor: {
        const Opcode ri = in.op == IrOp::And  ? Opcode::ANDI
                          : in.op == IrOp::Or ? Opcode::ORI
                                              : Opcode::XORI;
        if (const_of(s1, k) && imm_form(ri, s0, int32_t(k))) return true;
        if (const_of(s0, k) && imm_form(ri, s1, int32_t(k))) return true;
        rrr(in.op == IrOp::And ? Opcode::AND : in.op == IrOp::Or ? Opcode::OR : Opcode::XOR);
        return true;
    }
    case IrOp::Shl:
    case IrOp::Shr:
    case IrOp::Sar: {
        const Opcode ri = in.op == IrOp::Shl   ? Opcode::SHLI
                          : in.op == IrOp::Shr ? Opcode::SHRI
                                               : Opcode::SARI;
        if (const_of(s1, k) && imm_form(ri, s0, k & 31)) return true;
        rrr(in.op == IrOp::Shl ? Opcode::SHL : in.op == IrOp::Shr ? Opcode::SHR : Opcode::SAR);
        return true;
    }
    case IrOp::Rol: rrr(Opcode::ROL); return true;
    case IrOp::Ror: rrr(Opcode::ROR); return true;
    case IrOp::Not: alu(Opcode::NOT, in.size, def(i), val(s0)); return true;
    case IrOp::Neg: alu(Opcode::NEG, in.size, def(i), val(s0)); return true;
    case IrOp::Mul: put(Opcode::MUL, def(i), val(s0), val(s1)); return true;
    case IrOp::MulU:
    case IrOp::MulS: {
        const bool sgn = in.op == IrOp::MulS;
        if (in.size == 4) {
            const RegId a = val(s0), b = val(s1);
            if (needed(i, 0)) put(Opcode::MUL, def(i, 0), a, b);
            if (needed(i, 1)) put(sgn ? Opcode::MULHS : Opcode::MULHU, def(i, 1), a, b);
            return true;
        }
        const Opcode ext = sgn ? Opcode::SXT : Opcode::ZXT;
        const RegId a = fresh(), b = fresh(), p = fresh();
        alu(ext, in.size, a, val(s0));
        alu(ext, in.size, b, val(s1));
        put(Opcode::MUL, p, a, b);
        if (needed(i, 0)) alu(Opcode::ZXT, in.size, def(i, 0), p);
        if (needed(i, 1)) field(Opcode::EXTU, def(i, 1), p, 8 * in.size, 8 * in.size);
        return true;
    }
    case IrOp::Sext:
    case IrOp::Zext:
        if (in.size == 4)
            put(Opcode::MOV, def(i), val(s0));
        else
            alu(in.op == IrOp::Sext ? Opcode::SXT : Opcode::ZXT, in.size, def(i), val(s0));
        return true;
    case IrOp::Bswap: put(Opcode::BSWAP, def(i), val(s0)); return true;
    case IrOp::Bsf:
    case IrOp::Bsr: {
        // The IR gives 0 for a zero source (the lifter leaves the register alone then).
        const RegId x = val(s0), t = fresh();
        put(in.op == IrOp::Bsf ? Opcode::CTZ : Opcode::CLZ, t, x);
        RegId r = t;
        if (in.op == IrOp::Bsr) imm12(Opcode::XORI, r = fresh(), t, 31);
        put(Opcode::SEL, def(i), r, konst(0), x);
        return true;
    }
    case IrOp::CmpEq:
    case IrOp::CmpNe:
    case IrOp::CmpLtU:
    case IrOp::CmpLeU:
    case IrOp::CmpLtS:
    case IrOp::CmpLeS: {
        using vliw::CmpCond;
        CmpCond cc = in.op == IrOp::CmpEq    ? CmpCond::EQ
                     : in.op == IrOp::CmpNe  ? CmpCond::NE
                     : in.op == IrOp::CmpLtU ? CmpCond::LTU
                     : in.op == IrOp::CmpLeU ? CmpCond::LEU
                     : in.op == IrOp::CmpLtS ? CmpCond::LT
                                             : CmpCond::LE;
        RegId a = val(s0), b = val(s1);
        if ((in.op == IrOp::CmpLtS || in.op == IrOp::CmpLeS) && in.size != 4) {
            RegId x = fresh(), y = fresh();
            alu(Opcode::SXT, in.size, x, a);
            alu(Opcode::SXT, in.size, y, b);
            a = x, b = y;
        }
        at(put(Opcode::SCMP, def(i), a, b)).cc = uint8_t(cc);
        return true;
    }
    case IrOp::Shld:
    case IrOp::Shrd: {
        if (in.size != 4) return unsupported(i, "only at 32 bits");
        const bool left = in.op == IrOp::Shld;
        const RegId a = val(s0), b = val(s1), t1 = fresh(), t2 = fresh();
        if (const_of(A.s(i, 2), k) && k > 0 && k < 32) {
            imm12(left ? Opcode::SHLI : Opcode::SHRI, t1, a, int32_t(k));
            imm12(left ? Opcode::SHRI : Opcode::SHLI, t2, b, int32_t(32 - k));
        } else {
            const RegId c = val(A.s(i, 2)), inv = fresh();
            alu(left ? Opcode::SHL : Opcode::SHR, 4, t1, a, c);
            alu(Opcode::SUB, 4, inv, konst(32), c);
            alu(left ? Opcode::SHR : Opcode::SHL, 4, t2, b, inv);
        }
        alu(Opcode::OR, 4, def(i), t1, t2);
        return true;
    }
    case IrOp::Rcl:
    case IrOp::Rcr: {
        // The atoms rotate through the flags register's CF: lend it.
        close_batch();
        const RegId save = fresh(), d = needed(i, 0) ? def(i, 0) : fresh();
        put(Opcode::RDFLAGS, save);
        put(Opcode::WRFLAGS, kNoReg, val(A.s(i, 2)));
        alu(in.op == IrOp::Rcl ? Opcode::RCL : Opcode::RCR, in.size, d, val(s0), val(s1), true);
        if (needed(i, 1)) {
            const RegId f = fresh();
            put(Opcode::RDFLAGS, f);
            field(Opcode::EXTU, def(i, 1), f, 0, 1);
        }
        put(Opcode::WRFLAGS, kNoReg, save);
        return true;
    }
    default: return unsupported(i, "no atoms for this op");
    }
}

// A flag computed as a 0/1 value without the flags register.
void Emitter::flag_value(unsigned i) {
    const RInst& in = A.in(i);
    const unsigned w = 8 * in.size;
    const RegId x = val(A.s(i, 0));
    auto zx = [&](RegId r) {
        if (in.size == 4) return r;
        RegId t = fresh();
        alu(Opcode::ZXT, in.size, t, r);
        return t;
    };
    auto sign_of = [&](RegId r) { field(Opcode::EXTU, def(i), r, w - 1, 1); };
    switch (in.op) {
    case IrOp::FlagZ:
        at(put(Opcode::SCMP, def(i), zx(x), konst(0))).cc = uint8_t(vliw::CmpCond::EQ);
        break;
    case IrOp::FlagS: sign_of(x); break;
    case IrOp::FlagP: {
        // Even parity of the low byte: fold to a nibble, look it up in 0x9669.
        const RegId b = fresh(), h = fresh(), f = fresh(), n = fresh(), l = fresh();
        field(Opcode::EXTU, b, x, 0, 8);
        imm12(Opcode::SHRI, h, b, 4);
        alu(Opcode::XOR, 4, f, b, h);
        imm12(Opcode::ANDI, n, f, 15);
        alu(Opcode::SHR, 4, l, konst(0x9669), n);
        imm12(Opcode::ANDI, def(i), l, 1);
        break;
    }
    case IrOp::FlagCAdd:
    case IrOp::FlagCSub: {
        const bool add = in.op == IrOp::FlagCAdd;
        const RegId y = val(A.s(i, 1));
        uint32_t k = 1;
        const bool no_cin = const_of(A.s(i, 2), k) && k == 0;
        const RegId c = no_cin ? kNoReg : val(A.s(i, 2));
        const Opcode op = add ? Opcode::ADD : Opcode::SUB;
        if (in.size != 4) {
            // Narrow: the carry or borrow shows in bit `w` of the 32-bit result.
            RegId t = fresh();
            alu(op, 4, t, zx(x), zx(y));
            if (!no_cin) {
                RegId t2 = fresh();
                alu(op, 4, t2, t, c);
                t = t2;
            }
            field(Opcode::EXTU, def(i), t, w, 1);
            break;
        }
        const RegId c1 = no_cin ? def(i) : fresh();
        if (add) {
            const RegId t = fresh();
            alu(Opcode::ADD, 4, t, x, y);
            at(put(Opcode::SCMP, c1, t, x)).cc = uint8_t(vliw::CmpCond::LTU);
            if (no_cin) break;
            const RegId t2 = fresh(), c2 = fresh();
            alu(Opcode::ADD, 4, t2, t, c);
            at(put(Opcode::SCMP, c2, t2, t)).cc = uint8_t(vliw::CmpCond::LTU);
            alu(Opcode::OR, 4, def(i), c1, c2);
        } else {
            at(put(Opcode::SCMP, c1, x, y)).cc = uint8_t(vliw::CmpCond::LTU);
            if (no_cin) break;
            const RegId t = fresh(), c2 = fresh();
            alu(Opcode::SUB, 4, t, x, y);
            at(put(Opcode::SCMP, c2, t, c)).cc = uint8_t(vliw::CmpCond::LTU);
            alu(Opcode::OR, 4, def(i), c1, c2);
        }
        break;
    }
    case IrOp::FlagOAdd:
    case IrOp::FlagOSub: {
        const RegId y = val(A.s(i, 1)), r = val(A.s(i, 2));
        const RegId t1 = fresh(), t2 = fresh(), t3 = fresh();
        if (in.op == IrOp::FlagOAdd) {
            alu(Opcode::XOR, 4, t1, x, r);
            alu(Opcode::XOR, 4, t2, y, r);
        } else {
            alu(Opcode::XOR, 4, t1, x, y);
            alu(Opcode::XOR, 4, t2, x, r);
        }
        alu(Opcode::AND, 4, t3, t1, t2);
        sign_of(t3);
        break;
    }
    case IrOp::FlagA: {
        const RegId t1 = fresh(), t2 = fresh();
        alu(Opcode::XOR, 4, t1, x, val(A.s(i, 1)));
        alu(Opcode::XOR, 4, t2, t1, val(A.s(i, 2)));
        field(Opcode::EXTU, def(i), t2, 4, 1);
        break;
    }
    default: break;
    }
}

// DivU/DivS. 32 bits: divq* is IA-32's divide, #DE included. 8/16 bits: a
// 32-bit divide, then a quotient range check that divides by zero (so the
// divider traps) when IA-32 would raise #DE.
bool Emitter::divide(unsigned i) {
    const RInst& in = A.in(i);
    const bool sgn = in.op == IrOp::DivS;
    const RegId hi = val(A.s(i, 0)), lo = val(A.s(i, 1)), dv = val(A.s(i, 2));
    const RegId q = needed(i, 0) ? def(i, 0) : fresh();
    if (in.size == 4) {
        put(sgn ? Opcode::DIVQS : Opcode::DIVQU, q, hi, lo, dv);
        if (needed(i, 1)) {
            const RegId t = fresh();
            put(Opcode::MUL, t, q, dv);
            alu(Opcode::SUB, 4, def(i, 1), lo, t);
        }
        return true;
    }
    const unsigned w = 8 * in.size;
    const RegId zh = fresh(), zl = fresh(), sh = fresh(), n0 = fresh(), d = fresh(), q0 = fresh();
    alu(Opcode::ZXT, in.size, zh, hi);
    alu(Opcode::ZXT, in.size, zl, lo);
    imm12(Opcode::SHLI, sh, zh, int32_t(w));
    alu(Opcode::OR, 4, n0, sh, zl);
    RegId n = n0;
    if (sgn && w == 8) alu(Opcode::SXT, 2, n = fresh(), n0);
    alu(sgn ? Opcode::SXT : Opcode::ZXT, in.size, d, dv);
    put(sgn ? Opcode::DIVS : Opcode::DIVU, q0, n, d);
    // In range iff the quotient equals itself extended from w bits.
    const RegId e = fresh(), ok = fresh();
    alu(sgn ? Opcode::SXT : Opcode::ZXT, in.size, e, q0);
    at(put(Opcode::SCMP, ok, e, q0)).cc = uint8_t(vliw::CmpCond::EQ);
    put(Opcode::DIVU, fresh(), ok, ok);
    alu(Opcode::ZXT, in.size, q, q0);
    if (needed(i, 1)) {
        const RegId t = fresh(), r = fresh();
        put(Opcode::MUL, t, q0, d);
        alu(Opcode::SUB, 4, r, n, t);
        alu(Opcode::ZXT, in.size, def(i, 1), r);
    }
    return true;
}

void Emitter::exit(unsigned i) {
    const RInst& in = A.in(i);
    close_batch();
    const RegionExit& e = A.r->exits[in.imm];
    // x87 state the exit commits: registers renamed in the region go back to
    // f0..f7 in the side exit's stub (on the main path for the final exit).
    std::vector<std::pair<RegId, RegId>> stub;
    if (x87) x87_flush(in.ctl == RegionCtl::ExitIf ? &stub : nullptr);
    if (e.kind == ExitKind::Indirect) put(Opcode::MOV, reg::kExitTarget, val(A.exit_target[i]));
    if (e.kind == ExitKind::Indirect && in.ctl == RegionCtl::Exit && indirect_table) {
        indirect_lookup(i, val(A.exit_target[i]));
        return;
    }
    unsigned k;
    if (in.ctl == RegionCtl::Exit) {
        // The committed-instruction count (backend.hpp); a side exit's stub
        // gets its own increment (encode.cpp).
        if (e.guest_insns) at(put(Opcode::ADDI, reg::kInsnCount, reg::kInsnCount)).imm = int32_t(e.guest_insns);
        k = put(Opcode::EXIT);
        at(k).imm = int32_t(in.imm);
        out.atoms[k].kind = VAtom::Kind::Exit;
    } else {
        const Val c = A.s(i, 0);
        const RInst& cd = A.def(c);
        if (A.exit_if_zero[i]) {
            k = put(Opcode::BZ, kNoReg, val(c));
        } else if (A.exit_cc[i] >= 0) {
            k = put(Opcode::BCC);
            at(k).cc = uint8_t(A.exit_cc[i]);
        } else if (!(c & 1) && cd.ctl == RegionCtl::None && cd.op == IrOp::Cond &&
            A.cond_direct[unsigned(c) >> 1]) {
            k = put(Opcode::BCC);
            at(k).cc = uint8_t(cd.imm);
        } else {
            k = put(Opcode::BNZ, kNoReg, val(c));
        }
        out.atoms[k].kind = VAtom::Kind::ExitBranch;
        out.atoms[k].exit_insns = e.guest_insns;
        out.atoms[k].stub_moves = std::move(stub);
        out.atoms[k].stub_fchk = stub_fchk;
        stub_fchk = 0;
    }
    out.atoms[k].exit = uint16_t(in.imm);
}

/// The final Indirect exit through the lookup table (backend.hpp):
///   li a, table ; dep a, target, 3, bits       (a = the target's entry)
///   ldc.w tag, [a] ; addi a4, a, 4 ; ldc.w to, [a4]
///   sub d, tag, target ; bnz d -> stub {addi r47 ; exit N ; commit}   (miss)
///   addi r47, r47, n ; jr to ; commit                                (hit)
/// None of it touches guest state or can fault (the address stays inside
/// the table), so the scheduler may overlap it with the region's body; the
/// flags register is not used (it holds guest flags).
void Emitter::indirect_lookup(unsigned i, RegId target) {
    const RInst& in = A.in(i);
    const RegionExit& e = A.r->exits[in.imm];
    const RegId a = fresh(), a4 = fresh(), tag = fresh(), to = fresh(), d = fresh();
    load_const(a, indirect_table);
    field(Opcode::DEP, a, target, 3, kIndirectTableBits);
    at(put(Opcode::LDC, tag, a)).size = szc(4);
    imm12(Opcode::ADDI, a4, a, 4);
    at(put(Opcode::LDC, to, a4)).size = szc(4);
    alu(Opcode::SUB, 4, d, tag, target);
    unsigned k = put(Opcode::BNZ, kNoReg, d);
    out.atoms[k].kind = VAtom::Kind::ExitBranch;
    out.atoms[k].exit_insns = e.guest_insns;
    out.atoms[k].exit = uint16_t(in.imm);
    if (e.guest_insns) at(put(Opcode::ADDI, reg::kInsnCount, reg::kInsnCount)).imm = int32_t(e.guest_insns);
    k = put(Opcode::JR, kNoReg, to);
    out.atoms[k].kind = VAtom::Kind::Exit;
    out.atoms[k].exit = uint16_t(in.imm);
}

bool Emitter::node(unsigned i) {
    const RInst& in = A.in(i);
    insn = in.insn;
    if (in.ctl != RegionCtl::None) {
        exit(i);
        return true;
    }
    if (A.fuse[i] == FuseOp::Test && !testing) {
        close_batch();
        testing = true;
        const bool ok = node(i);
        testing = false;
        if (!ok) return false;
        const RegId v = val(Val(2 * i));
        alu(Opcode::TEST, in.size, kNoReg, v, v);
        return true;
    }
    if (A.fuse[i] != FuseOp::None && A.fuse[i] != FuseOp::Test) {
        fused(i);
        return true;
    }
    if (x86::ir_info(in.op).fp) return fp(i);
    const Val s0 = A.s(i, 0);
    switch (in.op) {
    case IrOp::Const: return true; // materialised at first use
    case IrOp::GetReg:
        if (in.size == 4) {
            if (A.alias_ok[i])
                vr[2 * i] = RegId(in.imm);
            else
                put(Opcode::MOV, def(i), RegId(in.imm));
        } else if (in.size == 2) {
            field(Opcode::EXTU, def(i), RegId(in.imm), 0, 16);
        } else {
            field(Opcode::EXTU, def(i), RegId(in.imm & 3), in.imm >= 4 ? 8 : 0, 8);
        }
        return true;
    case IrOp::PutReg: {
        const RegId r = RegId(in.size == 1 ? in.imm & 3 : in.imm);
        uint32_t k;
        if (in.size == 4) {
            if (const_of(s0, k))
                load_const(r, k);
            else if (val(s0) != r)
                put(Opcode::MOV, r, val(s0));
        } else {
            field(Opcode::DEP, r, val(s0), in.size == 1 && in.imm >= 4 ? 8 : 0, 8 * in.size);
        }
        return true;
    }
    case IrOp::GetFlag:
        if (in.imm == unsigned(Flag::DF)) {
            put(Opcode::MOV, def(i), reg::kDF);
        } else {
            close_batch();
            const RegId f = fresh();
            put(Opcode::RDFLAGS, f);
            field(Opcode::EXTU, def(i), f, flag_pos(Flag(in.imm)), 1);
        }
        return true;
    case IrOp::PutFlag:
        if (A.dropped[i]) return true;
        if (in.imm == unsigned(Flag::DF)) {
            imm12(Opcode::ANDI, reg::kDF, val(s0), 1);
        } else {
            if (batch == kNoReg) put(Opcode::RDFLAGS, batch = fresh());
            field(Opcode::DEP, batch, val(s0), flag_pos(Flag(in.imm)), 1);
        }
        return true;
    case IrOp::GetSegBase:
        if (in.imm != x86::FS && in.imm != x86::GS) return unsupported(i, "only FS and GS");
        vr[2 * i] = in.imm == x86::FS ? reg::kFsBase : reg::kGsBase;
        return true;
    case IrOp::Load: {
        // A load the optimizer hoisted above stores it may alias: ldp.
        const bool prot = in.alias_reg != RInst::kNoAlias;
        const unsigned k = put(prot ? Opcode::LDP : Opcode::LD, def(i), val(s0));
        at(k).size = szc(in.size);
        at(k).areg = prot ? in.alias_reg : 0;
        return true;
    }
    case IrOp::Store: {
        if (fp_src[i] != ~0u) { // the first store of an FToBits value: fst
            const RInst& t = A.in(fp_src[i]);
            const uint32_t mask = fp_mask[i];
            const Opcode op = mask == 0 ? Opcode::FST : mask < (1u << 10) ? Opcode::FSTAM : Opcode::FSTAMX;
            const unsigned k = fput(op, kNoReg, val(fp_addr[i]), val(A.s(fp_src[i], 0)));
            at(k).size = FpFmt(t.imm & 0xff) == FpFmt::R32 ? 0 : 1;
            at(k).mask = mask;
            return true;
        }
        const Opcode op = in.alias_mask == 0           ? Opcode::ST
                          : in.alias_mask < (1u << 10) ? Opcode::STAM
                                                       : Opcode::STAMX;
        const unsigned k = put(op, kNoReg, val(s0), val(A.s(i, 1)));
        at(k).size = szc(in.size);
        at(k).mask = in.alias_mask;
        return true;
    }
    case IrOp::ProbeW: return true; // the region is atomic: a faulting store rolls it all back
    case IrOp::DivU:
    case IrOp::DivS: return divide(i);
    case IrOp::Select: {
        const Val c = s0;
        const RInst& cd = A.def(c);
        if (!(c & 1) && cd.ctl == RegionCtl::None && cd.op == IrOp::Cond &&
            A.cond_direct[unsigned(c) >> 1]) {
            close_batch();
            at(put(Opcode::SELCC, def(i), val(A.s(i, 1)), val(A.s(i, 2)))).cc = uint8_t(cd.imm);
        } else {
            put(Opcode::SEL, def(i), val(A.s(i, 1)), val(A.s(i, 2)), val(c));
        }
        return true;
    }
    case IrOp::Cond:
        if (A.cond_direct[i]) return true;
        close_batch();
        at(put(Opcode::SETCC, def(i))).cc = uint8_t(in.imm);
        return true;
    default:
        if (x86::ir_info(in.op).flag) {
            flag_value(i);
            return true;
        }
        return arith(i);
    }
}

} // namespace sel

using namespace sel;

bool select(const Region& r, Selected& out, BackendFailure& fail, uint32_t indirect_table,
            const X87Entry* x87) {
    Analysis A;
    unsigned bad = 0;
    if (!analyze(r, A, bad)) {
        fail.why = BackendFailure::Why::Malformed;
        fail.insn = bad < r.code.size() ? r.code[bad].insn : 0;
        fail.message = "region op " + std::to_string(bad) +
                       ": undefined vreg, bad exit index, or no final Exit";
        return false;
    }
    Emitter e(A, out, fail, indirect_table);
    e.absorbed.assign(A.n, false);
    for (unsigned i = 0; i < A.n && !e.x87; ++i)
        e.x87 = A.in(i).ctl == RegionCtl::None && x86::ir_info(A.in(i).op).fp;
    if (e.x87) {
        if (!x87) {
            fail.why = BackendFailure::Why::UnsupportedOp;
            fail.message = "x87 ops without the x87 entry state";
            return false;
        }
        e.top = x87->top & 7;
        e.empty = x87->empty;
        e.ctl_reg = e.ctl_now();
        for (unsigned p = 0; p < 8; ++p)
            e.cur[p] = RegId(kFpr0 + p);
        e.fp_addr.assign(A.n, -1);
        e.fp_areg.assign(A.n, RInst::kNoAlias);
        e.fp_mask.assign(A.n, 0);
        e.fp_src.assign(A.n, ~0u);
        e.fp_same.assign(A.n, -1);
        e.fcmp_flags.assign(A.n, false);
        plan_x87_memory(e);
        e.x87_guard();
    } else {
        e.fp_src.assign(A.n, ~0u);
    }
    for (unsigned i = 0; i < A.n; ++i)
        if (A.needed[i] && !e.absorbed[i] && !e.node(i)) return false;
    return true;
}

} // namespace cm::morph::backend
