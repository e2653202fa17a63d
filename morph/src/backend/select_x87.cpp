// Atom selection for x87 ops (see backend.hpp for the register convention,
// the entry guard and fchk): the stack is renamed onto FP temporaries at
// translation time, x87 memory operands become fld/fst, and exits put the
// x87 state back in f0..f7 and r42..r46.
#include "opt_common.hpp"
#include "select_emitter.hpp"

namespace cm::morph::backend::sel {

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
    // Addresses as base + constant offset (the optimizer's address forms;
    // region vregs are defined once, so one walk gives them all).
    opt::AddrForms forms(A.r->nvregs);
    for (unsigned i = 0; i < A.n; ++i)
        forms.define(A.in(i));
    auto at_plus = [&](Val a, Val b, uint32_t d) { // b == a + d?
        auto form = [&](Val v) { return forms.of(v & 1 ? A.def(v).dst2 : A.def(v).dst); };
        const opt::AddrForm fa = form(a), fb = form(b);
        return fa.base == fb.base && fb.off - fa.off == d;
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

} // namespace cm::morph::backend::sel
