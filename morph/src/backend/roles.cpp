// Which operand fields of an atom are read and written, from the atom table.
#include "internal.hpp"

namespace cm::morph::backend {

using vliw::Format;

Roles roles(const vliw::Atom& a) {
    const vliw::AtomInfo& info = *vliw::atom_info(a.op);
    Roles r;
    r.unit = info.unit;
    r.words = (info.props & vliw::P_EXT) ? 2 : 1;
    r.flags_use = info.props & vliw::P_RF;
    r.flags_def = (info.props & vliw::P_WF) || ((info.props & vliw::P_WFO) && a.setflags);
    r.fsr_use = info.props & vliw::P_RFS;
    r.fsr_def = info.props & vliw::P_WFS;
    // ldc reads the CMS's lookup table, which guest stores never reach and
    // which does not change while translated code runs: no memory ordering.
    r.load = (info.props & vliw::P_LD) && a.op != vliw::Opcode::LDC;
    r.store = info.props & vliw::P_ST;
    r.traps = (info.props & vliw::P_DIV) || a.op == vliw::Opcode::FCHK;
    r.branch = info.props & (vliw::P_BR | vliw::P_EXIT);
    switch (info.format) {
    case Format::R3SF:
    case Format::R3:
    case Format::R3CC:
    case Format::SCMP: r.rd_def = r.rs_use = r.rt_use = true; break;
    case Format::R4: r.rd_def = r.rs_use = r.rt_use = r.ru_use = true; break;
    case Format::R2SF:
    case Format::R2S:
    case Format::R2:
    case Format::RI12:
    case Format::MEMLD:
    case Format::LDP: r.rd_def = r.rs_use = true; break;
    case Format::BF:
        r.rd_def = r.rs_use = true;
        r.rd_use = info.props & vliw::P_RDD;
        break;
    case Format::C2S:
    case Format::MEMST:
    case Format::STAM:
    case Format::STAMX: r.rs_use = r.rt_use = true; break;
    case Format::R1D:
    case Format::RI18:
    case Format::RLI:
    case Format::CC: r.rd_def = true; break;
    case Format::R1S:
    case Format::BRZ:
    case Format::JR: r.rs_use = true; break;
    case Format::FCMP: r.rs_use = r.rt_use = true; break;
    case Format::FCONST: r.rd_def = true; break;
    default: break;
    }
    // The kinds string lists the register operands in syntax order: the
    // destination first where there is one; a memory atom's address (rs)
    // is always a GPR, its data register rd (loads) or rt (stores).
    const std::string_view k = info.kinds;
    auto fp = [&](size_t i) { return i < k.size() && k[i] == 'f'; };
    switch (info.format) {
    case Format::MEMLD:
    case Format::LDP: r.rd_fp = fp(0); break;
    case Format::MEMST:
    case Format::STAM:
    case Format::STAMX: r.rt_fp = fp(0); break;
    case Format::FCMP:
        r.rs_fp = fp(0);
        r.rt_fp = fp(1);
        break;
    default: {
        size_t i = 0;
        if (r.rd_def) r.rd_fp = fp(i++);
        if (r.rs_use) r.rs_fp = fp(i++);
        if (r.rt_use) r.rt_fp = fp(i++);
        break;
    }
    }
    return r;
}

} // namespace cm::morph::backend
