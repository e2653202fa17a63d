// Atom and molecule encoding (layout documented in encoding.hpp).
#include "vliw/encoding.hpp"

#include <algorithm>
#include <cstring>

namespace cm::vliw {

namespace {

constexpr uint32_t kHeader = 1u << 31;

int32_t sext(uint32_t v, unsigned bits) {
    uint32_t m = 1u << (bits - 1);
    v &= (bits == 32) ? ~0u : ((1u << bits) - 1);
    return static_cast<int32_t>((v ^ m) - m);
}

[[noreturn]] void fail(const Atom& a, const char* what) {
    const AtomInfo* i = atom_info(a.op);
    throw EncodeError(std::string(i ? i->mnemonic : "<undefined>") + ": " + what);
}

void check_reg(const Atom& a, unsigned r, char kind) {
    if (r >= (kind == 'f' ? kNumFprs : kNumGprs)) fail(a, "register number out of range");
}

void check_signed(const Atom& a, int64_t v, unsigned bits, const char* what) {
    int64_t lo = -(int64_t(1) << (bits - 1)), hi = (int64_t(1) << (bits - 1)) - 1;
    if (v < lo || v > hi) fail(a, what);
}

// Field positions in the operand bits.
constexpr uint32_t A(unsigned v) {
    return (v & 63u) << 18;
}
constexpr uint32_t B(unsigned v) {
    return (v & 63u) << 12;
}
constexpr uint32_t C(unsigned v) {
    return (v & 63u) << 6;
}
constexpr uint32_t D(unsigned v) {
    return v & 63u;
}
constexpr unsigned fA(uint32_t w) {
    return (w >> 18) & 63u;
}
constexpr unsigned fB(uint32_t w) {
    return (w >> 12) & 63u;
}
constexpr unsigned fC(uint32_t w) {
    return (w >> 6) & 63u;
}
constexpr unsigned fD(uint32_t w) {
    return w & 63u;
}

void validate(const Atom& a, const AtomInfo& info) {
    // Register operands against their kinds, in syntax order.
    unsigned k = 0;
    auto reg = [&](unsigned r) {
        char kind = k < info.kinds.size() ? info.kinds[k] : 'r';
        ++k;
        check_reg(a, r, kind);
    };
    switch (info.format) {
    case Format::R3SF:
    case Format::R3:
    case Format::R3CC:
    case Format::SCMP:
        reg(a.rd);
        reg(a.rs);
        reg(a.rt);
        break;
    case Format::R4:
        reg(a.rd);
        reg(a.rs);
        reg(a.rt);
        reg(a.ru);
        break;
    case Format::R2SF:
    case Format::R2S:
    case Format::R2:
    case Format::JALR:
    case Format::BF:
        reg(a.rd);
        reg(a.rs);
        break;
    case Format::C2S:
    case Format::FCMP:
        reg(a.rs);
        reg(a.rt);
        break;
    case Format::R1D:
    case Format::RI18:
    case Format::RLI:
    case Format::CC:
    case Format::JAL:
    case Format::FCONST:
    case Format::MEMLD:
    case Format::LDP: reg(a.rd); break;
    case Format::RI12:
        reg(a.rd);
        reg(a.rs);
        break;
    case Format::R1S:
    case Format::JR:
    case Format::BRZ: reg(a.rs); break;
    case Format::MEMST:
    case Format::STAM:
    case Format::STAMX: reg(a.rt); break;
    default: break;
    }
    if (info.format == Format::MEMLD || info.format == Format::MEMST ||
        info.format == Format::LDP || info.format == Format::STAM || info.format == Format::STAMX)
        check_reg(a, a.rs, 'r');
    if (info.size_kind != SizeKind::N && a.size > 2) fail(a, "size code must be 0..2");
}

} // namespace

unsigned atom_words(const Atom& a) {
    const AtomInfo* i = atom_info(a.op);
    return (i && (i->props & P_EXT)) ? 2 : 1;
}

unsigned molecule_atom_words(const Molecule& m) {
    unsigned n = 0;
    for (const Atom& a : m.atoms)
        n += atom_words(a);
    return n;
}

unsigned encode_atom(const Atom& a, uint32_t out[2]) {
    const AtomInfo* info = atom_info(a.op);
    if (!info) throw EncodeError("undefined opcode");
    validate(a, *info);
    uint32_t w = static_cast<uint32_t>(a.op) << 24;
    uint32_t ext = 0;
    const unsigned sz = a.size & 3u, f = a.setflags ? 4u : 0u;
    switch (info->format) {
    case Format::NONE: break;
    case Format::R3SF: w |= A(a.rd) | B(a.rs) | C(a.rt) | D(sz | f); break;
    case Format::R2SF: w |= A(a.rd) | B(a.rs) | D(sz | f); break;
    case Format::R2S: w |= A(a.rd) | B(a.rs) | D(sz); break;
    case Format::C2S: w |= A(a.rs) | B(a.rt) | D(sz); break;
    case Format::R3: w |= A(a.rd) | B(a.rs) | C(a.rt); break;
    case Format::R4: w |= A(a.rd) | B(a.rs) | C(a.rt) | D(a.ru); break;
    case Format::R2:
    case Format::JALR: w |= A(a.rd) | B(a.rs); break;
    case Format::R1D: w |= A(a.rd); break;
    case Format::R1S:
    case Format::JR: w |= A(a.rs); break;
    case Format::BF:
        if (a.pos > 31 || a.len < 1 || a.len > 32 || a.pos + a.len > 32)
            fail(a, "bit field must satisfy pos + len <= 32, len >= 1");
        w |= A(a.rd) | B(a.rs) | (uint32_t(a.pos) << 7) | (uint32_t(a.len - 1) << 2);
        break;
    case Format::RI18:
        check_signed(a, a.imm, 18, "immediate out of 18-bit signed range (use li)");
        w |= A(a.rd) | (uint32_t(a.imm) & 0x3ffffu);
        break;
    case Format::RLI:
        w |= A(a.rd) | (uint32_t(a.imm) >> 31);
        ext = uint32_t(a.imm) & 0x7fffffffu;
        break;
    case Format::RI12:
        check_signed(a, a.imm, 12, "immediate out of 12-bit signed range");
        w |= A(a.rd) | B(a.rs) | (uint32_t(a.imm) & 0xfffu);
        break;
    case Format::CC: w |= A(a.rd) | D(a.cc & 15u); break;
    case Format::R3CC: w |= A(a.rd) | B(a.rs) | C(a.rt) | D(a.cc & 15u); break;
    case Format::SCMP: w |= A(a.rd) | B(a.rs) | C(a.rt) | D(a.cc & 7u); break;
    case Format::MEMLD: w |= A(a.rd) | B(a.rs) | D(sz); break;
    case Format::MEMST: w |= A(a.rs) | B(a.rt) | D(sz); break;
    case Format::LDP:
        if (a.areg >= kMaxAliasRegs) fail(a, "alias register out of range");
        w |= A(a.rd) | B(a.rs) | C(a.areg) | D(sz);
        break;
    case Format::STAM:
        if (a.mask >= (1u << 10)) fail(a, "mask wider than 10 bits (use stamx)");
        w |= A(a.rs) | B(a.rt) | (sz << 10) | a.mask;
        break;
    case Format::STAMX:
        if (a.mask >= (1u << 31)) fail(a, "mask wider than 31 bits");
        w |= A(a.rs) | B(a.rt) | D(sz);
        ext = a.mask;
        break;
    case Format::BR24:
        check_signed(a, a.imm, 24, "branch displacement out of range");
        w |= uint32_t(a.imm) & 0xffffffu;
        break;
    case Format::BCC:
        check_signed(a, a.imm, 20, "branch displacement out of range");
        w |= (uint32_t(a.cc & 15u) << 20) | (uint32_t(a.imm) & 0xfffffu);
        break;
    case Format::BRZ:
        check_signed(a, a.imm, 18, "branch displacement out of range");
        w |= A(a.rs) | (uint32_t(a.imm) & 0x3ffffu);
        break;
    case Format::JAL:
        check_signed(a, a.imm, 18, "branch displacement out of range");
        w |= A(a.rd) | (uint32_t(a.imm) & 0x3ffffu);
        break;
    case Format::EXIT:
        if (a.imm < 0 || a.imm > 0xffff) fail(a, "exit code must be 0..65535");
        w |= uint32_t(a.imm);
        break;
    case Format::FCONST:
        if (a.cc >= 7) fail(a, "unknown constant");
        w |= A(a.rd) | D(a.cc);
        break;
    case Format::FCMP: w |= A(a.rs) | B(a.rt); break;
    }
    out[0] = w;
    out[1] = ext;
    return (info->props & P_EXT) ? 2 : 1;
}

bool decode_atom(uint32_t w, uint32_t ext, Atom& a) {
    a = Atom{};
    a.op = static_cast<Opcode>((w >> 24) & 0x7f);
    const AtomInfo* info = atom_info(a.op);
    if (!info) return false;
    ext &= 0x7fffffffu;
    const unsigned d = fD(w);
    switch (info->format) {
    case Format::NONE: break;
    case Format::R3SF:
        a.rd = fA(w);
        a.rs = fB(w);
        a.rt = fC(w);
        a.size = d & 3;
        a.setflags = d & 4;
        break;
    case Format::R2SF:
        a.rd = fA(w);
        a.rs = fB(w);
        a.size = d & 3;
        a.setflags = d & 4;
        break;
    case Format::R2S:
        a.rd = fA(w);
        a.rs = fB(w);
        a.size = d & 3;
        break;
    case Format::C2S:
        a.rs = fA(w);
        a.rt = fB(w);
        a.size = d & 3;
        break;
    case Format::R3:
        a.rd = fA(w);
        a.rs = fB(w);
        a.rt = fC(w);
        break;
    case Format::R4:
        a.rd = fA(w);
        a.rs = fB(w);
        a.rt = fC(w);
        a.ru = d;
        break;
    case Format::R2:
    case Format::JALR:
        a.rd = fA(w);
        a.rs = fB(w);
        break;
    case Format::R1D: a.rd = fA(w); break;
    case Format::R1S:
    case Format::JR: a.rs = fA(w); break;
    case Format::BF:
        a.rd = fA(w);
        a.rs = fB(w);
        a.pos = (w >> 7) & 31;
        a.len = ((w >> 2) & 31) + 1;
        if (a.pos + a.len > 32) return false;
        break;
    case Format::RI18:
        a.rd = fA(w);
        a.imm = sext(w, 18);
        break;
    case Format::RLI:
        a.rd = fA(w);
        a.imm = static_cast<int32_t>(ext | (w << 31));
        break;
    case Format::RI12:
        a.rd = fA(w);
        a.rs = fB(w);
        a.imm = sext(w, 12);
        break;
    case Format::CC:
        a.rd = fA(w);
        a.cc = d & 15;
        break;
    case Format::R3CC:
        a.rd = fA(w);
        a.rs = fB(w);
        a.rt = fC(w);
        a.cc = d & 15;
        break;
    case Format::SCMP:
        a.rd = fA(w);
        a.rs = fB(w);
        a.rt = fC(w);
        a.cc = d & 7;
        break;
    case Format::MEMLD:
        a.rd = fA(w);
        a.rs = fB(w);
        a.size = d & 3;
        break;
    case Format::MEMST:
        a.rs = fA(w);
        a.rt = fB(w);
        a.size = d & 3;
        break;
    case Format::LDP:
        a.rd = fA(w);
        a.rs = fB(w);
        a.areg = fC(w) & 31;
        a.size = d & 3;
        break;
    case Format::STAM:
        a.rs = fA(w);
        a.rt = fB(w);
        a.size = (w >> 10) & 3;
        a.mask = w & 0x3ff;
        break;
    case Format::STAMX:
        a.rs = fA(w);
        a.rt = fB(w);
        a.size = d & 3;
        a.mask = ext;
        break;
    case Format::BR24: a.imm = sext(w, 24); break;
    case Format::BCC:
        a.cc = (w >> 20) & 15;
        a.imm = sext(w, 20);
        break;
    case Format::BRZ:
        a.rs = fA(w);
        a.imm = sext(w, 18);
        break;
    case Format::JAL:
        a.rd = fA(w);
        a.imm = sext(w, 18);
        break;
    case Format::EXIT: a.imm = static_cast<int32_t>(w & 0xffff); break;
    case Format::FCONST:
        a.rd = fA(w);
        a.cc = d & 15;
        if (a.cc >= 7) return false;
        break;
    case Format::FCMP:
        a.rs = fA(w);
        a.rt = fB(w);
        break;
    }
    // Register kinds: FP register numbers must be < 32.
    if (info->kinds.find('f') != std::string_view::npos) {
        Atom probe = a;
        try {
            validate(probe, *info);
        } catch (const EncodeError&) {
            return false;
        }
    }
    if (info->size_kind != SizeKind::N && a.size > 2) return false;
    return true;
}

unsigned encode_molecule(const Molecule& m, std::vector<uint8_t>& out, unsigned min_words) {
    unsigned need = molecule_atom_words(m);
    if (need > kMaxMoleculeWords) throw EncodeError("molecule needs more than 8 slots");
    unsigned n = std::max({2u, need, min_words, unsigned(m.words)});
    n = n <= 2 ? 2 : n <= 4 ? 4 : 8;
    uint32_t words[kMaxMoleculeWords];
    unsigned k = 0;
    for (const Atom& a : m.atoms)
        k += encode_atom(a, words + k);
    const uint32_t nop = static_cast<uint32_t>(Opcode::NOP) << 24;
    while (k < n)
        words[k++] = nop;
    if (m.commit) words[0] |= kHeader;
    if (n >= 4) words[1] |= kHeader;
    if (n == 8) words[2] |= kHeader;
    size_t at = out.size();
    out.resize(at + 4 * n);
    std::memcpy(out.data() + at, words, 4 * n);
    return n;
}

unsigned molecule_length(uint32_t, uint32_t w1, uint32_t w2) {
    if (!(w1 & kHeader)) return 2;
    return (w2 & kHeader) ? 8 : 4;
}

DecodeResult decode_molecule(const uint8_t* p, size_t avail, Molecule& out) {
    DecodeResult r;
    out.atoms.clear();
    if (avail < 8) return {DecodeStatus::Truncated, 0, 0};
    uint32_t w[kMaxMoleculeWords] = {};
    std::memcpy(w, p, 8);
    unsigned n = 2;
    if (w[1] & kHeader) {
        if (avail < 16) return {DecodeStatus::Truncated, 4, 0};
        std::memcpy(w + 2, p + 8, 8);
        n = 4;
        if (w[2] & kHeader) {
            if (avail < 32) return {DecodeStatus::Truncated, 8, 0};
            std::memcpy(w + 4, p + 16, 16);
            n = 8;
        }
    }
    r.words = static_cast<uint8_t>(n);
    out.words = r.words;
    out.commit = w[0] & kHeader;
    for (unsigned i = 3; i < n; ++i)
        if (w[i] & kHeader) return {DecodeStatus::BadHeader, r.words, static_cast<uint8_t>(i)};
    if (n == 2 && (w[1] & kHeader)) return {DecodeStatus::BadHeader, r.words, 1};
    for (unsigned i = 0; i < n;) {
        Atom a;
        const AtomInfo* info = atom_info(static_cast<Opcode>((w[i] >> 24) & 0x7f));
        bool ext = info && (info->props & P_EXT);
        if (ext && i + 1 >= n)
            return {DecodeStatus::MissingExtension, r.words, static_cast<uint8_t>(i)};
        if (!decode_atom(w[i], ext ? w[i + 1] : 0, a))
            return {DecodeStatus::UndefinedOpcode, r.words, static_cast<uint8_t>(i)};
        out.atoms.push_back(a);
        i += ext ? 2 : 1;
    }
    return r;
}

} // namespace cm::vliw
