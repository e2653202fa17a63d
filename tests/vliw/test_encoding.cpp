// Encoding and assembler tests: every opcode round-trips through
// encode/decode and through disassemble/assemble; molecule framing; errors.
#include "vliw/assembler.hpp"
#include "vliw/encoding.hpp"
#include "vliw/isa.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

using namespace cm::vliw;

namespace {

Atom random_atom(std::mt19937& rng, Opcode op) {
    auto rnd = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    const AtomInfo& info = *atom_info(op);
    Atom a;
    a.op = op;
    bool fp = info.kinds.find('f') != std::string_view::npos;
    int regmax = fp ? 31 : 63;
    a.rd = uint8_t(rnd(0, regmax));
    a.rs = uint8_t(rnd(0, regmax));
    a.rt = uint8_t(rnd(0, regmax));
    a.ru = uint8_t(rnd(0, regmax));
    a.size = uint8_t(rnd(0, 2));
    a.setflags = (info.props & P_WFO) && rnd(0, 1);
    a.cc = uint8_t(rnd(0, 15));
    a.pos = uint8_t(rnd(0, 31));
    a.len = uint8_t(rnd(1, 32 - a.pos));
    a.areg = uint8_t(rnd(0, kMaxAliasRegs - 1));
    a.mask = uint32_t(rnd(0, 1023));
    switch (info.format) {
    case Format::RI18:
    case Format::BRZ:
    case Format::JAL: a.imm = int32_t(rnd(-(1 << 17), (1 << 17) - 1)); break;
    case Format::RI12: a.imm = int32_t(rnd(-2048, 2047)); break;
    case Format::RLI: a.imm = int32_t(uint32_t(rnd(0, 0xffffffffll))); break;
    case Format::BR24: a.imm = int32_t(rnd(-(1 << 23), (1 << 23) - 1)); break;
    case Format::BCC: a.imm = int32_t(rnd(-(1 << 19), (1 << 19) - 1)); break;
    case Format::EXIT: a.imm = int32_t(rnd(0, 0xffff)); break;
    case Format::STAMX: a.mask = uint32_t(rnd(0, 0x7fffffff)); break;
    case Format::SCMP: a.cc &= 7; break;
    case Format::FCONST: a.cc = uint8_t(rnd(0, 6)); break;
    default: break;
    }
    return a;
}

// Canonical form: the fields the format keeps.
Atom canon(const Atom& a) {
    uint32_t w[2];
    encode_atom(a, w);
    Atom out;
    REQUIRE(decode_atom(w[0], w[1], out));
    return out;
}

} // namespace

TEST_CASE("every opcode encodes, decodes and disassembles back to itself", "[isa][encoding]") {
    std::mt19937 rng(42);
    for (unsigned op = 1; op < kNumOpcodes; ++op) {
        for (int i = 0; i < 200; ++i) {
            Atom a = canon(random_atom(rng, static_cast<Opcode>(op)));
            uint32_t w[2];
            unsigned n = encode_atom(a, w);
            Atom b;
            REQUIRE(decode_atom(w[0], w[1], b));
            CHECK(b == a);
            // Text round trip inside a molecule at a fixed address.
            Molecule m;
            m.atoms.push_back(a);
            const uint32_t pc = 0x40000;
            std::string text = disassemble_molecule(m, pc);
            INFO(text);
            Molecule back = parse_molecule(text, pc);
            REQUIRE(back.atoms.size() == 1);
            CHECK(back.atoms[0] == a);
            CHECK(atom_words(a) == n);
        }
    }
}

TEST_CASE("canonical atoms keep every field through encoding", "[isa][encoding]") {
    Atom a;
    a.op = Opcode::ADD;
    a.rd = 63;
    a.rs = 47;
    a.rt = 1;
    a.size = 0;
    a.setflags = true;
    CHECK(canon(a) == a);
    Atom li;
    li.op = Opcode::LI;
    li.rd = 5;
    li.imm = int32_t(0x89abcdefu);
    li.size = 2;
    // size is not part of LI's format: decode leaves the default
    CHECK(canon(li).imm == li.imm);
    CHECK(atom_words(li) == 2);
}

