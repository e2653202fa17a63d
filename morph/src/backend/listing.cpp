// The translation listing for --dump-translations and tests.
#include <cstdio>
#include <set>

#include "encode.hpp"
#include "vliw/assembler.hpp"

namespace cm::morph::backend {

std::string listing(const Region& r, const Selected& s, const Layout& L,
                    const BackendOptions& opt) {
    std::string out;
    char buf[128];
    std::snprintf(buf, sizeof buf, "# region 0x%08x: %zu guest instructions, %zu molecules\n",
                  r.entry, r.insns.size(), L.mols.size());
    out += buf;
    for (size_t i = 0; i < r.insns.size(); ++i) {
        std::snprintf(buf, sizeof buf, "#   i%zu 0x%08x  ", i, r.insns[i].addr);
        out += buf;
        if (i < r.insn_text.size())
            out += r.insn_text[i];
        else if (opt.describe_insn)
            out += opt.describe_insn(r.insns[i].addr);
        out += '\n';
    }
    for (size_t k = 0; k < L.mols.size(); ++k) {
        std::snprintf(buf, sizeof buf, "%08x:  ", L.addr[k]);
        std::string line = buf + vliw::disassemble_molecule(L.mols[k], L.addr[k]);
        std::set<uint16_t> from;
        for (unsigned i : L.src[k])
            from.insert(s.atoms[i].insn);
        if (line.size() < 72) line.resize(72, ' ');
        line += "  #";
        if (from.empty()) line += " exit stub";
        for (uint16_t i : from)
            line += " i" + std::to_string(i);
        out += line + '\n';
    }
    return out;
}

} // namespace cm::morph::backend
