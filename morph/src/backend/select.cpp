// Atom selection: region IR -> atoms over virtual registers, in program
// order. Guest registers are read in place where analysis.cpp allows it;
// flag computations fold into flag-producing atoms where it found a match,
// and are computed explicitly (without touching the flags register) where
// not. Constants are materialised once, at their first use as a register.
#include <map>

#include "analysis.hpp"
#include "internal.hpp"
#include "x86/x87.hpp"

namespace cm::morph::backend {

using vliw::Opcode;
using x86::Flag;
using x86::FpBin;
using x86::FpConst;
using x86::FpEnv;
using x86::FpFmt;
using x86::FpUn;
using x86::IrOp;

namespace {

uint8_t szc(unsigned bytes) {
    return bytes == 1 ? 0 : bytes == 2 ? 1 : 2;
}
bool fits(int64_t v, unsigned bits) {
    return v >= -(int64_t(1) << (bits - 1)) && v < (int64_t(1) << (bits - 1));
}
uint8_t flag_pos(Flag f) {
    return uint8_t(__builtin_ctz(x86::flag_bit(f)));
}

struct Emitter {
    Emitter(const Analysis& an, Selected& o, BackendFailure& f, uint32_t table)
        : A(an), out(o), fail(f), vr(2 * an.n, kNoReg), indirect_table(table) {}

    const Analysis& A;
    Selected& out;
    BackendFailure& fail;
    std::vector<RegId> vr;          // per value: its register
    std::map<uint32_t, RegId> kreg; // materialised constants
    uint16_t insn = 0;
    RegId batch = kNoReg; // rdflags'd register collecting PutFlags
    uint32_t indirect_table = 0; // BackendOptions::indirect_table
    bool testing = false; // emitting a FuseOp::Test node itself (its test follows)

    RegId fresh() { return out.next_virt++; }

    unsigned put(Opcode op, RegId rd = kNoReg, RegId rs = kNoReg, RegId rt = kNoReg,
                 RegId ru = kNoReg) {
        VAtom v;
        v.a.op = op;
        v.rd = rd;
        v.rs = rs;
        v.rt = rt;
        v.ru = ru;
        v.insn = insn;
        out.atoms.push_back(v);
        return unsigned(out.atoms.size() - 1);
    }
    vliw::Atom& at(unsigned i) { return out.atoms[i].a; }

    void alu(Opcode op, unsigned bytes, RegId rd, RegId rs, RegId rt = kNoReg, bool f = false) {
        unsigned i = put(op, rd, rs, rt);
        at(i).size = szc(bytes);
        at(i).setflags = f;
    }
    void imm12(Opcode op, RegId rd, RegId rs, int32_t k) { at(put(op, rd, rs)).imm = k; }
    void field(Opcode op, RegId rd, RegId rs, unsigned pos, unsigned len) {
        unsigned i = put(op, rd, rs);
        at(i).pos = uint8_t(pos);
        at(i).len = uint8_t(len);
    }
    void load_const(RegId rd, uint32_t k) {
        const bool small = fits(int32_t(k), 18);
        at(put(small ? Opcode::MOVI : Opcode::LI, rd)).imm = int32_t(k);
    }
    RegId konst(uint32_t k) {
        auto it = kreg.find(k);
        if (it != kreg.end()) return it->second;
        RegId r = fresh();
        load_const(r, k);
        kreg.emplace(k, r);
        return r;
    }
    /// The register holding value v (constants on demand).
    RegId val(Val v) {
        if (vr[v] != kNoReg) return vr[v];
        const RInst& d = A.def(v);
        if (d.ctl == RegionCtl::None && d.op == IrOp::Const) return konst(d.imm);
        return vr[v] = fresh(); // unreachable for well-formed regions (dead producer)
    }
    /// A constant operand: its value if v is a Const.
    bool const_of(Val v, uint32_t& k) const {
        const RInst& d = A.def(v);
        if (v < 0 || (v & 1) || d.ctl != RegionCtl::None || d.op != IrOp::Const) return false;
        k = d.imm;
        return true;
    }
    RegId def(unsigned node, unsigned k = 0) { return vr[2 * node + k] = fresh(); }
    bool needed(unsigned node, unsigned k) const { return A.value_needed(Val(2 * node + k)); }

