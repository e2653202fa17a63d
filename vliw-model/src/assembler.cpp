// Text -> molecules. The syntax of each atom comes from its format
// (syntax.hpp) and the operand kinds of its atoms.def row.
#include "vliw/assembler.hpp"

#include "syntax.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace cm::vliw {

AsmError::AsmError(int l, const std::string& msg)
    : std::runtime_error("line " + std::to_string(l) + ": " + msg), line(l) {}

uint32_t Program::label(std::string_view name) const {
    auto it = labels.find(name);
    if (it == labels.end()) throw std::out_of_range("no label " + std::string(name));
    return it->second;
}

namespace {

using detail::Slot;

struct ParseError {
    std::string msg;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.push_back(trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    return out;
}

bool parse_int(std::string_view s, int64_t& v) {
    s = trim(s);
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s.remove_prefix(2);
    }
    if (s.empty()) return false;
    uint64_t u = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), u, base);
    if (ec != std::errc() || p != s.data() + s.size()) return false;
    v = neg ? -static_cast<int64_t>(u) : static_cast<int64_t>(u);
    return true;
}

int64_t need_int(std::string_view s, const char* what) {
    int64_t v;
    if (!parse_int(s, v))
        throw ParseError{std::string("expected ") + what + ", got '" + std::string(s) + "'"};
    return v;
}

unsigned parse_reg(std::string_view s, char kind) {
    s = trim(s);
    unsigned limit = kind == 'f' ? kNumFprs : kNumGprs;
    if (s.size() >= 2 && s[0] == kind) {
        int64_t v;
        if (parse_int(s.substr(1), v) && v >= 0 && v < limit) return static_cast<unsigned>(v);
    }
    throw ParseError{std::string("expected ") +
                     (kind == 'f' ? "FP register f0..f31" : "register r0..r63") + ", got '" +
                     std::string(s) + "'"};
}

uint8_t parse_cond(std::string_view s) {
    static const std::pair<std::string_view, Cond> aliases[] = {
        {"c", Cond::B},   {"nae", Cond::B}, {"nc", Cond::AE}, {"nb", Cond::AE}, {"z", Cond::E},
        {"nz", Cond::NE}, {"na", Cond::BE}, {"nbe", Cond::A}, {"pe", Cond::P},  {"po", Cond::NP},
        {"nge", Cond::L}, {"nl", Cond::GE}, {"ng", Cond::LE}, {"nle", Cond::G}};
    for (unsigned i = 0; i < 16; ++i)
        if (cond_name(static_cast<Cond>(i)) == s) return static_cast<uint8_t>(i);
    for (auto& [n, c] : aliases)
        if (n == s) return static_cast<uint8_t>(c);
    throw ParseError{"unknown condition '" + std::string(s) + "'"};
}

uint8_t parse_cmp_cond(std::string_view s) {
    for (unsigned i = 0; i < 8; ++i)
        if (cmp_cond_name(static_cast<CmpCond>(i)) == s) return static_cast<uint8_t>(i);
    throw ParseError{"unknown compare condition '" + std::string(s) +
                     "' (eq ne lt ltu le leu gt gtu)"};
}

struct Fixup {
    size_t atom;
    std::string label;
    bool absolute = false; // li of a label's address rather than a branch displacement
};

struct Parsed {
    Molecule m;
    std::vector<Fixup> fixups;
};

