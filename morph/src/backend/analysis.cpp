// Region analysis for atom selection. The interesting part is flag fusion:
// the lifter computes each x86 flag as its own IR value (FlagCAdd, FlagZ,
// ...) and PutFlag's it; the VLIW has atoms (addf.w, shlf.b, ...) that
// produce all of them in the flags register as a side effect. An op O and
// the PutFlags after it fold into one such atom when every folded PutFlag
// stores exactly the value the atom gives that flag, nothing reads the flags
// or leaves the region in between, and any flag the atom writes that the IR
// does not (a flag the optimizer found dead) is indeed dead there. A load or
// register read whose own flags are put (`test eax, eax` after a load: no
// And is left to fuse with) gets `testf v, v` after it (FuseOp::Test), and
// an ExitIf on the zero flag of a 32-bit value becomes `bz` on the value.
#include <algorithm>

#include "analysis.hpp"
#include "../opt_common.hpp"

namespace cm::morph::backend {

using x86::Flag;
using x86::IrOp;

namespace {

constexpr unsigned CF = fbit(Flag::CF), PF = fbit(Flag::PF), AF = fbit(Flag::AF),
                   ZF = fbit(Flag::ZF), SF = fbit(Flag::SF), OF = fbit(Flag::OF);

bool is_arith_flag(uint32_t f) {
    return f < 8 && (kArithFlags & (1u << f));
}

bool is_flag_op(IrOp op) {
    return x86::ir_info(op).flag;
}

bool fusable_op(IrOp op) {
    switch (op) {
    case IrOp::Add:
    case IrOp::Sub:
    case IrOp::And:
    case IrOp::Or:
    case IrOp::Xor:
    case IrOp::Shl:
    case IrOp::Shr:
    case IrOp::Sar:
    case IrOp::Rol:
    case IrOp::Ror: return true;
    default: return false;
    }
}

unsigned fuse_writes(FuseOp f) {
    switch (f) {
    case FuseOp::Inc:
    case FuseOp::Dec: return kArithFlags & ~CF;
    case FuseOp::Rol:
    case FuseOp::Ror: return CF | OF;
    case FuseOp::None: return 0;
    default: return kArithFlags;
    }
}

/// Matches IR flag values against what a fused atom produces.
struct Matcher {
    const Analysis& A;
    unsigned o;  // the op node
    FuseOp f;    // the candidate atom
    unsigned sz; // operand size in bytes
    Val a, b, res;
    uint32_t k = 0; // constant shift count

    const RInst& d(Val v) const { return A.def(v); }
    bool op_is(Val v, IrOp op, unsigned size = 0) const {
        if (v < 0 || (v & 1)) return false;
        const RInst& i = d(v);
        return i.ctl == RegionCtl::None && i.op == op && (size == 0 || i.size == size);
    }
    Val s(Val v, unsigned k) const { return A.s(unsigned(v) >> 1, k); }
    bool srcs(Val v, Val x, Val y, Val z) const {
        return s(v, 0) == x && s(v, 1) == y && (z == -2 || s(v, 2) == z);
    }
    bool konst(Val v, uint32_t c) const { return A.is_const(v, c); }
    bool msb_of(Val v, Val x) const { return op_is(v, IrOp::FlagS, sz) && s(v, 0) == x; }
    /// v = x shifted by constant c with IR op `op` at size `size`.
    bool shifted(Val v, IrOp op, unsigned size, Val x, uint32_t c) const {
        return op_is(v, op, size) && s(v, 0) == x && konst(s(v, 1), c);
    }
    bool xor_of(Val v, Val x, Val y) const {
        return op_is(v, IrOp::Xor, 4) &&
               ((s(v, 0) == x && s(v, 1) == y) || (s(v, 0) == y && s(v, 1) == x));
    }
    bool and1(Val v, Val x) const {
        return op_is(v, IrOp::And, 4) && s(v, 0) == x && konst(s(v, 1), 1);
    }

