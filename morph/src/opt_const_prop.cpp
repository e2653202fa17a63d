// Constant and copy propagation, folding and value numbering (see
// optimize.hpp). One forward walk over SSA code: each op's sources are
// renamed through `rep`, then the op is folded, simplified to a copy,
// matched against an equal earlier op, or kept.
#include <unordered_map>

#include "ir_eval.hpp"
#include "morph/optimize.hpp"
#include "opt_common.hpp"

namespace cm::morph {

using namespace cm::x86;
using namespace cm::morph::opt;

namespace {

struct Key {
    IrOp op;
    uint8_t size;
    uint32_t imm;
    Vreg a, b, c;
    bool operator==(const Key&) const = default;
};
struct KeyHash {
    size_t operator()(const Key& k) const {
        uint64_t h = uint64_t(k.op) | uint64_t(k.size) << 8 | uint64_t(k.imm) << 16;
        h ^= (uint64_t(k.a) << 20 | uint64_t(k.b) << 36 | uint64_t(k.c) << 48) *
             0x9e3779b97f4a7c15ull;
        return size_t(h ^ (h >> 29));
    }
};

uint32_t low_mask(unsigned bits) {
    return bits >= 32 ? ~0u : (1u << bits) - 1;
}

bool commutative(IrOp op) {
    switch (op) {
    case IrOp::Add:
    case IrOp::And:
    case IrOp::Or:
    case IrOp::Xor:
    case IrOp::Mul:
    case IrOp::CmpEq:
    case IrOp::CmpNe: return true;
    default: return false;
    }
}

class ConstProp {
  public:
    explicit ConstProp(Region& r)
        : r_(r), rep_(r.nvregs), isc_(r.nvregs, 0), cval_(r.nvregs, 0), bits_(r.nvregs, 32),
          def_(r.nvregs, -1) {
        for (size_t i = 0; i < rep_.size(); ++i)
            rep_[i] = Vreg(i);
    }

    void run() {
        for (const RInst& orig : r_.code) {
            RInst in = orig;
            for (int k = 0; k < num_srcs(in); ++k)
                in.src[k] = rep_[in.src[k]];
            if (in.ctl != RegionCtl::None) {
                if (!control(in)) break;
                continue;
            }
            if (in.op == IrOp::TrapIf && isc_[in.src[0]] && cval_[in.src[0]] == 0) continue;
            if (ir_is_pure(in.op)) {
                if (fold(in) || simplify(in) || number(in)) continue;
            }
            place(in);
        }
        r_.code = std::move(out_);
        sync_exits(r_);
    }

  private:
    Region& r_;
    std::vector<RInst> out_;
    std::vector<Vreg> rep_;
    std::vector<uint8_t> isc_;
    std::vector<uint32_t> cval_;
    std::vector<uint8_t> bits_;
    std::vector<int> def_; ///< index in out_ of each vreg's definition
    std::unordered_map<Key, Vreg, KeyHash> vn_;

    bool is_const(Vreg v, uint32_t c) const { return isc_[v] && cval_[v] == c; }

    void place(const RInst& in) {
        const int nd = num_dsts(in);
        if (nd >= 1) {
            bits_[in.dst] = result_bits(in, bits_);
            def_[in.dst] = int(out_.size());
            if (in.op == IrOp::Const) isc_[in.dst] = 1, cval_[in.dst] = in.imm;
        }
        if (nd == 2) {
            bits_[in.dst2] = result_bits(in, bits_, true);
            def_[in.dst2] = int(out_.size());
        }
        out_.push_back(in);
    }

    /// `dst` becomes the constant `v`: an existing Const vreg or a new Const.
    void to_const(Vreg dst, uint32_t v, uint16_t insn) {
        Key k{IrOp::Const, 4, v, kNoVreg, kNoVreg, kNoVreg};
        auto it = vn_.find(k);
        if (it != vn_.end()) {
            rep_[dst] = it->second;
            return;
        }
        vn_.emplace(k, dst);
        place(make(IrOp::Const, 4, dst, kNoVreg, kNoVreg, v, insn));
    }

    /// Returns false once the code after `in` is unreachable.
    bool control(RInst in) {
        if (in.ctl == RegionCtl::ExitIf && isc_[in.src[0]]) {
            if (cval_[in.src[0]] == 0) return true; // never taken
            in.ctl = RegionCtl::Exit;               // always taken: the region ends here
            in.src[0] = kNoVreg;
        }
        if (in.ctl == RegionCtl::Exit && in.src[0] != kNoVreg && isc_[in.src[0]]) {
            RegionExit& x = r_.exits[in.imm];
            x.kind = ExitKind::Direct;
            x.target = cval_[in.src[0]];
            x.target_vreg = kNoVreg;
            in.src[0] = kNoVreg;
        }
        out_.push_back(in);
        return in.ctl != RegionCtl::Exit;
    }

    bool fold(const RInst& in) {
        const int ns = num_srcs(in);
        for (int k = 0; k < ns; ++k)
            if (!isc_[in.src[k]]) return false;
        if (in.op == IrOp::Const) {
            to_const(in.dst, in.imm, in.insn);
            return true;
        }
        // Evaluate with the interpreter's semantics over a scratch file.
        uint32_t t[5] = {};
        RInst e = in;
        for (int k = 0; k < ns; ++k)
            t[k] = cval_[in.src[k]], e.src[k] = Vreg(k);
        e.dst = 3;
        e.dst2 = 4;
        CpuState dummy;
        NoMemory no_mem;
        NoEnv no_env;
        FoldCtx c{dummy, &no_mem, &no_env, nullptr};
        if (eval_op(e, t, c) != OpStatus::Next) return false; // a #DE stays
        to_const(in.dst, t[3], in.insn);
        if (num_dsts(in) == 2) to_const(in.dst2, t[4], in.insn);
        return true;
    }

