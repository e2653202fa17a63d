// Molecules -> text, the inverse of assembler.cpp.
#include "vliw/assembler.hpp"

#include "syntax.hpp"

#include <cstdio>
#include <cstring>

namespace cm::vliw {

namespace {
std::string hex(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%x", v);
    return b;
}
} // namespace

std::string disassemble_atom(const Atom& a, uint32_t pc) {
    using detail::Slot;
    const AtomInfo* info = atom_info(a.op);
    if (!info) return "<undefined>";
    std::string s(info->mnemonic);
    if (a.setflags && (info->props & P_WFO)) s += 'f';
    if (info->size_kind == SizeKind::I) s += std::string(".") + "bhw"[a.size % 3];
    if (info->size_kind == SizeKind::F) s += std::string(".") + "sdt"[a.size % 3];
    auto syn = detail::format_syntax(info->format);
    unsigned k = 0;
    for (unsigned i = 0; i < syn.count; ++i) {
        s += i ? ", " : " ";
        Slot sl = syn.slots[i];
        char kind = detail::is_reg_slot(sl) && k < info->kinds.size() ? info->kinds[k++] : 'r';
        auto reg = [&](unsigned r) { return std::string(1, kind) + std::to_string(r); };
        switch (sl) {
        case Slot::RD: s += reg(a.rd); break;
        case Slot::RS: s += reg(a.rs); break;
        case Slot::RT: s += reg(a.rt); break;
        case Slot::RU: s += reg(a.ru); break;
        case Slot::MEM: s += "[r" + std::to_string(a.rs) + "]"; break;
        case Slot::IMM: s += std::to_string(a.imm); break;
        case Slot::POS: s += std::to_string(a.pos); break;
        case Slot::LEN: s += std::to_string(a.len); break;
        case Slot::CC: s += cond_name(static_cast<Cond>(a.cc)); break;
        case Slot::CMPCC: s += cmp_cond_name(static_cast<CmpCond>(a.cc)); break;
        case Slot::AREG: s += "a" + std::to_string(a.areg); break;
        case Slot::MASK: s += hex(a.mask); break;
        case Slot::TARGET: s += hex(pc + static_cast<uint32_t>(a.imm) * 4u); break;
        case Slot::CODE: s += std::to_string(a.imm); break;
        case Slot::FK: s += a.cc < detail::kNumFconst ? detail::kFconstNames[a.cc] : "?"; break;
        }
    }
    return s;
}

std::string disassemble_molecule(const Molecule& m, uint32_t pc) {
    std::string s;
    for (const Atom& a : m.atoms) {
        if (a.op == Opcode::NOP) continue;
        if (!s.empty()) s += " ; ";
        s += disassemble_atom(a, pc);
    }
    if (s.empty()) s = "nop";
    if (m.commit) s += " ; commit";
    return s;
}

std::string disassemble(const uint8_t* code, size_t n, uint32_t base, bool with_addresses) {
    std::string out;
    size_t off = 0;
    while (off < n) {
        Molecule m;
        DecodeResult r = decode_molecule(code + off, n - off, m);
        uint32_t pc = base + static_cast<uint32_t>(off);
        if (r.status != DecodeStatus::Ok) {
            uint32_t w = 0;
            std::memcpy(&w, code + off, std::min<size_t>(4, n - off));
            out += "# " + hex(pc) + ": .word " + hex(w) + "  (undecodable)\n";
            off += 4;
            continue;
        }
        std::string line = disassemble_molecule(m, pc);
        if (with_addresses) {
            line.resize(std::max<size_t>(line.size(), 60), ' ');
            line += "# " + hex(pc);
        }
        out += line + "\n";
        off += 4u * r.words;
    }
    return out;
}

} // namespace cm::vliw