Atom parse_atom(std::string_view text, uint32_t pc, size_t index, std::vector<Fixup>& fixups) {
    size_t sp = 0;
    while (sp < text.size() && !std::isspace(static_cast<unsigned char>(text[sp])))
        ++sp;
    std::string_view mn = text.substr(0, sp), rest = trim(text.substr(sp));
    std::string_view suffix;
    if (auto dot = mn.find('.'); dot != std::string_view::npos) {
        suffix = mn.substr(dot + 1);
        mn = mn.substr(0, dot);
    }
    Atom a;
    a.op = opcode_by_mnemonic(mn);
    if (a.op == Opcode::Undefined && mn.size() > 1 && mn.back() == 'f') {
        Opcode base = opcode_by_mnemonic(mn.substr(0, mn.size() - 1));
        if (base != Opcode::Undefined && (atom_info(base)->props & P_WFO)) {
            a.op = base;
            a.setflags = true;
        }
    }
    if (a.op == Opcode::Undefined) throw ParseError{"unknown atom '" + std::string(mn) + "'"};
    const AtomInfo& info = *atom_info(a.op);
    if (info.size_kind == SizeKind::N) {
        if (!suffix.empty()) throw ParseError{std::string(mn) + " takes no size suffix"};
    } else {
        const char* names = info.size_kind == SizeKind::I ? "bhw" : "sdt";
        if (suffix.empty() && info.size_kind == SizeKind::I) suffix = "w";
        if (suffix.size() != 1 || std::string_view(names).find(suffix[0]) == std::string_view::npos)
            throw ParseError{std::string(mn) + " needs a size suffix ." + names[0] + " ." +
                             names[1] + " or ." + names[2]};
        a.size = static_cast<uint8_t>(std::string_view(names).find(suffix[0]));
    }
    auto syn = detail::format_syntax(info.format);
    std::vector<std::string_view> ops;
    if (!rest.empty()) ops = split(rest, ',');
    if (ops.size() != syn.count)
        throw ParseError{std::string(info.mnemonic) + " takes " + std::to_string(syn.count) +
                         " operand(s), got " + std::to_string(ops.size())};
    unsigned k = 0;
    for (unsigned i = 0; i < syn.count; ++i) {
        std::string_view o = ops[i];
        Slot s = syn.slots[i];
        char kind = detail::is_reg_slot(s) && k < info.kinds.size() ? info.kinds[k++] : 'r';
        switch (s) {
        case Slot::RD: a.rd = parse_reg(o, kind); break;
        case Slot::RS: a.rs = parse_reg(o, kind); break;
        case Slot::RT: a.rt = parse_reg(o, kind); break;
        case Slot::RU: a.ru = parse_reg(o, kind); break;
        case Slot::MEM:
            if (o.size() < 3 || o.front() != '[' || o.back() != ']')
                throw ParseError{"expected [register] address, got '" + std::string(o) + "'"};
            a.rs = parse_reg(o.substr(1, o.size() - 2), 'r');
            break;
        case Slot::IMM: {
            int64_t v;
            if (info.format == Format::RLI && !parse_int(o, v) && !o.empty() &&
                (std::isalpha(static_cast<unsigned char>(o[0])) || o[0] == '_')) {
                fixups.push_back({index, std::string(o), true}); // li rd, label: absolute address
                break;
            }
            v = need_int(o, "immediate");
            if (v < INT32_MIN || v > UINT32_MAX) throw ParseError{"immediate out of 32-bit range"};
            a.imm = static_cast<int32_t>(static_cast<uint32_t>(v));
            break;
        }
        case Slot::POS: a.pos = static_cast<uint8_t>(need_int(o, "bit position")); break;
        case Slot::LEN: {
            int64_t v = need_int(o, "bit length");
            if (v < 1 || v > 32) throw ParseError{"bit length must be 1..32"};
            a.len = static_cast<uint8_t>(v);
            break;
        }
        case Slot::CC: a.cc = parse_cond(o); break;
        case Slot::CMPCC: a.cc = parse_cmp_cond(o); break;
        case Slot::AREG: {
            int64_t v;
            if (o.size() < 2 || o[0] != 'a' || !parse_int(o.substr(1), v) || v < 0 ||
                v >= kMaxAliasRegs)
                throw ParseError{"expected alias register a0..a30, got '" + std::string(o) + "'"};
            a.areg = static_cast<uint8_t>(v);
            break;
        }
        case Slot::MASK: {
            int64_t v = need_int(o, "alias mask");
            if (v < 0 || v >= (int64_t(1) << kMaxAliasRegs))
                throw ParseError{"alias mask out of range"};
            a.mask = static_cast<uint32_t>(v);
            break;
        }
        case Slot::TARGET: {
            int64_t v;
            if (parse_int(o, v)) {
                // Displacements wrap modulo 2^32 like the hardware's address adder.
                const int32_t d = static_cast<int32_t>(static_cast<uint32_t>(v) - pc);
                if (d % 4) throw ParseError{"branch target not word aligned"};
                a.imm = d / 4;
            } else {
                fixups.push_back({index, std::string(o)});
            }
            break;
        }
        case Slot::CODE: a.imm = static_cast<int32_t>(need_int(o, "exit code")); break;
        case Slot::FK: {
            int64_t v;
            bool found = false;
            for (unsigned c = 0; c < detail::kNumFconst; ++c)
                if (o == detail::kFconstNames[c]) a.cc = static_cast<uint8_t>(c), found = true;
            if (!found) {
                if (!parse_int(o, v) || v < 0 || v >= detail::kNumFconst)
                    throw ParseError{"unknown constant '" + std::string(o) +
                                     "' (zero one pi l2t l2e lg2 ln2)"};
                a.cc = static_cast<uint8_t>(v);
            }
            break;
        }
        }
    }
    // A wide stam mask silently selects the extension-word form.
    if (a.mask >= (1u << 10)) {
        if (a.op == Opcode::STAM) a.op = Opcode::STAMX;
        if (a.op == Opcode::FSTAM) a.op = Opcode::FSTAMX;
    }
    return a;
}