TEST_CASE("molecule framing: length, commit bit, padding and extension words", "[isa][encoding]") {
    auto enc = [](const char* text, unsigned min_words = 2) {
        Molecule m = parse_molecule(text, 0);
        std::vector<uint8_t> out;
        encode_molecule(m, out, min_words);
        return out;
    };
    CHECK(enc("nop").size() == 8);
    CHECK(enc("add r1, r2, r3 ; add r4, r5, r6").size() == 8);
    CHECK(enc("add r1, r2, r3 ; add r4, r5, r6 ; ld.w r7, [r8]").size() == 16);
    CHECK(enc("li r1, 0x12345678 ; add r4, r5, r6 ; ld.w r7, [r8]").size() == 16);
    CHECK(enc("li r1, 1 ; li r2, 2 ; li r3, 3").size() == 32);
    CHECK(enc("nop", 8).size() == 32);

    std::vector<uint8_t> bytes = enc("add r1, r2, r3 ; exit 3 ; commit");
    uint32_t w0;
    std::memcpy(&w0, bytes.data(), 4);
    CHECK((w0 >> 31) == 1); // commit bit
    Molecule m;
    DecodeResult r = decode_molecule(bytes.data(), bytes.size(), m);
    REQUIRE(r.status == DecodeStatus::Ok);
    CHECK(m.commit);
    CHECK(m.words == 2);
    REQUIRE(m.atoms.size() == 2);
    CHECK(m.atoms[1].op == Opcode::EXIT);
    CHECK(m.atoms[1].imm == 3);

    std::vector<uint8_t> eight =
        enc("li r1, -1 ; li r2, 2 ; li r3, 3 ; stamx.w [r1], r2, 0x7fff0000");
    DecodeResult r8 = decode_molecule(eight.data(), eight.size(), m);
    REQUIRE(r8.status == DecodeStatus::Ok);
    CHECK(r8.words == 8);
    CHECK(m.atoms[0].imm == -1);
    CHECK(m.atoms[3].mask == 0x7fff0000u);
    CHECK(decode_molecule(eight.data(), 16, m).status == DecodeStatus::Truncated);
}

TEST_CASE("decode rejects undefined opcodes, stray header bits and missing extensions",
          "[isa][encoding]") {
    Molecule m;
    uint32_t zero[2] = {0, static_cast<uint32_t>(Opcode::NOP) << 24};
    CHECK(decode_molecule(reinterpret_cast<uint8_t*>(zero), 8, m).status ==
          DecodeStatus::UndefinedOpcode);
    uint32_t high[2] = {0x7fu << 24, static_cast<uint32_t>(Opcode::NOP) << 24};
    CHECK(decode_molecule(reinterpret_cast<uint8_t*>(high), 8, m).status ==
          DecodeStatus::UndefinedOpcode);
    uint32_t nop = static_cast<uint32_t>(Opcode::NOP) << 24;
    uint32_t stray[4] = {nop, nop | (1u << 31), nop, nop | (1u << 31)};
    DecodeResult r = decode_molecule(reinterpret_cast<uint8_t*>(stray), 16, m);
    CHECK(r.status == DecodeStatus::BadHeader);
    CHECK(r.bad_slot == 3);
    uint32_t li_last[2] = {nop, static_cast<uint32_t>(Opcode::LI) << 24};
    CHECK(decode_molecule(reinterpret_cast<uint8_t*>(li_last), 8, m).status ==
          DecodeStatus::MissingExtension);
}