    /// Identities that make the result equal to an operand or a constant.
    bool simplify(const RInst& in) {
        if (num_dsts(in) != 1) return false;
        const Vreg a = in.src[0], b = in.src[1];
        const uint8_t s8 = uint8_t(in.size * 8);
        auto copy = [&](Vreg v) {
            rep_[in.dst] = v;
            return true;
        };
        auto fits = [&](Vreg v) { return bits_[v] <= s8; };
        switch (in.op) {
        case IrOp::Add:
        case IrOp::Or:
        case IrOp::Xor:
            if (is_const(b, 0) && fits(a)) return copy(a);
            if (is_const(a, 0) && fits(b)) return copy(b);
            if (in.op == IrOp::Xor && a == b) return to_const(in.dst, 0, in.insn), true;
            if (in.op == IrOp::Or && a == b && fits(a)) return copy(a);
            break;
        case IrOp::Sub:
            if (is_const(b, 0) && fits(a)) return copy(a);
            if (a == b) return to_const(in.dst, 0, in.insn), true;
            break;
        case IrOp::Shl:
        case IrOp::Shr:
        case IrOp::Sar:
        case IrOp::Rol:
        case IrOp::Ror:
            // Counts are taken mod 32 (mod 8*size for rotates: also 0 then).
            if (isc_[b] && (cval_[b] & 31) == 0 && fits(a)) return copy(a);
            break;
        case IrOp::And:
            if (is_const(a, 0) || is_const(b, 0)) return to_const(in.dst, 0, in.insn), true;
            if (a == b && fits(a)) return copy(a);
            // A constant mask that keeps every bit the other operand can have.
            if (isc_[b] && fits(a) && (cval_[b] & low_mask(bits_[a])) == low_mask(bits_[a]))
                return copy(a);
            if (isc_[a] && fits(b) && (cval_[a] & low_mask(bits_[b])) == low_mask(bits_[b]))
                return copy(b);
            break;
        case IrOp::Mul:
            if (is_const(b, 1)) return copy(a);
            if (is_const(a, 1)) return copy(b);
            if (is_const(a, 0) || is_const(b, 0)) return to_const(in.dst, 0, in.insn), true;
            break;
        case IrOp::Zext:
            if (fits(a)) return copy(a);
            break;
        case IrOp::Sext:
            if (in.size == 4 || bits_[a] < s8) return copy(a);
            break;
        case IrOp::CmpEq:
            if (a == b) return to_const(in.dst, 1, in.insn), true;
            // (y ^ 1) == 0 with y boolean is y: a followed taken branch of a
            // negated condition.
            if (is_const(b, 0) && def_[a] >= 0) {
                const RInst& d = out_[def_[a]];
                if (d.op == IrOp::Xor && d.dst == a && is_const(d.src[1], 1) &&
                    bits_[d.src[0]] <= 1)
                    return copy(d.src[0]);
                if (d.op == IrOp::Xor && d.dst == a && is_const(d.src[0], 1) &&
                    bits_[d.src[1]] <= 1)
                    return copy(d.src[1]);
            }
            break;
        case IrOp::CmpNe:
            if (a == b) return to_const(in.dst, 0, in.insn), true;
            if (is_const(b, 0) && bits_[a] <= 1) return copy(a);
            break;
        // Flags of an add or subtract of zero (cmp x, 0 after folding): no
        // carry or borrow; no overflow when the result is the first operand
        // (both formulas have a factor (src0 ^ result)); the auxiliary carry
        // is then bit 4 of the other operand.
        case IrOp::FlagCAdd:
        case IrOp::FlagCSub:
            if (is_const(b, 0) && is_const(in.src[2], 0)) return to_const(in.dst, 0, in.insn), true;
            break;
        case IrOp::FlagOAdd:
        case IrOp::FlagOSub:
            if (a == in.src[2]) return to_const(in.dst, 0, in.insn), true;
            break;
        case IrOp::FlagA:
            if (a == in.src[2] && isc_[b]) return to_const(in.dst, (cval_[b] >> 4) & 1, in.insn), true;
            if (b == in.src[2] && isc_[a]) return to_const(in.dst, (cval_[a] >> 4) & 1, in.insn), true;
            break;
        case IrOp::Select:
            if (isc_[a]) return copy(cval_[a] ? b : in.src[2]);
            if (b == in.src[2]) return copy(b);
            break;
        default: break;
        }
        return false;
    }

    /// Value numbering: an equal earlier pure op supplies the result.
    bool number(const RInst& in) {
        if (num_dsts(in) != 1) return false;
        Key k{in.op, in.size, in.imm, in.src[0], in.src[1], in.src[2]};
        if (commutative(in.op) && k.b < k.a) std::swap(k.a, k.b);
        auto [it, fresh] = vn_.emplace(k, in.dst);
        if (fresh) return false;
        rep_[in.dst] = it->second;
        return true;
    }
};

} // namespace

void opt_const_prop(Region& r) {
    ConstProp(r).run();
}

} // namespace cm::morph
