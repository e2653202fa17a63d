// Coalescing: `add vN, r0, r3 ; ... ; mov r0, vN` becomes `add r0, r0, r3`
// when nothing between the two touches r0 (an exit branch counts: it
// commits r0), and vN's later readers all run before r0 is written again.
#include "internal.hpp"

namespace cm::morph::backend {

namespace {

bool reads(const VAtom& v, RegId r) {
    const Roles ro = roles(v.a);
    if (v.kind != VAtom::Kind::Plain && is_guest_state(r)) return true; // exits commit it
    return (ro.rs_use && v.rs == r) || (ro.rt_use && v.rt == r) || (ro.ru_use && v.ru == r) ||
           (ro.rd_use && v.rd == r);
}
bool writes(const VAtom& v, RegId r) {
    return roles(v.a).rd_def && v.rd == r;
}

} // namespace

void coalesce(Selected& s) {
    std::vector<VAtom>& at = s.atoms;
    const size_t nv = s.next_virt - kFirstVirt;
    std::vector<int> def_at(nv, -1), ndefs(nv, 0);
    for (size_t i = 0; i < at.size(); ++i)
        if (writes(at[i], at[i].rd) && is_virt(at[i].rd)) {
            def_at[at[i].rd - kFirstVirt] = int(i);
            ++ndefs[at[i].rd - kFirstVirt];
        }
    std::vector<bool> dead(at.size(), false);
    for (size_t p = 0; p < at.size(); ++p) {
        VAtom& mv = at[p];
        if (mv.a.op != vliw::Opcode::MOV || is_virt(mv.rd) || !is_virt(mv.rs)) continue;
        const RegId R = mv.rd, X = mv.rs;
        if (ndefs[X - kFirstVirt] != 1) continue;
        const size_t q = size_t(def_at[X - kFirstVirt]);
        if (q >= p || (vliw::atom_info(at[q].a.op)->props & vliw::P_RDD)) continue;
        bool ok = true;
        for (size_t k = q + 1; ok && k < p; ++k)
            if (!dead[k] && (reads(at[k], R) || writes(at[k], R))) ok = false;
        if (!ok) continue;
        // Readers of X after the mov must come no later than the next write of R.
        size_t next_w = at.size();
        for (size_t k = p + 1; k < at.size(); ++k)
            if (!dead[k] && writes(at[k], R)) {
                next_w = k;
                break;
            }
        for (size_t k = next_w + 1; ok && k < at.size(); ++k)
            if (!dead[k] && reads(at[k], X)) ok = false;
        if (!ok) continue;
        at[q].rd = R;
        dead[p] = true;
        for (size_t k = q + 1; k < at.size(); ++k) {
            VAtom& v = at[k];
            if (v.rs == X) v.rs = R;
            if (v.rt == X) v.rt = R;
            if (v.ru == X) v.ru = R;
            if (v.rd == X) v.rd = R;
        }
        ndefs[X - kFirstVirt] = 0;
    }
    std::vector<VAtom> kept;
    kept.reserve(at.size());
    for (size_t i = 0; i < at.size(); ++i)
        if (!dead[i]) kept.push_back(at[i]);
    at.swap(kept);
}

} // namespace cm::morph::backend
