// Load hoisting above stores (see optimize.hpp). Each load, in program
// order, moves up together with the ops computing its address (pure ops
// and guest-state reads: its "slice"), as far as it can: not above an
// unconditional exit, a store it certainly overlaps, a write of guest state
// the slice reads, or an op the slice needs that cannot move (a load, a
// division); past a store it may overlap only with alias speculation and a
// free alias register. A load that would pass no store stays where it is
// (the scheduler moves it among the other ops anyway).
//
// Side exits (ExitIf): up to `max_side_exits` are passed (OptOptions::
// hoist_side_exits, 0 by default). A load moved above one runs even when
// the exit is taken, which is harmless (it writes only its vreg) unless it
// faults; such a fault rolls the region back and the interpreter, taking
// the exit, does not repeat it, so the CMS counts it as speculation and in
// the end retranslates without hoisting. This lets the loads of an
// unrolled loop's next iteration start above this iteration's stores.
//
// Alias registers are reused: a load may take register k when no store
// at or below its new place checks k any more (and no ldp there sets k);
// the scheduler keeps loads after earlier stores, so the new ldp cannot
// overwrite a range an earlier stam still needs.
#include "morph/optimize.hpp"
#include "opt_common.hpp"

namespace cm::morph {

using namespace cm::x86;
using namespace cm::morph::opt;

namespace {

/// Guest state a group of ops reads.
struct Reads {
    unsigned reg[8] = {}; ///< byte masks
    unsigned flags = 0;   ///< bit per x86::Flag
    bool segs = false;