TEST_CASE(
    "random programs: assemble -> encode -> decode -> disassemble -> assemble is the identity",
    "[isa][asm]") {
    std::mt19937 rng(7);
    const uint32_t base = 0x10000;
    std::string text;
    unsigned molecules = 0;
    while (molecules < 400) {
        Molecule m;
        m.commit = rng() & 1;
        unsigned words = 0, target = 1 + rng() % 8;
        std::vector<int> used;
        bool flags = false;
        while (words < target) {
            Opcode op = static_cast<Opcode>(1 + rng() % (kNumOpcodes - 1));
            Atom a = canon(random_atom(rng, op));
            const AtomInfo& info = *atom_info(op);
            if (words + atom_words(a) > 8) break;
            // Keep molecules legal for the assembler: distinct destinations, one flags writer.
            std::string probe = disassemble_atom(a, 0);
            bool writes_rd = probe.find(' ') != std::string::npos && info.format != Format::C2S &&
                             info.format != Format::FCMP && info.format != Format::MEMST &&
                             info.format != Format::STAM && info.format != Format::STAMX &&
                             info.format != Format::R1S && info.format != Format::JR &&
                             info.format != Format::BRZ && info.format != Format::BR24 &&
                             info.format != Format::BCC && info.format != Format::EXIT;
            int dst = (info.kinds.size() && info.kinds[0] == 'f' ? 64 : 0) + a.rd;
            bool wf = (info.props & P_WF) || ((info.props & P_WFO) && a.setflags);
            if ((writes_rd && std::find(used.begin(), used.end(), dst) != used.end()) ||
                (wf && flags))
                continue;
            if (writes_rd) used.push_back(dst);
            flags |= wf;
            m.atoms.push_back(a);
            words += atom_words(a);
        }
        if (m.atoms.empty()) continue;
        // Branch displacements are relative to the molecule: render each
        // molecule at the address it will get.
        uint32_t pc = base;
        if (!text.empty()) {
            Program sofar = assemble(text, {base, 8, 2});
            pc = base + uint32_t(sofar.bytes.size());
        }
        text += disassemble_molecule(m, pc) + "\n";
        ++molecules;
    }
    Program p1 = assemble(text, {base, 8, 2});
    std::string listing = disassemble(p1.bytes.data(), p1.bytes.size(), base);
    Program p2 = assemble(listing, {base, 8, 2});
    CHECK(p1.molecule_addrs.size() == 400);
    CHECK(p2.bytes == p1.bytes);
}

TEST_CASE("assembler: labels, forward branches and errors with line numbers", "[isa][asm]") {
    Program p = assemble(R"(
        # comment line
        start:  movi r1, 10            // count
        loop:   { addi r1, r1, -1 ; bnz r1, loop }
                br done
        done:   exit 7 ; commit
    )",
                         {0x1000, 4, 2});
    CHECK(p.label("start") == 0x1000);
    CHECK(p.label("loop") == 0x1008);
    CHECK(p.label("done") == 0x1018);
    Molecule m;
    REQUIRE(decode_molecule(p.bytes.data() + 8, 8, m).status == DecodeStatus::Ok);
    CHECK(m.atoms[1].op == Opcode::BNZ);
    CHECK(m.atoms[1].imm == 0); // branch to its own molecule
    REQUIRE(decode_molecule(p.bytes.data() + 16, 8, m).status == DecodeStatus::Ok);
    CHECK(m.atoms[0].imm == 2); // 8 bytes forward

    auto err_line = [](const char* text) {
        try {
            assemble(text, {0, 4, 2});
        } catch (const AsmError& e) {
            return e.line;
        }
        return -1;
    };
    CHECK(err_line("nop\nfrob r1, r2") == 2);
    CHECK(err_line("add r1, r2") == 1);
    CHECK(err_line("add r1, r2, r64") == 1);
    CHECK(err_line("nop\nnop\nbr nowhere") == 3);
    CHECK(err_line("movi r1, 200000") == 1);
    CHECK(err_line("add r1, r2, r3 ; add r1, r4, r5") == 1);
    CHECK(err_line("addf r1, r2, r3 ; cmp r4, r5") == 1);
    CHECK(err_line("li r1, 1 ; li r2, 2 ; li r3, 3") == 1); // 6 slots on a 4-slot machine
    CHECK(err_line("fld f1, [r2]") == 1);                   // FP loads need an explicit size
    CHECK(err_line("x: nop\nx: nop") == 2);
    CHECK(err_line("ldp.w r1, [r2], a31") == 1);
}

TEST_CASE("the ISA table drives the documentation", "[isa]") {
    std::string doc = isa_markdown();
    for (unsigned op = 1; op < kNumOpcodes; ++op) {
        const AtomInfo* i = atom_info(static_cast<Opcode>(op));
        REQUIRE(i);
        CHECK(doc.find("`" + std::string(i->mnemonic)) != std::string::npos);
        CHECK(opcode_by_mnemonic(i->mnemonic) == static_cast<Opcode>(op));
    }
    CHECK(atom_info(Opcode::Undefined) == nullptr);
    CHECK(kNumOpcodes <= 128); // 7-bit opcode field
}

TEST_CASE("vliw-model/README.md carries the current generated atom table", "[isa][doc]") {
    std::ifstream in(CM_VLIW_README);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    INFO("regenerate the table in README.md from cm::vliw::isa_markdown():\n" << isa_markdown());
    CHECK(ss.str().find(isa_markdown()) != std::string::npos);
}
