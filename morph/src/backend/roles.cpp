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
    // ldc reads the CMS's lookup table, which guest stores never reach and
    // which does not change while translated code runs: no memory ordering.
    r.load = (info.props & vliw::P_LD) && a.op != vliw::Opcode::LDC;
    r.store = info.props & vliw::P_ST;
    r.traps = info.props & vliw::P_DIV;
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
    default: break;
    }
    return r;
}

} // namespace cm::morph::backend