    void close_batch() {
        if (batch == kNoReg) return;
        put(Opcode::WRFLAGS, kNoReg, batch);
        batch = kNoReg;
    }

    bool unsupported(unsigned node, const char* why) {
        fail.why = BackendFailure::Why::UnsupportedOp;
        fail.insn = A.in(node).insn;
        fail.op = A.in(node).op;
        fail.message = std::string(x86::ir_info(A.in(node).op).name) + ": " + why;
        return false;
    }

    // ---- x87 (backend.hpp): the stack resolved at translation time ------
    bool x87 = false;        ///< the region has x87 ops (and X87Entry was given)
    unsigned top = 0;        ///< TOP before the current node
    uint8_t empty = 0xff;    ///< empty physical registers before the current node
    uint32_t ctl_reg = 0;    ///< x87_ctl value in kX87Ctl (as of the last exit)
    RegId cur[8] = {};       ///< register holding physical R0..R7's value now
    std::vector<bool> absorbed; ///< nodes emitted as part of another (fld/fst, env)
    std::vector<Val> fp_addr;   ///< per FFromBits/Store node absorbing loads/FToBits: address
    std::vector<uint8_t> fp_areg; ///< per FFromBits node: alias register of its fldp
    std::vector<uint32_t> fp_mask; ///< per fst Store node: alias mask of its fstam
    std::vector<unsigned> fp_src;  ///< per fst Store node: its FToBits node
    std::vector<int> fp_same;      ///< per FFromBits node: the earlier one whose fld it shares
    std::vector<bool> fcmp_flags;  ///< per FCmp node: fcomi's flags straight from the fcmp atom
    int last_wfs_insn = -1;  ///< guest instruction of the last atom that wrote fsr
    bool c1_clear = false;   ///< the last x87 instruction leaves C1 = 0 but fsr may hold 1
    bool fsr_dirty = false;  ///< fsr written since the last fchk
    uint16_t stub_fchk = 0;  ///< fchk mask for the side exit being emitted
    bool env_fip = false, env_fop = false, env_fdp = false;
    uint32_t fip = 0, fop = 0, fds_code = 0;
    RegId fdp = kNoReg;

    unsigned phys(uint32_t st) const { return (top + (st & 7)) & 7; }
    uint32_t ctl_now() const { return x87_ctl(x86::fcw::kInit, top, false, empty); }
    unsigned fput(Opcode op, RegId rd = kNoReg, RegId rs = kNoReg, RegId rt = kNoReg) {
        const unsigned k = put(op, rd, rs, rt);
        if (vliw::atom_info(op)->props & vliw::P_WFS) {
            if (op != Opcode::FCMP && op != Opcode::FCMPO) last_wfs_insn = insn; // compares keep C1
            fsr_dirty = true;
        }
        return k;
    }
    void x87_guard();
    void x87_flush(std::vector<std::pair<RegId, RegId>>* stub);
    bool fp(unsigned i);

