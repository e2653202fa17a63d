// Coalescing: `add vN, r0, r3 ; ... ; mov r0, vN` becomes `add r0, r0, r3`
// when nothing between the two touches r0 (an exit branch counts: it
// commits r0), and vN's later readers all run before r0 is written again.
// Then sinking: a `mov r0, vN` that only side exits see moves into their
// exit stubs (an unrolled loop's induction variable: each copy's value is
// needed on the main path only in a temporary).
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

/// True if X (defined at q, moved to its register at p) is read after a
/// side exit, and memory is accessed after that exit.
bool read_past_exit_with_memory(const std::vector<VAtom>& at, size_t p, size_t q, RegId X) {
    bool past_exit = false, read = false, memory = false;
    for (size_t k = q + 1; k < at.size() && !(read && memory); ++k) {
        const VAtom& v = at[k];
        if (v.kind == VAtom::Kind::ExitBranch) past_exit = true;
        if (!past_exit) continue;
        read = read || (k != p && v.kind == VAtom::Kind::Plain && reads(v, X));
        memory = memory || roles(v.a).load || roles(v.a).store;
    }
    return read && memory;
}

/// Side exits of `branches_of_exit[e] == 1` (one branch per exit: one stub).
std::vector<unsigned> branches_per_exit(const std::vector<VAtom>& at) {
    std::vector<unsigned> n;
    for (const VAtom& v : at)
        if (v.kind == VAtom::Kind::ExitBranch) {
            if (v.exit >= n.size()) n.resize(v.exit + 1u, 0);
            ++n[v.exit];
        }
    return n;
}

/// True if the value `mov R, X` at p puts in R (R a guest GPR) is seen only
/// by side exits (each its exit's only branch) before R's next write, and
/// X is written once; those exits go to `exits`.
bool only_side_exits_see(const std::vector<VAtom>& at, const std::vector<bool>& dead,
                         const std::vector<unsigned>& branches_of_exit, size_t p,
                         std::vector<size_t>& exits) {
    const VAtom& mv = at[p];
    if (dead[p] || mv.a.op != vliw::Opcode::MOV || mv.rd >= 8 || !is_virt(mv.rs)) return false;
    const RegId R = mv.rd;
    // A stub reads X after its branch's molecule: X must not change again.
    unsigned defs = 0;
    for (size_t k = 0; k < at.size(); ++k)
        defs += !dead[k] && writes(at[k], mv.rs);
    if (defs != 1) return false;
    exits.clear();
    for (size_t k = p + 1; k < at.size(); ++k) {
        if (dead[k]) continue;
        const VAtom& v = at[k];
        if (v.kind == VAtom::Kind::ExitBranch && branches_of_exit[v.exit] == 1) {
            exits.push_back(k);
            continue;
        }
        if (reads(v, R)) return false; // the final exit counts: it sees R
        if (writes(v, R)) return true;
    }
    return false;
}

/// `mov R, X` whose value only side exits see goes into those exits'
/// stubs: on the main path the next write of R overwrites it unseen, and
/// X, a temporary, may be computed above the exits (schedule.cpp) where a
/// write of R could not.
void sink_to_stubs(std::vector<VAtom>& at, std::vector<bool>& dead) {
    const std::vector<unsigned> branches_of_exit = branches_per_exit(at);
    std::vector<size_t> exits;
    for (size_t p = 0; p < at.size(); ++p) {
        if (!only_side_exits_see(at, dead, branches_of_exit, p, exits)) continue;
        for (size_t k : exits)
            at[k].stub_moves.push_back({at[p].rd, at[p].rs});
        dead[p] = true;
    }
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
    const std::vector<unsigned> branches_of_exit = branches_per_exit(at);
    std::vector<size_t> exits;
    for (size_t p = 0; p < at.size(); ++p) {
        VAtom& mv = at[p];
        if (mv.a.op != vliw::Opcode::MOV || is_virt(mv.rd) || !is_virt(mv.rs)) continue;
        const RegId R = mv.rd, X = mv.rs;
        if (ndefs[X - kFirstVirt] != 1) continue;
        const size_t q = size_t(def_at[X - kFirstVirt]);
        if (q >= p || (vliw::atom_info(at[q].a.op)->props & vliw::P_RDD)) continue;
        // A guest register written in place waits for the side exit before
        // it (schedule.cpp), and so does all computed from it; a temporary
        // need not. Keep X when it is read past a side exit that memory
        // accesses follow, if the mov can go to exit stubs (sink_to_stubs).
        // Elsewhere (no load to start early) the stub moves only cost:
        // taken exits run them.
        if (read_past_exit_with_memory(at, p, q, X) && only_side_exits_see(at, dead, branches_of_exit, p, exits))
            continue;
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
    sink_to_stubs(at, dead);
    std::vector<VAtom> kept;
    kept.reserve(at.size());
    for (size_t i = 0; i < at.size(); ++i)
        if (!dead[i]) kept.push_back(at[i]);
    at.swap(kept);
}

} // namespace cm::morph::backend