    bool produces(Flag fl, Val v) const {
        switch (fl) {
        case Flag::ZF: return op_is(v, IrOp::FlagZ, sz) && s(v, 0) == res;
        case Flag::SF: return msb_of(v, res);
        case Flag::PF: return op_is(v, IrOp::FlagP) && s(v, 0) == res;
        default: break;
        }
        switch (f) {
        case FuseOp::Add:
        case FuseOp::Inc:
            if (fl == Flag::CF)
                return op_is(v, IrOp::FlagCAdd, sz) && srcs(v, a, b, -2) && konst(s(v, 2), 0);
            if (fl == Flag::OF) return op_is(v, IrOp::FlagOAdd, sz) && srcs(v, a, b, res);
            return op_is(v, IrOp::FlagA) && srcs(v, a, b, res);
        case FuseOp::Sub:
        case FuseOp::Dec:
        case FuseOp::Neg:
            if (fl == Flag::CF)
                return op_is(v, IrOp::FlagCSub, sz) && srcs(v, a, b, -2) && konst(s(v, 2), 0);
            if (fl == Flag::OF) return op_is(v, IrOp::FlagOSub, sz) && srcs(v, a, b, res);
            return op_is(v, IrOp::FlagA) && srcs(v, a, b, res);
        case FuseOp::And:
        case FuseOp::Or:
        case FuseOp::Xor:
        case FuseOp::Test: return konst(v, 0);
        case FuseOp::Shl: {
            // last = d << (k - 1) at 32 bits; CF = its bit (size - 1); OF = CF ^ MSB(res).
            auto last = [&](Val w) { return shifted(w, IrOp::Shl, 4, a, k - 1); };
            if (fl == Flag::CF) return op_is(v, IrOp::FlagS, sz) && last(s(v, 0));
            if (fl == Flag::OF) {
                if (!op_is(v, IrOp::FlagS, sz)) return false;
                Val x = s(v, 0);
                return op_is(x, IrOp::Xor, 4) &&
                       ((s(x, 0) == res && last(s(x, 1))) || (s(x, 1) == res && last(s(x, 0))));
            }
            return konst(v, 0);
        }
        case FuseOp::Shr:
            if (fl == Flag::CF)
                return op_is(v, IrOp::And, 4) && konst(s(v, 1), 1) &&
                       shifted(s(v, 0), IrOp::Shr, sz, a, k - 1);
            // shrf gives OF = MSB(dest), which the lifter's formula equals only for count 1.
            if (fl == Flag::OF)
                return k == 1 && op_is(v, IrOp::FlagS, sz) &&
                       shifted(s(v, 0), IrOp::Shl, 4, res, 1);
            return konst(v, 0);
        case FuseOp::Sar:
            if (fl == Flag::CF)
                return op_is(v, IrOp::And, 4) && konst(s(v, 1), 1) &&
                       shifted(s(v, 0), IrOp::Sar, sz, a, k - 1);
            return konst(v, 0);
        case FuseOp::Rol:
            if (fl == Flag::CF) return and1(v, res);
            if (fl == Flag::OF)
                return op_is(v, IrOp::Xor, 4) && ((msb_of(s(v, 0), res) && and1(s(v, 1), res)) ||
                                                  (msb_of(s(v, 1), res) && and1(s(v, 0), res)));
            return false;
        case FuseOp::Ror:
            if (fl == Flag::CF) return msb_of(v, res);
            if (fl == Flag::OF) {
                if (!op_is(v, IrOp::FlagS, sz)) return false;
                Val x = s(v, 0);
                if (!op_is(x, IrOp::Xor, 4)) return false;
                return (s(x, 0) == res && shifted(s(x, 1), IrOp::Shl, 4, res, 1)) ||
                       (s(x, 1) == res && shifted(s(x, 0), IrOp::Shl, 4, res, 1));
            }
            return false;
        case FuseOp::None: break;
        }
        return false;
    }
};

/// Could node j become a flag-producing atom (it has flag computations on it)?
bool may_fuse(const Analysis& A, unsigned j) {
    const RInst& i = A.in(j);
    if (i.ctl != RegionCtl::None || !fusable_op(i.op)) return false;
    for (unsigned u : A.uses[2 * j])
        if (is_flag_op(A.in(u).op)) return true;
    return false;
}

/// Could node j be followed by `test v, v` for the flags computed from its
/// value (`test eax, eax` after `mov eax, [..]`: the optimizer leaves no
/// And node to fuse with)?
bool may_test(const Analysis& A, unsigned j) {
    const RInst& i = A.in(j);
    if (i.ctl != RegionCtl::None || (i.op != IrOp::Load && i.op != IrOp::GetReg)) return false;
    if (i.size != 1 && i.size != 2 && i.size != 4) return false;
    for (unsigned u : A.uses[2 * j])
        if (A.in(u).op == IrOp::FlagZ && A.in(u).size == i.size && A.s(u, 0) == Val(2 * j)) return true;
    return false;
}

bool reads_or_writes_flags(const Analysis& A, unsigned j) {
    const RInst& i = A.in(j);
    if (i.ctl != RegionCtl::None) return true;
    switch (i.op) {
    case IrOp::GetFlag: return is_arith_flag(i.imm);
    case IrOp::Cond:
    case IrOp::GetEflags:
    case IrOp::PutEflags:
    case IrOp::Rcl:
    case IrOp::Rcr: return true;
    default: return A.fuse[j] != FuseOp::None; // decided already: later nodes go first
    }
}

struct Group {
    bool ok = false;
    unsigned members = 0; // flags folded
    std::vector<unsigned> drops;
};

Group try_fuse(const Analysis& A, unsigned o, FuseOp f) {
    const RInst& in = A.in(o);
    Matcher m{A, o, f, in.size, A.s(o, 0), A.s(o, 1), Val(2 * o)};
    if (f == FuseOp::Shl || f == FuseOp::Shr || f == FuseOp::Sar || f == FuseOp::Rol ||
        f == FuseOp::Ror) {
        const RInst& c = A.def(m.b);
        m.k = c.imm;
    }
    const unsigned writes = fuse_writes(f);
    unsigned seen = 0, covered = 0;
    bool strong = false;
    Group g;
    unsigned j = o + 1;
    for (; j < A.n; ++j) {
        const RInst& i = A.in(j);
        if (reads_or_writes_flags(A, j)) break;
        if (i.ctl == RegionCtl::None && i.op == IrOp::PutFlag && is_arith_flag(i.imm)) {
            const Flag fl = static_cast<Flag>(i.imm);
            const unsigned bit = fbit(fl);
            if (seen & bit) continue; // a later write of a flag already handled
            seen |= bit;
            if ((writes & bit) && m.produces(fl, A.s(j, 0))) {
                g.members |= bit;
                g.drops.push_back(j);
                // A constant flag (AF = 0) alone does not tie the op to the group.
                if (!A.is_const(A.s(j, 0), 0)) strong = true;
            } else {
                covered |= bit; // written again explicitly after the atom
            }
        }
    }
    const unsigned live = j < A.n ? A.live_before[j] : kArithFlags;
    const unsigned extra = writes & ~g.members & ~covered;
    g.ok = strong && (extra & live) == 0;
    return g;
}

// Backwards, so that a scan forward from o sees the final decisions of the
// ops after it (a fused op writes the flags: it ends the scan).
void choose_fusions(Analysis& A) {
    for (unsigned o = unsigned(A.n); o-- > 0;) {
        if (!may_fuse(A, o)) {
            if (!may_test(A, o)) continue;
            Group g = try_fuse(A, o, FuseOp::Test);
            if (!g.ok) continue;
            A.fuse[o] = FuseOp::Test;
            for (unsigned j : g.drops)
                A.dropped[j] = true;
            continue;
        }
        const RInst& in = A.in(o);
        if (in.size != 1 && in.size != 2 && in.size != 4) continue;
        FuseOp opts[2] = {FuseOp::None, FuseOp::None};
        const Val a = A.s(o, 0), b = A.s(o, 1);
        switch (in.op) {
        case IrOp::Add:
            opts[0] = A.is_const(b, 1) ? FuseOp::Inc : FuseOp::Add;
            if (opts[0] == FuseOp::Inc) opts[1] = FuseOp::Add;
            break;
        case IrOp::Sub:
            if (A.is_const(a, 0))
                opts[0] = FuseOp::Neg;
            else if (A.is_const(b, 1))
                opts[0] = FuseOp::Dec, opts[1] = FuseOp::Sub;
            else
                opts[0] = FuseOp::Sub;
            break;
        case IrOp::And: opts[0] = FuseOp::And; break;
        case IrOp::Or: opts[0] = FuseOp::Or; break;
        case IrOp::Xor: opts[0] = FuseOp::Xor; break;
        default: {
            const RInst& c = A.def(b);
            if (b < 0 || (b & 1) || c.ctl != RegionCtl::None || c.op != IrOp::Const || c.imm == 0 ||
                c.imm > 31)
                break;
            opts[0] = in.op == IrOp::Shl   ? FuseOp::Shl
                      : in.op == IrOp::Shr ? FuseOp::Shr
                      : in.op == IrOp::Sar ? FuseOp::Sar
                      : in.op == IrOp::Rol ? FuseOp::Rol
                                           : FuseOp::Ror;
        }
        }
        Group best;
        FuseOp pick = FuseOp::None;
        for (FuseOp f : opts) {
            if (f == FuseOp::None) continue;
            Group g = try_fuse(A, o, f);
            if (g.ok &&
                (!best.ok || __builtin_popcount(g.members) > __builtin_popcount(best.members))) {
                best = g;
                pick = f;
            }
        }
        if (pick == FuseOp::None) continue;
        A.fuse[o] = pick;
        for (unsigned j : best.drops)
            A.dropped[j] = true;
    }
}

bool has_side_effect(const Analysis& A, unsigned j) {
    const RInst& i = A.in(j);
    if (A.fuse[j] != FuseOp::None) return true;
    // A flag put whose flag was folded into a flag-producing atom is gone.
    if (i.ctl == RegionCtl::None && i.op == IrOp::PutFlag) return !A.dropped[j];
    // Otherwise the optimizer's rule: stores, puts, loads and divides (which
    // may fault), control, and anything touching the FPU or environment.
    return opt::has_effect(i);
}

bool writes_flags_node(const Analysis& A, unsigned j) {
    const RInst& i = A.in(j);
    if (i.ctl != RegionCtl::None) return false;
    if (A.fuse[j] != FuseOp::None) return true;
    return (i.op == IrOp::PutFlag && is_arith_flag(i.imm) && !A.dropped[j]) ||
           i.op == IrOp::PutEflags || i.op == IrOp::Rcl || i.op == IrOp::Rcr;
}

} // namespace

unsigned cond_flags(unsigned cc) {
    switch (cc >> 1) {
    case 0: return OF;
    case 1: return CF;
    case 2: return ZF;
    case 3: return CF | ZF;
    case 4: return SF;
    case 5: return PF;
    case 6: return SF | OF;
    default: return ZF | SF | OF;
    }
}

bool Analysis::is_const(Val v, uint32_t k) const {
    if (v < 0 || (v & 1)) return false;
    const RInst& i = def(v);
    return i.ctl == RegionCtl::None && i.op == IrOp::Const && i.imm == k;
}

bool Analysis::value_needed(Val v) const {
    for (unsigned u : uses[v])
        if (needed[u]) return true;
    return false;
}

bool analyze(const Region& r, Analysis& A, unsigned& bad) {
    A.r = &r;
    // Everything after the first Exit is unreachable.
    A.n = r.code.size();
    for (size_t i = 0; i < r.code.size(); ++i)
        if (r.code[i].ctl == RegionCtl::Exit) {
            A.n = i + 1;
            break;
        }
    if (A.n == 0 || r.code[A.n - 1].ctl != RegionCtl::Exit) {
        bad = unsigned(A.n ? A.n - 1 : 0);
        return false;
    }
    const size_t n = A.n;
    A.src.assign(n, {-1, -1, -1});
    A.exit_target.assign(n, -1);
    A.uses.assign(2 * n, {});
    std::vector<Val> cur(r.nvregs, -1);
    auto use = [&](unsigned node, Vreg v, Val& out) {
        if (v == kNoVreg) return true;
        if (v >= cur.size() || cur[v] < 0) return false;
        out = cur[v];
        A.uses[out].push_back(node);
        return true;
    };
    for (unsigned i = 0; i < n; ++i) {
        const RInst& in = r.code[i];
        unsigned nsrc = in.ctl == RegionCtl::ExitIf ? 1
                        : in.ctl == RegionCtl::Exit ? 0
                                                    : x86::ir_info(in.op).nsrc;
        for (unsigned k = 0; k < nsrc && k < 3; ++k)
            if (!use(i, in.src[k], A.src[i][k])) {
                bad = i;
                return false;
            }
        if (in.ctl != RegionCtl::None) {
            if (in.imm >= r.exits.size()) {
                bad = i;
                return false;
            }
            const RegionExit& e = r.exits[in.imm];
            // An Indirect Exit names its target in src0; the exit table has it too.
            const Vreg tv =
                in.ctl == RegionCtl::Exit && in.src[0] != kNoVreg ? in.src[0] : e.target_vreg;
            if (e.kind == ExitKind::Indirect && !use(i, tv, A.exit_target[i])) {
                bad = i;
                return false;
            }
            continue;
        }
        if (in.dst != kNoVreg) {
            if (in.dst >= cur.size()) cur.resize(in.dst + 1, -1);
            cur[in.dst] = Val(2 * i);
        }
        if (in.dst2 != kNoVreg) {
            if (in.dst2 >= cur.size()) cur.resize(in.dst2 + 1, -1);
            cur[in.dst2] = Val(2 * i + 1);
        }
    }

    // An ExitIf on the zero flag of a 32-bit value tests the value itself.
    A.exit_if_zero.assign(n, false);
    for (unsigned i = 0; i < n; ++i) {
        const Val c = A.src[i][0];
        if (r.code[i].ctl != RegionCtl::ExitIf || c < 0 || (c & 1)) continue;
        const RInst& d = A.def(c);
        const Val x = A.src[unsigned(c) >> 1][0];
        if (d.ctl != RegionCtl::None || d.op != IrOp::FlagZ || d.size != 4 || x < 0) continue;
        std::erase(A.uses[c], i);
        std::vector<unsigned>& ux = A.uses[x];
        ux.insert(std::upper_bound(ux.begin(), ux.end(), i), i);
        A.src[i][0] = x;
        A.exit_if_zero[i] = true;
    }

    // An ExitIf whose condition the optimizer spelt out from flag values
    // (jnbe after cmp: (CF | ZF) ^ 1) that are still the ones last put tests
    // the flags register itself: every flag is written back before an exit.
    A.exit_cc.assign(n, -1);
    {
        using x86::Flag;
        Val fv[8];
        std::fill(std::begin(fv), std::end(fv), Val(-1));
        auto node_of = [&](Val v) -> const RInst* {
            if (v < 0 || (v & 1)) return nullptr;
            const RInst& d = A.def(v);
            return d.ctl == RegionCtl::None ? &d : nullptr;
        };
        auto flag_of = [&](Val v) -> int { // only 0/1 values: PutFlag keeps bit 0, ExitIf tests != 0
            const RInst* d = node_of(v);
            if (!d || !(is_flag_op(d->op) || d->op == IrOp::GetFlag || d->op == IrOp::Cond)) return -1;
            for (int f : {int(Flag::CF), int(Flag::PF), int(Flag::ZF), int(Flag::SF), int(Flag::OF)})
                if (fv[f] == v) return f;
            return -1;
        };
        auto pair = [&](Val v, IrOp op, Val& x, Val& y) {
            const RInst* d = node_of(v);
            if (!d || d->op != op) return false;
            x = A.src[unsigned(v) >> 1][0];
            y = A.src[unsigned(v) >> 1][1];
            return true;
        };
        auto is_lt = [&](Val v) { // SF ^ OF
            Val x, y;
            if (!pair(v, IrOp::Xor, x, y)) return false;
            const int fx = flag_of(x), fy = flag_of(y);
            return (fx == int(Flag::SF) && fy == int(Flag::OF)) || (fx == int(Flag::OF) && fy == int(Flag::SF));
        };
        auto base_cc = [&](Val v) -> int {
            switch (flag_of(v)) {
            case int(Flag::OF): return 0;
            case int(Flag::CF): return 2;
            case int(Flag::ZF): return 4;
            case int(Flag::SF): return 8;
            case int(Flag::PF): return 10;
            default: break;
            }
            Val x, y;
            if (is_lt(v)) return 12;
            if (pair(v, IrOp::Or, x, y)) {
                const int fx = flag_of(x), fy = flag_of(y);
                if ((fx == int(Flag::CF) && fy == int(Flag::ZF)) || (fx == int(Flag::ZF) && fy == int(Flag::CF)))
                    return 6;
                if ((is_lt(x) && fy == int(Flag::ZF)) || (is_lt(y) && fx == int(Flag::ZF))) return 14;
            }
            return -1;
        };
        for (unsigned i = 0; i < n; ++i) {
            const RInst& in = r.code[i];
            if (in.ctl == RegionCtl::None) {
                if (in.op == IrOp::PutFlag && is_arith_flag(in.imm) && in.imm < 8)
                    fv[in.imm] = A.src[i][0];
                else if (in.op == IrOp::PutEflags || in.op == IrOp::Rcl || in.op == IrOp::Rcr)
                    std::fill(std::begin(fv), std::end(fv), Val(-1));
                continue;
            }
            if (in.ctl != RegionCtl::ExitIf || A.exit_if_zero[i]) continue;
            const Val c = A.src[i][0];
            int cc = base_cc(c);
            Val x, y;
            if (cc < 0 && pair(c, IrOp::Xor, x, y)) {
                if (A.is_const(y, 1) && (cc = base_cc(x)) >= 0) ++cc;
                else if (A.is_const(x, 1) && (cc = base_cc(y)) >= 0) ++cc;
                else cc = -1;
            }
            // x == 0 / x != 0 of such a 0/1 condition (jnb after cmp: CF == 0).
            if (cc < 0 && pair(c, IrOp::CmpEq, x, y) && A.is_const(y, 0) && (cc = base_cc(x)) >= 0) ++cc;
            if (cc < 0 && pair(c, IrOp::CmpNe, x, y) && A.is_const(y, 0)) cc = base_cc(x);
            if (cc < 0) continue;
            A.exit_cc[i] = int8_t(cc);
            std::erase(A.uses[c], i); // the condition's value is not needed for it
        }
    }

    // Flag liveness, backwards; everything is live at an exit.
    A.live_before.assign(n, 0);
    unsigned live = kArithFlags;
    for (unsigned i = unsigned(n); i-- > 0;) {
        const RInst& in = r.code[i];
        if (in.ctl != RegionCtl::None)
            live = kArithFlags;
        else if (in.op == IrOp::PutFlag && is_arith_flag(in.imm))
            live &= ~(1u << in.imm);
        else if (in.op == IrOp::GetFlag && is_arith_flag(in.imm))
            live |= 1u << in.imm;
        else if (in.op == IrOp::Cond)
            live |= cond_flags(in.imm);
        else if (in.op == IrOp::GetEflags || in.op == IrOp::Rcl || in.op == IrOp::Rcr)
            live = kArithFlags;
        A.live_before[i] = uint8_t(live);
    }

    A.fuse.assign(n, FuseOp::None);
    A.dropped.assign(n, false);
    choose_fusions(A);

    // Dead code: ops whose values nothing needed uses.
    A.needed.assign(n, false);
    for (unsigned i = unsigned(n); i-- > 0;)
        A.needed[i] =
            has_side_effect(A, i) || A.value_needed(Val(2 * i)) || A.value_needed(Val(2 * i + 1));

    // Cond values consumed only by ExitIf/Select with the flags unchanged in
    // between need no setcc: the consumer tests the flags itself.
    A.cond_direct.assign(n, false);
    for (unsigned c = 0; c < n; ++c) {
        const RInst& in = r.code[c];
        if (in.ctl != RegionCtl::None || in.op != IrOp::Cond || !A.needed[c]) continue;
        bool ok = true;
        for (unsigned u : A.uses[2 * c]) {
            if (!A.needed[u]) continue;
            const RInst& ui = r.code[u];
            const bool direct =
                (ui.ctl == RegionCtl::ExitIf && A.src[u][0] == Val(2 * c)) ||
                (ui.ctl == RegionCtl::None && ui.op == IrOp::Select && A.src[u][0] == Val(2 * c) &&
                 A.src[u][1] != Val(2 * c) && A.src[u][2] != Val(2 * c));
            for (unsigned j = c + 1; direct && j < u; ++j)
                if (writes_flags_node(A, j)) ok = false;
            ok = ok && direct;
        }
        A.cond_direct[c] = ok;
    }

    // A 32-bit GetReg can read the guest register in place when nothing
    // writes that register before the value's last use.
    A.alias_ok.assign(n, false);
    for (unsigned g = 0; g < n; ++g) {
        const RInst& in = r.code[g];
        if (in.ctl != RegionCtl::None) continue;
        const bool gpr = in.op == IrOp::GetReg && in.size == 4;
        const bool seg = in.op == IrOp::GetSegBase;
        if (!gpr && !seg) continue;
        if (seg) {
            A.alias_ok[g] = true;
            continue;
        }
        unsigned last = g;
        for (unsigned u : A.uses[2 * g])
            last = u > last ? u : last;
        bool ok = true;
        for (unsigned j = g + 1; ok && j < last; ++j) {
            const RInst& w = r.code[j];
            if (w.ctl != RegionCtl::None || w.op != IrOp::PutReg) continue;
            const unsigned reg = w.size == 1 && w.imm >= 4 ? w.imm - 4 : w.imm;
            if (reg == in.imm) ok = false;
        }
        A.alias_ok[g] = ok;
    }
    return true;
}

} // namespace cm::morph::backend
