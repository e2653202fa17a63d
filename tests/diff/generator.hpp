// Random IA-32 instruction generator: picks a mnemonic of a class, random
// operands and a random initial state, and encodes it with Zydis's encoder.
// A case depends only on (seed, index), so any case can be replayed alone.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "diff_case.hpp"

namespace cm::diff {

class Gen;

/// One instruction class of the user-mode i686 integer ISA.
struct ClassInfo {
    const char* name;        ///< what --class takes
    const char* description; ///< mnemonics it covers
    void (*generate)(Gen&);  ///< fills an encoder request and the state
};

/// Every class, in a fixed order: case K belongs to class K % size().
const std::vector<ClassInfo>& classes();

/// Index of the class called `name`, or -1.
int find_class(const std::string& name);

/// Builds case `index` of run `seed` (its class is index % classes().size()).
/// Returns false if no encodable instruction came out of many attempts (a
/// generator bug).
bool make_case(uint64_t seed, uint64_t index, TestCase& out);

} // namespace cm::diff
