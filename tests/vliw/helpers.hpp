// Test helpers: run assembler text on a Machine.
#pragma once

#include "vliw/machine.hpp"

#include <catch2/catch.hpp>

#include <set>

namespace vt {

using namespace cm::vliw;

inline constexpr uint32_t kCode = 0x1000;
inline constexpr uint32_t kData = 0x80000;

/// Opcodes exercised by semantic tests (checked for completeness).
inline std::set<Opcode>& covered() {
    static std::set<Opcode> s;
    return s;
}

inline Config cfg(std::vector<std::string> overrides = {}, const std::string& preset = "tm5800") {
    return load_config(preset, overrides);
}

/// Assembles text at kCode, loads it and runs it from the start.
inline ExitRecord run(Machine& m, const std::string& text, uint64_t max_cycles = 1'000'000,
                      uint32_t base = kCode) {
    Program p = m.assemble(text, base);
    m.load(p);
    for (size_t off = 0; off < p.bytes.size();) {
        Molecule mol;
        DecodeResult r = decode_molecule(p.bytes.data() + off, p.bytes.size() - off, mol);
        REQUIRE(r.status == DecodeStatus::Ok);
        for (const Atom& a : mol.atoms)
            covered().insert(a.op);
        off += 4u * r.words;
    }
    return m.run(base, max_cycles);
}

} // namespace vt