    bool node(unsigned i);
    bool arith(unsigned i);
    void fused(unsigned i);
    void flag_value(unsigned i);
    bool divide(unsigned i);
    void exit(unsigned i);
    void indirect_lookup(unsigned i, RegId target);
};

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

/// Entry guard: the x87 state is the one the translation was made for.
void Emitter::x87_guard() {
    const RegId t = fresh(), d = fresh();
    load_const(t, ctl_reg);
    alu(Opcode::SUB, 4, d, reg::kX87Ctl, t);
    const unsigned k = put(Opcode::BNZ, kNoReg, d);
    out.atoms[k].kind = VAtom::Kind::ExitBranch;
    out.atoms[k].exit = kX87GuardExit;
    out.atoms[k].exit_insns = 0;
}

/// What an exit commits of the x87 state beyond f0..f7's values: the stack
/// shape (kX87Ctl), the last instruction's environment, C1, and the check
/// that no atom raised IE or DE. Renamed registers' values go to f0..f7:
/// into `stub` (a side exit's stub) or, for the final exit, on the path.
void Emitter::x87_flush(std::vector<std::pair<RegId, RegId>>* stub) {
    const uint32_t ctl = ctl_now();
    if (ctl != ctl_reg) {
        load_const(reg::kX87Ctl, ctl);
        ctl_reg = ctl;
    }
    if (env_fip) load_const(reg::kX87Fip, fip);
    if (env_fop) {
        const uint32_t v = fop | 0x800u | fds_code << 12;
        if (fds_code)
            load_const(reg::kX87Fop, v);
        else
            field(Opcode::DEP, reg::kX87Fop, konst(v), 0, 12); // FDS as it was
    }
    if (env_fdp) put(Opcode::MOV, reg::kX87Fdp, fdp);
    env_fip = env_fop = env_fdp = false;
    fds_code = 0;
    if (c1_clear) {
        const RegId t = fresh(), u = fresh();
        fput(Opcode::RFSR, t);
        imm12(Opcode::ANDI, u, t, 0x3f);
        fput(Opcode::WFSR, kNoReg, u);
        c1_clear = false;
    }
    // IE or DE raised: a side exit's stub checks (off the main path; the
    // flags stay to be checked again at later exits), the final exit here.
    if (fsr_dirty && stub) {
        stub_fchk = x86::fsw::IE | x86::fsw::DE;
    } else if (fsr_dirty) {
        at(put(Opcode::FCHK)).imm = x86::fsw::IE | x86::fsw::DE;
        fsr_dirty = false;
    }
    // Values still in another guest FP register are copied first: the
    // moves are made one after another.
    for (unsigned p = 0; p < 8; ++p) {
        if (cur[p] == RegId(kFpr0 + p)) continue;
        if (is_fpr(cur[p])) {
            const RegId t = fresh();
            put(Opcode::FMOV, t, cur[p]);
            for (unsigned q = p; q < 8; ++q)
                if (cur[q] == cur[p] && q != p) cur[q] = t;
            cur[p] = t;
        }
    }
    for (unsigned p = 0; p < 8; ++p) {
        if (cur[p] == RegId(kFpr0 + p)) continue;
        if (stub) {
            stub->push_back({RegId(kFpr0 + p), cur[p]});
        } else {
            put(Opcode::FMOV, RegId(kFpr0 + p), cur[p]);
            cur[p] = RegId(kFpr0 + p);
        }
    }
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
    case IrOp::FlagZ:
    case IrOp::FlagS:
    case IrOp::FlagP:
    case IrOp::FlagCAdd:
    case IrOp::FlagCSub:
    case IrOp::FlagOAdd:
    case IrOp::FlagOSub:
    case IrOp::FlagA: flag_value(i); return true;
    default: return arith(i);
    }
}

// An x87 op. The register stack is renamed: cur[p] holds physical register
// p's value (f0..f7 at entry, temporaries after writes), so loads, stores
// and moves between stack slots cost no atoms; exits put the values back.
bool Emitter::fp(unsigned i) {
    const RInst& in = A.in(i);
    auto src = [&](unsigned k) { return val(A.s(i, k)); };
    switch (in.op) {
    case IrOp::FWait:  // the guard: no pending exception
    case IrOp::FCheck: // the guard: every exception masked
        return true;
    case IrOp::FStkChk: {
        // Resolved at translation time: a fault leaves the region first.
        for (unsigned k = 0; k < 8; ++k) {
            const bool is_empty = (empty >> phys(k)) & 1;
            if ((((in.imm >> k) & 1) && is_empty) || (((in.imm >> (8 + k)) & 1) && !is_empty))
                return unsupported(i, "x87 stack underflow or overflow");
        }
        return true; // its value is 0: only FSel reads it (below)
    }
    case IrOp::FSel: {
        const RInst& c = A.def(A.s(i, 0));
        if (c.ctl != RegionCtl::None || c.op != IrOp::FStkChk) return unsupported(i, "fcmov");
        vr[2 * i] = src(2); // no stack fault: the value, not the indefinite
        return true;
    }
    case IrOp::FGetSt: {
        if (in.imm & x86::kFpRaw) return unsupported(i, "raw x87 register read");
        const unsigned p = phys(in.imm);
        if ((empty >> p) & 1) return unsupported(i, "reads an empty x87 register");
        vr[2 * i] = cur[p];
        return true;
    }
    case IrOp::FPutSt: {
        const unsigned p = phys(in.imm);
        cur[p] = src(0);
        empty &= uint8_t(~(1u << p));
        return true;
    }
    case IrOp::FTop: top = (top + in.imm) & 7; return true;
    case IrOp::FFree: empty |= uint8_t(1u << phys(in.imm)); return true;
    case IrOp::FConst: {
        static constexpr int8_t kIndex[] = {1, 3, 4, 2, 5, 6, 0, -1}; // FpConst -> fconst
        const int k = kIndex[in.imm & 7];
        if (k < 0) return true; // the indefinite: only the stack-fault FSel names it
        at(fput(Opcode::FCONST, def(i))).cc = uint8_t(k);
        return true;
    }
    case IrOp::FArith: {
        const RegId a = src(0), b = src(1), d = def(i);
        switch (FpBin(in.imm)) {
        case FpBin::Add: fput(Opcode::FADD, d, a, b); return true;
        case FpBin::Sub: fput(Opcode::FSUB, d, a, b); return true;
        case FpBin::SubR: fput(Opcode::FSUB, d, b, a); return true;
        case FpBin::Mul: fput(Opcode::FMUL, d, a, b); return true;
        case FpBin::Div: fput(Opcode::FDIV, d, a, b); return true;
        case FpBin::DivR: fput(Opcode::FDIV, d, b, a); return true;
        default: return unsupported(i, "no atoms for this x87 operation");
        }
    }
    case IrOp::FUnary: {
        const RegId a = src(0), d = def(i);
        switch (FpUn(in.imm)) {
        case FpUn::Chs: fput(Opcode::FNEG, d, a); return true;
        case FpUn::Abs: fput(Opcode::FABS, d, a); return true;
        case FpUn::Sqrt: fput(Opcode::FSQRT, d, a); return true;
        case FpUn::Rndint: fput(Opcode::FRND, d, a); return true;
        default: return unsupported(i, "no atoms for this x87 operation");
        }
    }
    case IrOp::FFromBits:
        switch (FpFmt(in.imm & 0xff)) {
        case FpFmt::R32:
        case FpFmt::R64: {
            if (fp_same[i] >= 0) {
                vr[2 * i] = vr[2 * unsigned(fp_same[i])];
                return true;
            }
            if (fp_addr[i] < 0) return unsupported(i, "operand bytes not loaded from one address");
            const bool prot = fp_areg[i] != RInst::kNoAlias;
            const unsigned k = fput(prot ? Opcode::FLDP : Opcode::FLD, def(i), val(fp_addr[i]));
            at(k).size = FpFmt(in.imm & 0xff) == FpFmt::R32 ? 0 : 1;
            at(k).areg = prot ? fp_areg[i] : 0;
            return true;
        }
        case FpFmt::I32: fput(Opcode::I2F, def(i), src(0)); return true;
        case FpFmt::I16: {
            const RegId t = fresh();
            alu(Opcode::SXT, 2, t, src(0));
            fput(Opcode::I2F, def(i), t);
            return true;
        }
        default: return unsupported(i, "no atoms for this x87 memory format");
        }
    case IrOp::FToBits:
        if (FpFmt(in.imm) == FpFmt::I32 && !needed(i, 1)) {
            fput(Opcode::F2I, def(i), src(0));
            return true;
        }
        return unsupported(i, "x87 store not to one address");
    case IrOp::FStatus:
        // C1: this instruction's rounding atom set it, or it must read 0.
        if (in.imm & x86::kFpC1)
            c1_clear = last_wfs_insn != int(in.insn);
        else if (last_wfs_insn == int(in.insn))
            return unsupported(i, "an atom would change C1");
        return true;
    case IrOp::FCmp: {
        const Opcode op = in.imm ? Opcode::FCMP : Opcode::FCMPO; // imm 1: unordered (fucom*)
        close_batch();
        if (fcmp_flags[i]) { // fcomi: ZF PF CF from the compare, OF SF AF = 0
            fput(op, kNoReg, src(0), src(1));
            return true;
        }
        // The condition codes as a value (C0 C2 C3 in status-word layout);
        // the guest's flags are lent to the atom and put back.
        const RegId save = fresh(), f = fresh(), z = fresh(), p = fresh(), c = fresh(), t1 = fresh(),
                    t2 = fresh();
        put(Opcode::RDFLAGS, save);
        fput(op, kNoReg, src(0), src(1));
        put(Opcode::RDFLAGS, f);
        put(Opcode::WRFLAGS, kNoReg, save);
        field(Opcode::EXTU, c, f, 0, 1);
        field(Opcode::EXTU, p, f, 2, 1);
        field(Opcode::EXTU, z, f, 6, 1);
        imm12(Opcode::SHLI, t1, c, 8);
        field(Opcode::DEP, t1, p, 10, 1);
        put(Opcode::MOV, t2, t1);
        field(Opcode::DEP, t2, z, 14, 1);
        vr[2 * i] = t2;
        return true;
    }
    case IrOp::FSetCc: { // kX87Sw's C0 C2 C3 (those of the mask) = the value's
        const RegId keep = fresh(), put_bits = fresh();
        alu(Opcode::AND, 4, keep, reg::kX87Sw, konst(~in.imm));
        alu(Opcode::AND, 4, put_bits, src(0), konst(in.imm & (x86::fsw::C0 | x86::fsw::C2 | x86::fsw::C3)));
        alu(Opcode::OR, 4, reg::kX87Sw, keep, put_bits);
        return true;
    }
    case IrOp::FGetSw: { // kX87Sw (earlier IE, DE too) | fsr | TOP (ES and B are clear: the guard)
        RegId f = fresh();
        const RegId t = fresh();
        fput(Opcode::RFSR, f);
        if (c1_clear) { // C1 is 0 since the last instruction (fsr is cleared at the exit)
            const RegId g = fresh();
            imm12(Opcode::ANDI, g, f, 0x3f);
            f = g;
        }
        alu(Opcode::OR, 4, t, f, reg::kX87Sw);
        if (top) {
            const RegId u = fresh();
            alu(Opcode::OR, 4, u, t, konst(uint32_t(top) << 11));
            vr[2 * i] = u;
        } else {
            vr[2 * i] = t;
        }
        return true;
    }
    case IrOp::FGetCw: vr[2 * i] = konst(x86::fcw::kInit); return true;
    case IrOp::FSetEnv:
        switch (FpEnv(in.imm)) {
        case FpEnv::Fip: {
            uint32_t k;
            if (!const_of(A.s(i, 0), k)) return unsupported(i, "FIP not a constant");
            fip = k;
            env_fip = true;
            return true;
        }
        case FpEnv::FcsFop: {
            // Or(GetSeg CS, fop << 16): the selectors do not change in
            // translated code (mov sreg is not translated), so the CMS
            // fills FCS in from CS when it stores the state.
            const RInst& o = A.def(A.s(i, 0));
            uint32_t k;
            if (o.ctl != RegionCtl::None || o.op != IrOp::Or || !const_of(A.s(unsigned(A.s(i, 0)) >> 1, 1), k))
                return unsupported(i, "FCS:FOP not CS and a constant");
            fop = (k >> 16) & 0x7ff;
            env_fop = true;
            return true;
        }
        case FpEnv::Fdp: {
            // Kept in a value of its own: a guest register read in place
            // may change before the exit that commits FDP.
            fdp = src(0);
            if (!is_virt(fdp)) {
                const RegId t = fresh();
                put(Opcode::MOV, t, fdp);
                fdp = t;
            }
            env_fdp = true;
            return true;
        }
        case FpEnv::Fds: {
            const RInst& g = A.def(A.s(i, 0));
            if (g.ctl != RegionCtl::None || g.op != IrOp::GetSeg) return unsupported(i, "FDS not a selector");
            fds_code = g.imm + 1;
            return true;
        }
        }
        return unsupported(i, "x87 environment field");
    default: return unsupported(i, "x87 control, status, tag or environment access");
    }
}

/// Memory operands of x87 instructions: an FFromBits (m32/m64) whose bytes
/// come from loads at a and a+4 used by nothing else becomes one `fld` at
/// a; an FToBits (m32/m64) whose words go only to stores at a and a+4
/// becomes one `fst` at the first store. The selector reads that feed only
/// FSetEnv are absorbed too (see FcsFop, Fds).
void plan_x87_memory(Emitter& e) {
    const Analysis& A = e.A;
    auto node_of = [&](Val v) { return unsigned(v) >> 1; };
    auto is = [&](Val v, IrOp op) {
        const RInst& d = A.def(v);
        return !(v & 1) && d.ctl == RegionCtl::None && d.op == op;
    };
    // base + constant offset of an address value
    auto parts = [&](Val v, Val& base, uint32_t& off) {
        off = 0;
        base = v;
        for (int depth = 0; depth < 4 && is(base, IrOp::Add); ++depth) {
            uint32_t k;
            const unsigned n = node_of(base);
            if (e.const_of(A.s(n, 1), k)) {
                off += k;
                base = A.s(n, 0);
            } else if (e.const_of(A.s(n, 0), k)) {
                off += k;
                base = A.s(n, 1);
            } else {
                break;
            }
        }
    };
    auto at_plus = [&](Val a, Val b, uint32_t d) { // b == a + d?
        Val ba, bb;
        uint32_t oa, ob;
        parts(a, ba, oa);
        parts(b, bb, ob);
        return ba == bb && ob - oa == d;
    };
    for (unsigned i = 0; i < A.n; ++i) {
        const RInst& in = A.in(i);
        if (in.ctl != RegionCtl::None || !A.needed[i]) continue;
        if (in.op == IrOp::FFromBits) {
            const FpFmt f = FpFmt(in.imm & 0xff);
            if (f != FpFmt::R32 && f != FpFmt::R64) continue;
            const Val lo = A.s(i, 0), hi = f == FpFmt::R64 ? A.s(i, 1) : -1;
            if (e.fp_addr[i] >= 0 || e.fp_same[i] >= 0) continue; // a follower (below)
            // The loads' values go only to FFromBits of the same bytes
            // (redundant loads were merged): one fld, its value shared.
            auto same = [&](unsigned u) {
                const RInst& x = A.in(u);
                return x.ctl == RegionCtl::None && x.op == IrOp::FFromBits && (x.imm & 0xff) == (in.imm & 0xff) &&
                       A.s(u, 0) == lo && (hi < 0 || A.s(u, 1) == hi);
            };
            auto only_same = [&](Val v) {
                for (unsigned u : A.uses[v])
                    if (!same(u)) return false;
                return true;
            };
            if (!is(lo, IrOp::Load) || A.def(lo).size != 4 || !only_same(lo)) continue;
            const Val a = A.s(node_of(lo), 0);
            uint8_t areg = A.def(lo).alias_reg;
            if (hi >= 0) {
                if (!is(hi, IrOp::Load) || A.def(hi).size != 4 || !only_same(hi)) continue;
                if (!at_plus(a, A.s(node_of(hi), 0), 4) || A.def(hi).alias_reg != areg) continue;
                e.absorbed[node_of(hi)] = true;
            }
            e.absorbed[node_of(lo)] = true;
            e.fp_addr[i] = a;
            e.fp_areg[i] = areg;
            for (unsigned u : A.uses[lo])
                if (u != i) e.fp_same[u] = int(i);
        } else if (in.op == IrOp::FToBits) {
            const FpFmt f = FpFmt(in.imm);
            if (f != FpFmt::R32 && f != FpFmt::R64) continue;
            const Val lo = Val(2 * i), hi = f == FpFmt::R64 ? Val(2 * i + 1) : -1;
            if (A.uses[lo].size() != 1) continue;
            const unsigned s1 = A.uses[lo][0];
            const RInst& st1 = A.in(s1);
            if (st1.ctl != RegionCtl::None || st1.op != IrOp::Store || st1.size != 4 || A.s(s1, 1) != lo) continue;
            uint32_t mask = st1.alias_mask;
            if (hi >= 0) {
                if (A.uses[hi].size() != 1) continue;
                const unsigned s2 = A.uses[hi][0];
                const RInst& st2 = A.in(s2);
                if (s2 <= s1 || st2.ctl != RegionCtl::None || st2.op != IrOp::Store || st2.size != 4 ||
                    A.s(s2, 1) != hi || !at_plus(A.s(s1, 0), A.s(s2, 0), 4))
                    continue;
                bool between = false; // nothing else touches memory between the two
                for (unsigned j = s1 + 1; j < s2; ++j) {
                    const RInst& x = A.in(j);
                    between = between || x.ctl != RegionCtl::None ||
                              (x.ctl == RegionCtl::None && (x.op == IrOp::Load || x.op == IrOp::Store));
                }
                if (between) continue;
                mask |= st2.alias_mask;
                e.absorbed[s2] = true;
            }
            e.absorbed[i] = true;
            e.fp_src[s1] = i;
            e.fp_addr[s1] = A.s(s1, 0);
            e.fp_mask[s1] = mask;
        } else if (in.op == IrOp::FCmp) {
            // fcomi: cc >> 14, 10, 8 go only to PutFlag ZF, PF, CF, and the
            // instruction puts OF SF AF = 0: the fcmp atom's own flags.
            const Val cc = Val(2 * i);
            static constexpr struct {
                uint32_t shift;
                Flag flag;
            } kBits[] = {{14, Flag::ZF}, {10, Flag::PF}, {8, Flag::CF}};
            std::vector<unsigned> take;
            unsigned found = 0;
            for (unsigned u : A.uses[cc]) {
                const RInst& x = A.in(u);
                uint32_t k;
                if (x.ctl != RegionCtl::None || x.op != IrOp::Shr || A.s(u, 0) != cc || !e.const_of(A.s(u, 1), k))
                    break;
                for (unsigned b = 0; b < 3; ++b) {
                    if (k != kBits[b].shift || A.uses[Val(2 * u)].size() != 1) continue;
                    const unsigned pf = A.uses[Val(2 * u)][0];
                    const RInst& y = A.in(pf);
                    if (y.ctl == RegionCtl::None && y.op == IrOp::PutFlag && y.imm == unsigned(kBits[b].flag)) {
                        found |= 1u << b;
                        take.push_back(u);
                        take.push_back(pf);
                    }
                }
            }
            if (found != 7 || A.uses[cc].size() != 3) continue;
            unsigned zeros = 0;
            for (unsigned j = i + 1; j < A.n && A.in(j).insn == in.insn; ++j) {
                const RInst& y = A.in(j);
                uint32_t k;
                if (y.ctl == RegionCtl::None && y.op == IrOp::PutFlag &&
                    (y.imm == unsigned(Flag::OF) || y.imm == unsigned(Flag::SF) || y.imm == unsigned(Flag::AF)) &&
                    e.const_of(A.s(j, 0), k) && k == 0) {
                    ++zeros;
                    take.push_back(j);
                }
            }
            if (zeros != 3) continue;
            for (unsigned t : take)
                e.absorbed[t] = true;
            e.fcmp_flags[i] = true;
        } else if (in.op == IrOp::GetSeg) {
            // Only FSetEnv (directly, or through Or(GetSeg CS, fop) for FcsFop).
            bool env_only = !A.uses[Val(2 * i)].empty();
            for (unsigned u : A.uses[Val(2 * i)]) {
                const RInst& x = A.in(u);
                if (x.ctl != RegionCtl::None) env_only = false;
                else if (x.op == IrOp::FSetEnv) continue;
                else if (x.op == IrOp::Or) {
                    for (unsigned w : A.uses[Val(2 * u)]) {
                        const RInst& y = A.in(w);
                        if (y.ctl != RegionCtl::None || y.op != IrOp::FSetEnv) env_only = false;
                    }
                    if (env_only) e.absorbed[u] = true;
                } else {
                    env_only = false;
                }
            }
            if (env_only) e.absorbed[i] = true;
        }
    }
}

} // namespace

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
