// Register allocation after scheduling: a linear scan over molecules. A
// virtual register lives from the molecule of its first write to that of
// its last access; a register can pass to a new value written in the very
// molecule where the old value is last read (reads see the molecule's
// pre-state), but not where the old value is itself written.
#include <algorithm>

#include "internal.hpp"

namespace cm::morph::backend {

bool allocate(Selected& s, const std::vector<SchedMolecule>& mols) {
    const unsigned nv = s.next_virt - kFirstVirt;
    struct Range {
        int first_def = -1, last_def = -1, last_use = -1;
    };
    std::vector<Range> rg(nv);
    std::vector<bool> fp(nv, false); // the register's class: from the fields it is named in
    for (unsigned t = 0; t < mols.size(); ++t)
        for (unsigned i : mols[t].atoms) {
            const VAtom& v = s.atoms[i];
            const Roles ro = roles(v.a);
            auto cls = [&](bool on, RegId r) {
                if (on && is_virt(r)) fp[r - kFirstVirt] = true;
            };
            cls(ro.rd_fp, v.rd);
            cls(ro.rs_fp, v.rs);
            cls(ro.rt_fp, v.rt);
            auto use = [&](bool on, RegId r) {
                if (on && is_virt(r)) rg[r - kFirstVirt].last_use = std::max(rg[r - kFirstVirt].last_use, int(t));
            };
            use(ro.rs_use, v.rs);
            use(ro.rt_use, v.rt);
            use(ro.ru_use, v.ru);
            use(ro.rd_use, v.rd);
            // Exit stub copies read after the branch's molecule: keep the
            // value one molecule longer.
            for (const auto& mv : v.stub_moves)
                if (is_virt(mv.second)) rg[mv.second - kFirstVirt].last_use = std::max(rg[mv.second - kFirstVirt].last_use, int(t) + 1);
            if (ro.rd_def && is_virt(v.rd)) {
                Range& r = rg[v.rd - kFirstVirt];
                if (r.first_def < 0) r.first_def = int(t);
                r.last_def = int(t);
            }
        }

    std::vector<unsigned> order;
    for (unsigned k = 0; k < nv; ++k)
        if (rg[k].first_def >= 0) order.push_back(k);
    std::stable_sort(order.begin(), order.end(),
                     [&](unsigned a, unsigned b) { return rg[a].first_def < rg[b].first_def; });

    std::vector<RegId> phys(nv, kNoReg);
    struct Busy {
        int end_use, end_def; // the occupant's last use and last write
        RegId r;
    };
    std::vector<Busy> active;
    std::vector<RegId> free_regs, free_fprs; // taken from the back
    for (unsigned r = reg::kLastTemp + 1; r-- > reg::kFirstTemp;)
        if (r != reg::kInsnCount && (r < reg::kX87First || r > reg::kX87Last)) free_regs.push_back(RegId(r));
    for (unsigned f = vliw::kNumFprs; f-- > kGuestFprs;)
        free_fprs.push_back(RegId(kFpr0 + f));
    for (unsigned k : order) {
        const int d = rg[k].first_def;
        std::erase_if(active, [&](const Busy& b) {
            if (b.end_def < d && b.end_use <= d) {
                (is_fpr(b.r) ? free_fprs : free_regs).push_back(b.r);
                return true;
            }
            return false;
        });
        std::vector<RegId>& pool = fp[k] ? free_fprs : free_regs;
        if (pool.empty()) return false;
        const RegId r = pool.back();
        pool.pop_back();
        phys[k] = r;
        active.push_back({std::max(rg[k].last_use, rg[k].last_def), rg[k].last_def, r});
    }
    auto map = [&](RegId& r) {
        if (is_virt(r)) r = phys[r - kFirstVirt];
    };
    for (VAtom& v : s.atoms) {
        map(v.rd);
        map(v.rs);
        map(v.rt);
        map(v.ru);
        for (auto& mv : v.stub_moves)
            map(mv.second);
    }
    return true;
}

} // namespace cm::morph::backend