// Two atoms of one molecule writing the same register would make the result
// depend on slot order; the hardware gives no such guarantee, so reject it.
void check_dests(const Molecule& m) {
    std::set<int> dests;
    bool flags = false;
    for (const Atom& a : m.atoms) {
        const AtomInfo& info = *atom_info(a.op);
        auto syn = detail::format_syntax(info.format);
        if (syn.count && syn.slots[0] == Slot::RD) {
            int r = (info.kinds.size() && info.kinds[0] == 'f') ? 64 + a.rd : a.rd;
            if (!dests.insert(r).second)
                throw ParseError{"two atoms write " + std::string(r >= 64 ? "f" : "r") +
                                 std::to_string(r % 64) + " in one molecule"};
        }
        bool wf = (info.props & P_WF) || ((info.props & P_WFO) && a.setflags);
        if (wf && flags) throw ParseError{"two atoms write the flags in one molecule"};
        flags |= wf;
    }
}

Parsed parse_line(std::string_view body, uint32_t pc) {
    Parsed p;
    body = trim(body);
    if (!body.empty() && body.front() == '{') {
        auto close = body.rfind('}');
        if (close == std::string_view::npos) throw ParseError{"missing '}'"};
        std::string_view after = trim(body.substr(close + 1));
        if (after == "commit")
            p.m.commit = true;
        else if (!after.empty())
            throw ParseError{"unexpected text after '}'"};
        body = body.substr(1, close - 1);
    }
    for (std::string_view item : split(body, ';')) {
        if (item.empty()) throw ParseError{"empty atom between ';'"};
        if (item == "commit") {
            p.m.commit = true;
            continue;
        }
        p.m.atoms.push_back(parse_atom(item, pc, p.m.atoms.size(), p.fixups));
    }
    check_dests(p.m);
    return p;
}

std::string_view strip_comment(std::string_view line) {
    size_t h = line.find('#'), s = line.find("//");
    return line.substr(0, std::min(h, s));
}

} // namespace

Molecule parse_molecule(std::string_view line, uint32_t pc) {
    try {
        Parsed p = parse_line(strip_comment(line), pc);
        if (!p.fixups.empty())
            throw ParseError{"label '" + p.fixups[0].label + "' outside a program"};
        return p.m;
    } catch (const ParseError& e) {
        throw AsmError(1, e.msg);
    }
}

Program assemble(std::string_view text, const AsmOptions& opt) {
    Program prog;
    prog.base = opt.base;
    struct Pending {
        Parsed p;
        int line;
        uint32_t pc;
        unsigned words;
    };
    std::vector<Pending> mols;
    uint32_t pc = opt.base;
    int lineno = 0;
    for (std::string_view line : split(text, '\n')) {
        ++lineno;
        try {
            std::string_view body = trim(strip_comment(line));
            // Leading labels.
            for (;;) {
                size_t i = 0;
                while (i < body.size() && (std::isalnum(static_cast<unsigned char>(body[i])) ||
                                           body[i] == '_' || body[i] == '.'))
                    ++i;
                if (i == 0 || i >= body.size() || body[i] != ':') break;
                std::string name(body.substr(0, i));
                if (std::isdigit(static_cast<unsigned char>(name[0])))
                    throw ParseError{"label starts with a digit"};
                if (!prog.labels.emplace(name, pc).second)
                    throw ParseError{"duplicate label '" + name + "'"};
                body = trim(body.substr(i + 1));
            }
            if (body.empty()) continue;
            Parsed p = parse_line(body, pc);
            unsigned need = molecule_atom_words(p.m);
            unsigned words = std::max({2u, need, opt.min_words});
            words = words <= 2 ? 2 : words <= 4 ? 4 : 8;
            if (words > opt.max_words)
                throw ParseError{"molecule needs " + std::to_string(need) +
                                 " slots, machine allows " + std::to_string(opt.max_words)};
            mols.push_back({std::move(p), lineno, pc, words});
            pc += 4 * words;
        } catch (const ParseError& e) {
            throw AsmError(lineno, e.msg);
        }
    }
    for (Pending& m : mols) {
        for (const Fixup& f : m.p.fixups) {
            auto it = prog.labels.find(f.label);
            if (it == prog.labels.end())
                throw AsmError(m.line, "undefined label '" + f.label + "'");
            m.p.m.atoms[f.atom].imm = f.absolute ? static_cast<int32_t>(it->second)
                                                 : static_cast<int32_t>(it->second - m.pc) / 4;
        }
        prog.molecule_addrs.push_back(m.pc);
        try {
            encode_molecule(m.p.m, prog.bytes, m.words);
        } catch (const EncodeError& e) {
            throw AsmError(m.line, e.what());
        }
    }
    return prog;
}

} // namespace cm::vliw
