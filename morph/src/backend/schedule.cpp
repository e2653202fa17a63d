// List scheduling into molecules.
//
// Atoms of one molecule read the registers as they were before it, and its
// writes land together at its end; so a consumer goes at least `latency`
// molecules after its producer, a writer may share the molecule of an
// earlier reader of the register (distance 0), and two writers of one
// register go in different molecules. Memory: loads stay after earlier
// stores (distance 1), stores after earlier loads and stores (distance 0,
// slot order keeps program order). An exit branch commits the guest state
// when taken: every earlier write of guest state, memory access and trap
// goes no later than its molecule, every later one strictly after it -
// except an integer load into a temporary (speculate_loads), which may run
// above side exits: if the exit is taken its value is simply unused, and
// if it faults the region rolls back and the CMS interprets (a speculation
// fault; the retranslation keeps loads below exits). The guest registers
// a side exit needs from temporaries are copied in its stub (coalesce.cpp).
#include <algorithm>

#include "internal.hpp"

namespace cm::morph::backend {

namespace {

constexpr unsigned kFlags = 0xfffe; // the flags register in the dependency maps
constexpr unsigned kFsr = 0xfffd;   // the FP status register

struct Edge {
    unsigned to;
    unsigned dist;
};

unsigned latency(const vliw::Config& cfg, const vliw::Atom& a) {
    switch (vliw::atom_info(a.op)->lat) {
    case vliw::LatClass::Mul: return cfg.lat.mul;
    case vliw::LatClass::Div: return cfg.lat.div;
    case vliw::LatClass::Load: return cfg.lat.load;
    case vliw::LatClass::Link: return cfg.lat.link;
    case vliw::LatClass::Fadd: return cfg.lat.fadd;
    case vliw::LatClass::Fmul: return cfg.lat.fmul;
    case vliw::LatClass::Fdiv: return cfg.lat.fdiv;
    case vliw::LatClass::Fsqrt: return cfg.lat.fsqrt;
    case vliw::LatClass::Fmisc: return cfg.lat.fmisc;
    default: return cfg.lat.alu;
    }
}

/// Integer loads, which may run above a side exit when they write a
/// temporary (FP loads keep their place: their registers are not tracked
/// as guest state here).
bool speculable(vliw::Opcode op) {
    using vliw::Opcode;
    return op == Opcode::LD || op == Opcode::LDS || op == Opcode::LDP || op == Opcode::LDPS;
}

} // namespace

std::vector<SchedMolecule> schedule(const Selected& s, const vliw::Config& cfg, bool speculate_loads) {
    const std::vector<VAtom>& at = s.atoms;
    const unsigned n = unsigned(at.size());
    std::vector<std::vector<Edge>> succ(n);
    std::vector<std::vector<Edge>> pred(n);
    std::vector<unsigned> lat(n);
    auto edge = [&](unsigned from, unsigned to, unsigned dist) {
        succ[from].push_back({to, dist});
        pred[to].push_back({from, dist});
    };

    struct RegState {
        int writer = -1;
        std::vector<unsigned> readers;
    };
    std::vector<RegState> regs(s.next_virt);
    RegState flags, fsr;
    auto state = [&](unsigned r) -> RegState& { return r == kFlags ? flags : r == kFsr ? fsr : regs[r]; };

    int last_store = -1, last_barrier = -1;
    std::vector<unsigned> loads_since_store, effects_since_barrier;
    std::vector<bool> spec_load(n, false); // integer load into a temporary
    for (unsigned i = 0; i < n; ++i) {
        const VAtom& v = at[i];
        const Roles ro = roles(v.a);
        lat[i] = std::max(1u, latency(cfg, v.a));
        unsigned uses[6], nu = 0;
        if (ro.rs_use) uses[nu++] = v.rs;
        if (ro.rt_use) uses[nu++] = v.rt;
        if (ro.ru_use) uses[nu++] = v.ru;
        if (ro.rd_use) uses[nu++] = v.rd;
        if (ro.flags_use) uses[nu++] = kFlags;
        if (ro.fsr_use) uses[nu++] = kFsr;
        unsigned defs[3], nd = 0;
        if (ro.rd_def) defs[nd++] = v.rd;
        if (ro.flags_def) defs[nd++] = kFlags;
        // fsr: its flags are sticky but C1 is the last writer's, so its
        // writers keep program order (one FPU orders them anyway).
        if (ro.fsr_def) defs[nd++] = kFsr;

        for (unsigned k = 0; k < nu; ++k) {
            RegState& st = state(uses[k]);
            if (st.writer >= 0) edge(unsigned(st.writer), i, lat[unsigned(st.writer)]);
            st.readers.push_back(i);
        }
        for (const auto& mv : v.stub_moves) { // read in the stub, after this molecule
            RegState& st = state(mv.second);
            if (st.writer >= 0) edge(unsigned(st.writer), i, lat[unsigned(st.writer)]);
            st.readers.push_back(i);
        }
        for (unsigned k = 0; k < nd; ++k) {
            RegState& st = state(defs[k]);
            if (st.writer >= 0) edge(unsigned(st.writer), i, 1);
            for (unsigned r : st.readers)
                if (r != i) edge(r, i, 0);
            st.readers.clear();
            st.writer = int(i);
        }
        if (ro.load) {
            if (last_store >= 0) edge(unsigned(last_store), i, 1);
            loads_since_store.push_back(i);
        }
        if (ro.store) {
            if (last_store >= 0) edge(unsigned(last_store), i, 0);
            // An ldp must have recorded its range before a stam checks it.
            for (unsigned l : loads_since_store)
                edge(l, i, at[l].a.op == vliw::Opcode::LDP ? 1 : 0);
            loads_since_store.clear();
            last_store = int(i);
        }

        bool guest_def = ro.flags_def || ro.fsr_def;
        for (unsigned k = 0; k < nd; ++k)
            if (defs[k] != kFlags && defs[k] != kFsr && is_guest_state(RegId(defs[k]))) guest_def = true;
        const bool effect = ro.load || ro.store || ro.traps || guest_def;
        spec_load[i] = speculate_loads && ro.load && !guest_def && speculable(v.a.op);
        if (v.kind != VAtom::Kind::Plain) {
            // Exits: after every effect before them, with its result in place
            // (a load into a temporary need only have issued: its fault).
            for (unsigned e : effects_since_barrier)
                edge(e, i, spec_load[e] ? 0 : lat[e] - 1);
            if (last_barrier >= 0) edge(unsigned(last_barrier), i, 1);
            if (v.kind == VAtom::Kind::Exit)
                for (unsigned j = 0; j < i; ++j)
                    edge(j, i, 0);
            effects_since_barrier.clear();
            last_barrier = int(i);
        } else if (effect) {
            if (last_barrier >= 0 && !spec_load[i]) edge(unsigned(last_barrier), i, 1);
            effects_since_barrier.push_back(i);
        }
    }

    // Priority: longest distance-weighted path to the end.
    std::vector<unsigned> prio(n, 0);
    for (unsigned i = n; i-- > 0;)
        for (const Edge& e : succ[i])
            prio[i] = std::max(prio[i], prio[e.to] + std::max(e.dist, 1u));

    const unsigned alu_slots = cfg.vliw.alu_units + cfg.vliw.exec_units;
    std::vector<int> when(n, -1);
    std::vector<unsigned> npred(n);
    for (unsigned i = 0; i < n; ++i)
        npred[i] = unsigned(pred[i].size());
    std::vector<unsigned> earliest(n, 0);
    std::vector<unsigned> ready; // all predecessors placed
    for (unsigned i = 0; i < n; ++i)
        if (npred[i] == 0) ready.push_back(i);

    std::vector<SchedMolecule> mols;
    unsigned placed = 0;
    for (unsigned t = 0; placed < n; ++t) {
        SchedMolecule m;
        unsigned words = 0, alu = 0, lsu = 0, br = 0, fpu = 0;
        for (;;) {
            int best = -1;
            for (unsigned idx = 0; idx < ready.size(); ++idx) {
                const unsigned i = ready[idx];
                if (earliest[i] > t) continue;
                const Roles ro = roles(at[i].a);
                if (words + ro.words > cfg.vliw.molecule_atoms) continue;
                if (ro.unit == vliw::Unit::Alu && alu >= alu_slots) continue;
                if (ro.unit == vliw::Unit::Lsu && lsu >= cfg.vliw.lsu_units) continue;
                if (ro.unit == vliw::Unit::Br && br >= cfg.vliw.branch_units) continue;
                if (ro.unit == vliw::Unit::Fpu && fpu >= cfg.vliw.fpu_units) continue;
                if (best < 0 || prio[i] > prio[unsigned(best)] ||
                    (prio[i] == prio[unsigned(best)] && i < unsigned(best)))
                    best = int(idx);
            }
            if (best < 0) break;
            const unsigned i = ready[unsigned(best)];
            ready.erase(ready.begin() + best);
            const Roles ro = roles(at[i].a);
            words += ro.words;
            alu += ro.unit == vliw::Unit::Alu;
            lsu += ro.unit == vliw::Unit::Lsu;
            br += ro.unit == vliw::Unit::Br;
            fpu += ro.unit == vliw::Unit::Fpu;
            when[i] = int(t);
            m.atoms.push_back(i);
            ++placed;
            for (const Edge& e : succ[i]) {
                earliest[e.to] = std::max(earliest[e.to], t + e.dist);
                if (--npred[e.to] == 0) ready.push_back(e.to);
            }
        }
        // Slot order = program order (stores and branches rely on it).
        std::sort(m.atoms.begin(), m.atoms.end());
        mols.push_back(std::move(m));
    }
    // Trailing empty molecules cannot occur; leading/middle empty ones are
    // latency bubbles the core would stall for anyway: drop them.
    std::erase_if(mols, [](const SchedMolecule& m) { return m.atoms.empty(); });
    return mols;
}

} // namespace cm::morph::backend
