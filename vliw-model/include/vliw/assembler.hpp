// Assembler and disassembler for the VLIW text form. Plain C++.
//
// One molecule per line; atoms separated by ';'; the word `commit` among
// them sets the molecule's commit bit; optional braces; `label:` prefixes;
// comments start with '#' or '//'. Example:
//
//     loop:  { ldp.w r3, [r1], a0 ; addi r1, r1, 4 ; bnz r2, loop ; addi r2, r2, -1 }
//            add r4, r4, r3 ; exit 7 ; commit
//
// Atom syntax: mnemonic[f][.size] operands, e.g. `addf.b r1, r2, r3`
// (flag-setting 8-bit add), `ld.h r1, [r2]`, `fld.t f0, [r3]`,
// `stam.w [r1], r2, 0x3`, `bcc ne, label`, `setcc r1, l`, `scmp r1, r2, r3, ltu`.
// Branch targets are labels or absolute addresses; the disassembler prints
// absolute addresses, so disassembly re-assembles to the same bytes.
#pragma once

#include "vliw/encoding.hpp"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cm::vliw {

/// A syntax or encoding error, with its 1-based line number.
struct AsmError : std::runtime_error {
    AsmError(int line, const std::string& msg);
    int line;
};

struct AsmOptions {
    uint32_t base = 0;      ///< address of the first molecule (bytes)
    unsigned max_words = 8; ///< widest molecule allowed (the preset's molecule_atoms)
    unsigned min_words = 2; ///< pad every molecule to at least this many words
};

/// Result of assembling: the code bytes for `base`, the labels and the
/// address of each molecule.
struct Program {
    uint32_t base = 0;
    std::vector<uint8_t> bytes;
    std::map<std::string, uint32_t, std::less<>> labels;
    std::vector<uint32_t> molecule_addrs;
    uint32_t label(std::string_view name) const; ///< throws std::out_of_range
};

/// Assembles text into molecules. Throws AsmError.
Program assemble(std::string_view text, const AsmOptions& opt = {});

/// Parses one molecule line (no label) for address pc; throws AsmError.
Molecule parse_molecule(std::string_view line, uint32_t pc = 0);

/// Text of one atom; branch targets resolved against the molecule address pc.
std::string disassemble_atom(const Atom& a, uint32_t pc);
/// Text of one molecule (padding nops omitted; `commit` last).
std::string disassemble_molecule(const Molecule& m, uint32_t pc);
/// Listing of n bytes of code at address base, one molecule per line with
/// its address as a comment. Undecodable words are shown as `.word` comments.
std::string disassemble(const uint8_t* code, size_t n, uint32_t base, bool with_addresses = true);

} // namespace cm::vliw