    void add(const RInst& in) {
        switch (in.op) {
        case IrOp::GetReg: reg[reg_home(in.imm, in.size)] |= reg_bytes(in.imm, in.size); break;
        case IrOp::GetFlag: flags |= 1u << in.imm; break;
        case IrOp::Cond: flags |= cond_flags(in.imm); break;
        case IrOp::GetEflags: flags = ~0u; break;
        case IrOp::GetSeg:
        case IrOp::GetSegBase: segs = true; break;
        default: break;
        }
    }
    /// True if `in` writes something these reads see.
    bool clobbered_by(const RInst& in) const {
        switch (in.op) {
        case IrOp::PutReg: return reg[reg_home(in.imm, in.size)] & reg_bytes(in.imm, in.size);
        case IrOp::PutFlag: return flags >> in.imm & 1;
        case IrOp::PutEflags: return flags != 0;
        case IrOp::PutSeg: return segs;
        case IrOp::Cpuid: return reg[EAX] | reg[EBX] | reg[ECX] | reg[EDX];
        default: return false;
        }
    }
};

/// Ops that may join a load's slice: no memory access, no fault, no write.
/// Never x87 ops: even their reads of the x87 state must stay in order with
/// the FP ops that write it (which the walk does not treat as clobbers).
bool movable(const RInst& in) {
    if (in.ctl != RegionCtl::None || ir_info(in.op).fp) return false;
    switch (in.op) {
    case IrOp::GetReg:
    case IrOp::GetFlag:
    case IrOp::GetEflags:
    case IrOp::GetSeg:
    case IrOp::GetSegBase:
    case IrOp::Cond: return true;
    case IrOp::DivU:
    case IrOp::DivS: return false;
    default: return !has_effect(in);
    }
}

/// The pass proper; `starved`: loads kept below a may-alias store because
/// no alias register was free.
unsigned hoist(Region& r, bool alias_speculation, unsigned alias_registers, unsigned max_side_exits,
               unsigned& starved) {
    starved = 0;
    unsigned used = 0; // loads given an alias register
    std::vector<RInst>& code = r.code;
    AddrForms forms(r.nvregs);
    for (const RInst& in : code)
        forms.define(in);
    std::vector<uint8_t> needed(r.nvregs, 0); // vregs the moving group reads

    for (size_t i = 0; i < code.size(); ++i) {
        if (code[i].ctl != RegionCtl::None || code[i].op != IrOp::Load) continue;
        const RInst ld = code[i];
        const AddrForm a = forms.of(ld.src[0]);
        std::vector<uint8_t> in_group;
        std::vector<size_t> risky; // may-alias stores passed
        size_t top = i;            // highest position the group reaches
        size_t stores = 0;
        // Walks up from the load: how far its group goes.
        auto walk = [&](bool can_protect) {
            std::fill(needed.begin(), needed.end(), 0);
            needed[ld.src[0]] = 1;
            Reads reads;
            in_group.assign(i + 1, 0);
            in_group[i] = 1;
            risky.clear();
            top = i;
            stores = 0;
            unsigned exits_passed = 0;
            for (size_t j = i; j-- > 0;) {
                const RInst& p = code[j];
                if (p.ctl == RegionCtl::ExitIf) {
                    if (exits_passed == max_side_exits) break;
                    ++exits_passed;
                    top = j;
                    continue;
                }
                if (p.ctl != RegionCtl::None) break;
                const int nd = num_dsts(p);
                const bool feeds = (nd >= 1 && needed[p.dst]) || (nd == 2 && needed[p.dst2]);
                if (feeds) {
                    if (!movable(p)) break;
                    in_group[j] = 1;
                    for (int k = 0; k < num_srcs(p); ++k)
                        needed[p.src[k]] = 1;
                    reads.add(p);
                    top = j;
                    continue;
                }
                if (p.op == IrOp::Store) {
                    Alias k = alias(a, ld.size, forms.of(p.src[0]), p.size);
                    if (k == Alias::Must) break;
                    if (k == Alias::May) {
                        if (!can_protect) break;
                        risky.push_back(j);
                    }
                    ++stores;
                } else if (reads.clobbered_by(p)) {
                    break;
                }
                top = j;
            }
        };
        walk(alias_speculation && alias_registers > 0);
        int areg = -1;
        if (!risky.empty()) {
            // An alias register is free here when no store from `top` on
            // still checks it: the earlier ldp's stores all come before
            // this load's new place, and loads stay after earlier stores in
            // the schedule, so this ldp cannot overwrite a range in use.
            uint32_t busy = 0;
            for (size_t j = top; j < code.size(); ++j) {
                busy |= code[j].alias_mask;
                if (code[j].alias_reg != RInst::kNoAlias) busy |= 1u << code[j].alias_reg;
            }
            for (unsigned k = 0; k < alias_registers && areg < 0; ++k)
                if (!(busy >> k & 1)) areg = int(k);
            if (areg < 0) { // none free: stay below may-alias stores
                walk(false);
                ++starved;
            }
        }
        if (!stores) continue;
        if (areg >= 0) {
            code[i].alias_reg = uint8_t(areg);
            for (size_t j : risky)
                code[j].alias_mask |= 1u << areg;
            ++used;
        }
        // New order from `top`: the group, then the ops it passed.
        std::vector<RInst> group, passed;
        for (size_t j = top; j <= i; ++j)
            (in_group[j] ? group : passed).push_back(code[j]);
        size_t o = top;
        for (const RInst& g : group)
            code[o++] = g;
        for (const RInst& p : passed)
            code[o++] = p;
    }
    return used;
}

} // namespace

unsigned opt_hoist_loads(Region& r, bool alias_speculation, unsigned alias_registers,
                         unsigned max_side_exits) {
    if (alias_registers > 32) alias_registers = 32;
    unsigned starved = 0;
    if (max_side_exits == 0) return hoist(r, alias_speculation, alias_registers, 0, starved);
    // Loads taken above a side exit hold their alias registers across it;
    // when that leaves a later load without one (an unrolled body with more
    // loads than alias registers), hoisting within each copy pays more.
    Region tried = r;
    const unsigned used = hoist(tried, alias_speculation, alias_registers, max_side_exits, starved);
    if (starved == 0) {
        r = std::move(tried);
        return used;
    }
    return hoist(r, alias_speculation, alias_registers, 0, starved);
}

} // namespace cm::morph
