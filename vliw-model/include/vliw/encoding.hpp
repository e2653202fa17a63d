// Binary encoding of atoms and molecules. Plain C++.
//
// Atom word:  [31] molecule header bit | [30:24] opcode | [23:0] operands.
// Molecule:   2, 4 or 8 little-endian 32-bit words (8/16/32 bytes).
//   word0.bit31 = commit bit
//   word1.bit31 = molecule has 4 or more words
//   word2.bit31 = molecule has 8 words (only when word1.bit31 is set)
//   bit 31 of every other word must be 0.
// An atom with the P_EXT property (li, stamx, fstamx) is followed by one
// extension word holding 31 payload bits (bit 31 stays a header bit); it
// occupies a slot like an atom (Crusoe's immediate slot). Unused slots hold
// `nop` atoms.
#pragma once

#include "vliw/isa.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cm::vliw {

/// A molecule: atoms in slot order plus the commit bit. `words` is the
/// encoded length (2, 4 or 8); 0 in a molecule to be encoded means "the
/// smallest length that fits".
struct Molecule {
    bool commit = false;
    uint8_t words = 0;
    std::vector<Atom> atoms;
};

/// Thrown when an atom's operands do not fit its format (an assembler or
/// translator bug, or a bad hand-written program).
struct EncodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Number of 32-bit words an atom occupies (1, or 2 with an extension word).
unsigned atom_words(const Atom& a);
/// Number of words the atoms of m occupy, before padding to 2/4/8.
unsigned molecule_atom_words(const Molecule& m);

/// Encodes one atom into 1 or 2 words (header bits clear). Throws EncodeError.
unsigned encode_atom(const Atom& a, uint32_t out[2]);

/// Appends the encoding of m to out (little-endian bytes). The length is the
/// smallest of 2/4/8 words that holds the atoms and is at least min_words.
/// Returns the number of words written. Throws EncodeError.
unsigned encode_molecule(const Molecule& m, std::vector<uint8_t>& out, unsigned min_words = 2);

/// Why a molecule failed to decode.
enum class DecodeStatus : uint8_t { Ok, Truncated, BadHeader, UndefinedOpcode, MissingExtension };

struct DecodeResult {
    DecodeStatus status = DecodeStatus::Ok;
    uint8_t words = 0;    ///< encoded length when known (2/4/8)
    uint8_t bad_slot = 0; ///< word index of the offending atom
};

/// Length in words (2/4/8) from the first two words, without decoding atoms.
unsigned molecule_length(uint32_t w0, uint32_t w1, uint32_t w2);

/// Decodes the molecule at p (avail bytes readable). Padding nops are kept.
DecodeResult decode_molecule(const uint8_t* p, size_t avail, Molecule& out);

/// Decodes one atom word (with its extension word if the opcode takes one).
/// Returns false for an undefined opcode.
bool decode_atom(uint32_t word, uint32_t ext, Atom& out);

} // namespace cm::vliw
