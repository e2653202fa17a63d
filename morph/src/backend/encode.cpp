// Layout and encoding: the scheduled molecules, then one stub per exit that
// a conditional branch reaches ({mov rX, rY ...} for its stub_moves, then
// {addi r47, r47, n ; exit N ; commit});
// branch displacements are filled once every molecule's address is known.
#include <map>

#include "encode.hpp"

namespace cm::morph::backend {

namespace {
/// An atom's register field: r0..r63 or f0..f31 (allocated RegIds).
uint8_t field(RegId r) {
    return r == kNoReg ? 0 : uint8_t(is_fpr(r) ? r - kFpr0 : r);
}
} // namespace

Layout encode(const Selected& s, const std::vector<SchedMolecule>& mols, uint32_t base) {
    Layout L;
    std::map<uint16_t, unsigned> stub_of; // exit -> molecule index of its stub
    for (const SchedMolecule& sm : mols) {
        vliw::Molecule m;
        std::vector<unsigned> src;
        for (unsigned i : sm.atoms) {
            const VAtom& v = s.atoms[i];
            vliw::Atom a = v.a;
            a.rd = field(v.rd);
            a.rs = field(v.rs);
            a.rt = field(v.rt);
            a.ru = field(v.ru);
            if (v.kind == VAtom::Kind::Exit) m.commit = true;
            m.atoms.push_back(a);
            src.push_back(i);
        }
        L.mols.push_back(std::move(m));
        L.src.push_back(std::move(src));
    }
    const unsigned nmain = unsigned(L.mols.size());
    for (unsigned k = 0; k < nmain; ++k)
        for (unsigned i : L.src[k]) {
            const VAtom& v = s.atoms[i];
            if (v.kind != VAtom::Kind::ExitBranch || stub_of.count(v.exit)) continue;
            stub_of[v.exit] = unsigned(L.mols.size());
            // Guest register copies (coalesce.cpp), one per molecule (a
            // machine may have a single ALU), before the committing one.
            for (const auto& [to, from] : v.stub_moves) {
                vliw::Molecule movs;
                vliw::Atom mv;
                mv.op = is_fpr(to) ? vliw::Opcode::FMOV : vliw::Opcode::MOV;
                mv.rd = field(to);
                mv.rs = field(from);
                movs.atoms.push_back(mv);
                L.mols.push_back(std::move(movs));
                L.src.push_back({});
            }
            vliw::Molecule stub;
            stub.commit = true;
            if (v.exit_insns) {
                vliw::Atom inc; // the committed-instruction count (backend.hpp)
                inc.op = vliw::Opcode::ADDI;
                inc.rd = inc.rs = uint8_t(reg::kInsnCount);
                inc.imm = int32_t(v.exit_insns);
                stub.atoms.push_back(inc);
            }
            if (v.stub_fchk) { // faults before the commit: a rollback instead
                vliw::Atom c;
                c.op = vliw::Opcode::FCHK;
                c.imm = v.stub_fchk;
                stub.atoms.push_back(c);
            }
            vliw::Atom e;
            e.op = vliw::Opcode::EXIT;
            e.imm = v.exit;
            stub.atoms.push_back(e);
            L.mols.push_back(std::move(stub));
            L.src.push_back({});
        }

    // Addresses: the smallest of 2/4/8 words that holds each molecule.
    uint32_t pc = base;
    for (const vliw::Molecule& m : L.mols) {
        L.addr.push_back(pc);
        const unsigned w = vliw::molecule_atom_words(m);
        pc += 4 * (w <= 2 ? 2 : w <= 4 ? 4 : 8);
    }
    for (unsigned k = 0; k < nmain; ++k)
        for (unsigned j = 0; j < L.src[k].size(); ++j) {
            const VAtom& v = s.atoms[L.src[k][j]];
            if (v.kind != VAtom::Kind::ExitBranch) continue;
            const uint32_t to = L.addr[stub_of[v.exit]];
            L.mols[k].atoms[j].imm = int32_t(to - L.addr[k]) / 4;
        }
    for (unsigned k = 0; k < L.mols.size(); ++k) {
        vliw::encode_molecule(L.mols[k], L.code);
        unsigned word = 0;
        for (const vliw::Atom& a : L.mols[k].atoms) {
            if (a.op == vliw::Opcode::EXIT) {
                ExitStub st;
                st.exit = uint16_t(a.imm);
                st.molecule_addr = L.addr[k];
                st.atom_addr = L.addr[k] + 4 * word;
                st.conditional = k >= nmain;
                L.stubs.push_back(st);
            }
            word += vliw::atom_words(a);
        }
    }
    return L;
}

} // namespace cm::morph::backend
