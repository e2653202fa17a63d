// Guest-state forwarding and dead Put elimination (see optimize.hpp).
#include "morph/optimize.hpp"
#include "opt_common.hpp"

namespace cm::morph {

using namespace cm::x86;
using namespace cm::morph::opt;

namespace {

constexpr unsigned kFlags = unsigned(Flag::Count);

class StateForward {
  public:
    explicit StateForward(Region& r) : r_(r), rep_(r.nvregs), bits_(r.nvregs, 32) {
        for (size_t i = 0; i < rep_.size(); ++i)
            rep_[i] = Vreg(i);
        forget_all();
    }

    void run() {
        for (const RInst& orig : r_.code) {
            RInst in = orig;
            for (int k = 0; k < num_srcs(in); ++k)
                in.src[k] = rep_[in.src[k]];
            if (in.ctl == RegionCtl::None && step(in)) continue;
            place(in);
        }
        r_.code = std::move(out_);
        sync_exits(r_);
    }

  private:
    Region& r_;
    std::vector<RInst> out_;
    std::vector<Vreg> rep_;
    std::vector<uint8_t> bits_;
    Vreg reg_[8];       ///< vreg holding each GPR's full value, or kNoVreg
    Vreg flag_[kFlags]; ///< vreg (0 or 1) holding each flag, or kNoVreg

    void forget_all() {
        for (Vreg& v : reg_)
            v = kNoVreg;
        for (Vreg& v : flag_)
            v = kNoVreg;
    }

    void place(const RInst& in) {
        const int nd = num_dsts(in);
        if (nd >= 1) bits_[in.dst] = result_bits(in, bits_);
        if (nd == 2) bits_[in.dst2] = result_bits(in, bits_, true);
        out_.push_back(in);
    }

    Vreg fresh() {
        Vreg v = new_vreg(r_);
        rep_.push_back(v);
        bits_.push_back(32);
        return v;
    }

    /// Forwards or records guest-state accesses; true if `in` was replaced.
    bool step(const RInst& in) {
        switch (in.op) {
        case IrOp::GetReg: {
            const unsigned home = reg_home(in.imm, in.size);
            if (in.size == 4) {
                if (reg_[home] != kNoVreg) return rep_[in.dst] = reg_[home], true;
                place(in);
                reg_[home] = in.dst;
                return true;
            }
            if (reg_[home] == kNoVreg || (in.imm >= 4 && in.size == 1)) return false;
            // AX or AL of a known EAX: its low bytes.
            place(make(IrOp::Zext, in.size, in.dst, reg_[home], kNoVreg, 0, in.insn));
            return true;
        }
        case IrOp::PutReg: {
            const unsigned home = reg_home(in.imm, in.size);
            reg_[home] = in.size == 4 ? in.src[0] : kNoVreg;
            return false;
        }
        case IrOp::GetFlag:
            if (flag_[in.imm] != kNoVreg) return rep_[in.dst] = flag_[in.imm], true;
            place(in);
            flag_[in.imm] = in.dst;
            return true;
        case IrOp::PutFlag:
            flag_[in.imm] = bits_[in.src[0]] <= 1 ? in.src[0] : kNoVreg;
            return false;
        case IrOp::PutEflags:
            for (unsigned f = 0; f < kFlags; ++f)
                if (in.imm & flag_bit(Flag(f))) flag_[f] = kNoVreg;
            return false;
        case IrOp::Cpuid: reg_[EAX] = reg_[EBX] = reg_[ECX] = reg_[EDX] = kNoVreg; return false;
        case IrOp::Cond: return cond(in);
        default: return false;
        }
    }

    Vreg known(Flag f) const { return flag_[unsigned(f)]; }

    /// Cond over known flags becomes their formula.
    bool cond(const RInst& in) {
        const unsigned need = cond_flags(in.imm);
        for (unsigned f = 0; f < kFlags; ++f)
            if ((need >> f & 1) && flag_[f] == kNoVreg) return false;
        const bool negate = in.imm & 1;
        auto emit = [&](IrOp op, Vreg a, Vreg b, bool last) {
            Vreg d = last ? in.dst : fresh();
            place(make(op, 4, d, a, b, 0, in.insn));
            return d;
        };
        Vreg v;
        switch (in.imm >> 1) {
        case 0: v = known(Flag::OF); break;
        case 1: v = known(Flag::CF); break;
        case 2: v = known(Flag::ZF); break;
        case 3: v = emit(IrOp::Or, known(Flag::CF), known(Flag::ZF), !negate); break;
        case 4: v = known(Flag::SF); break;
        case 5: v = known(Flag::PF); break;
        case 6: v = emit(IrOp::Xor, known(Flag::SF), known(Flag::OF), !negate); break;
        default: {
            Vreg x = emit(IrOp::Xor, known(Flag::SF), known(Flag::OF), false);
            v = emit(IrOp::Or, known(Flag::ZF), x, !negate);
            break;
        }
        }
        if (negate) {
            Vreg one = fresh();
            place(make(IrOp::Const, 4, one, kNoVreg, kNoVreg, 1, in.insn));
            emit(IrOp::Xor, v, one, true);
        } else if (v != in.dst) {
            rep_[in.dst] = v; // a single known flag
        }
        return true;
    }
};

} // namespace

void opt_state_forward(Region& r) {
    StateForward(r).run();
}

void opt_dead_puts(Region& r) {
    // Backward: which guest bytes and flags a later exit or read observes.
    unsigned live_reg[8];
    unsigned live_flag = 0;
    auto all_live = [&] {
        for (unsigned& m : live_reg)
            m = 0xf;
        live_flag = (1u << unsigned(Flag::Count)) - 1;
    };
    all_live();
    std::vector<uint8_t> dead(r.code.size(), 0);
    for (size_t i = r.code.size(); i-- > 0;) {
        const RInst& in = r.code[i];
        if (in.ctl != RegionCtl::None) {
            all_live();
            continue;
        }
        switch (in.op) {
        case IrOp::GetReg: live_reg[reg_home(in.imm, in.size)] |= reg_bytes(in.imm, in.size); break;
        case IrOp::PutReg: {
            unsigned h = reg_home(in.imm, in.size), b = reg_bytes(in.imm, in.size);
            if (!(live_reg[h] & b)) dead[i] = 1;
            live_reg[h] &= ~b;
            break;
        }
        case IrOp::GetFlag: live_flag |= 1u << in.imm; break;
        case IrOp::PutFlag:
            if (!(live_flag >> in.imm & 1)) dead[i] = 1;
            live_flag &= ~(1u << in.imm);
            break;
        case IrOp::Cond: live_flag |= cond_flags(in.imm); break;
        case IrOp::GetEflags: live_flag = (1u << unsigned(Flag::Count)) - 1; break;
        case IrOp::PutEflags:
            for (unsigned f = 0; f < unsigned(Flag::Count); ++f)
                if (in.imm & flag_bit(Flag(f))) live_flag &= ~(1u << f);
            break;
        case IrOp::Cpuid:
            live_reg[EBX] = live_reg[EDX] = 0;
            live_reg[EAX] = live_reg[ECX] = 0xf;
            break;
        default: break;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < r.code.size(); ++i)
        if (!dead[i]) r.code[o++] = r.code[i];
    r.code.resize(o);
}

} // namespace cm::morph
