// Atom metadata derived from atoms.def, plus the generated ISA document.
#include "vliw/isa.hpp"

#include "syntax.hpp"

#include <array>
#include <sstream>

namespace cm::vliw {

namespace {

constexpr std::array<AtomInfo, kNumOpcodes> kTable = {{
    {"<undefined>", Format::NONE, "", SizeKind::N, Unit::None, LatClass::None, EnergyClass::Nop, 0,
     "undefined atom: traps"},
#define CM_ATOM(ID, MN, FMT, KINDS, SZK, UNIT, LAT, EN, PROPS, DESC)                               \
    {MN,    Format::FMT, KINDS, SizeKind::SZK, Unit::UNIT, LatClass::LAT, EnergyClass::EN,         \
     PROPS, DESC},
#include "vliw/atoms.def"
#undef CM_ATOM
}};

} // namespace

const AtomInfo* atom_info(Opcode op) {
    auto i = static_cast<unsigned>(op);
    if (i == 0 || i >= kNumOpcodes) return nullptr;
    return &kTable[i];
}

Opcode opcode_by_mnemonic(std::string_view m) {
    for (unsigned i = 1; i < kNumOpcodes; ++i)
        if (kTable[i].mnemonic == m) return static_cast<Opcode>(i);
    return Opcode::Undefined;
}

unsigned access_bytes(const Atom& a) {
    const AtomInfo* info = atom_info(a.op);
    if (!info) return 0;
    return info->size_kind == SizeKind::F ? fp_size_bytes(a.size) : int_size_bytes(a.size);
}

std::string_view cond_name(Cond c) {
    static constexpr std::string_view n[] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                             "s", "ns", "p", "np", "l", "ge", "le", "g"};
    return n[static_cast<unsigned>(c) & 15];
}

std::string_view cmp_cond_name(CmpCond c) {
    static constexpr std::string_view n[] = {"eq", "ne", "lt", "ltu", "le", "leu", "gt", "gtu"};
    return n[static_cast<unsigned>(c) & 7];
}

std::string_view unit_name(Unit u) {
    static constexpr std::string_view n[] = {"none", "alu", "lsu", "fpu", "br"};
    return n[static_cast<unsigned>(u)];
}

std::string_view lat_class_name(LatClass l) {
    static constexpr std::string_view n[] = {"none", "alu",  "mul",   "div",   "load", "fadd",
                                             "fmul", "fdiv", "fsqrt", "fmisc", "link"};
    return n[static_cast<unsigned>(l)];
}

std::string_view energy_class_name(EnergyClass e) {
    static constexpr std::string_view n[] = {"alu",    "mul", "div",   "load", "store",
                                             "branch", "fp",  "fpdiv", "nop"};
    return n[static_cast<unsigned>(e)];
}

std::string isa_markdown() {
    using detail::Slot;
    std::ostringstream o;
    o << "| opcode | syntax | unit | latency | energy | description |\n"
         "|---|---|---|---|---|---|\n";
    for (unsigned i = 1; i < kNumOpcodes; ++i) {
        const AtomInfo& a = kTable[i];
        std::string syn(a.mnemonic);
        if (a.props & P_WFO) syn += "[f]";
        if (a.size_kind == SizeKind::I) syn += ".{b,h,w}";
        if (a.size_kind == SizeKind::F) syn += ".{s,d,t}";
        auto fs = detail::format_syntax(a.format);
        unsigned k = 0;
        for (unsigned s = 0; s < fs.count; ++s) {
            syn += s ? ", " : " ";
            Slot sl = fs.slots[s];
            char kind = detail::is_reg_slot(sl) && k < a.kinds.size() ? a.kinds[k++] : 'r';
            switch (sl) {
            case Slot::RD: syn += kind == 'f' ? "fd" : "rd"; break;
            case Slot::RS: syn += kind == 'f' ? "fs" : "rs"; break;
            case Slot::RT: syn += kind == 'f' ? "ft" : "rt"; break;
            case Slot::RU: syn += "ru"; break;
            case Slot::MEM: syn += "[rs]"; break;
            case Slot::IMM: syn += "imm"; break;
            case Slot::POS: syn += "pos"; break;
            case Slot::LEN: syn += "len"; break;
            case Slot::CC: syn += "cc"; break;
            case Slot::CMPCC: syn += "cond"; break;
            case Slot::AREG: syn += "aN"; break;
            case Slot::MASK: syn += "mask"; break;
            case Slot::TARGET: syn += "target"; break;
            case Slot::CODE: syn += "code"; break;
            case Slot::FK: syn += "const"; break;
            }
        }
        o << "| " << i << " | `" << syn << "` | " << unit_name(a.unit) << " | "
          << lat_class_name(a.lat) << " | " << energy_class_name(a.energy) << " | " << a.description
          << " |\n";
    }
    return o.str();
}

} // namespace cm::vliw
