// Private to morph: the static side of translating x87 code (issue 5).
//
// A translation of x87 code specialises on facts about the x87 state known
// when it is made, and its entry guard checks them (a mismatch leaves to the
// interpreter; backend.hpp): the control word (0x037f only: the FP atoms
// compute at 64-bit precision and round to nearest - tests/unit/
// test_x87_atoms.cpp), TOP and which physical registers are empty. With
// those, every stack check, FGetSt/FPutSt slot and TOP update of the lifted
// IR resolves at translation time: ST(i) is a fixed physical register.
//
// x87_effect() resolves one guest instruction's lifted IR against the facts
// (or says why it is left to the interpreter: the region builder ends the
// region before it), x87_apply() advances them. What stays dynamic is the
// back end's (select.cpp): values, the exception flags and C1 (the fsr
// register), the condition codes of compares, and FDP; tags follow from the
// values when the CMS stores the state.
#pragma once

#include <cstdint>
#include <vector>

#include "x86/ir.hpp"

namespace cm::morph::backend {

/// The x87 facts a translation specialises on (its entry guard checks them).
struct X87Static {
    uint16_t cw = 0x037f;
    unsigned top = 0;      ///< TOP (status word bits 11-13)
    uint8_t empty = 0xff;  ///< bit p: physical register p is tagged empty
};

/// One instruction's x87 effect under X87Static (physical register masks).
struct X87Effect {
    bool ok = false;
    const char* why = "";      ///< if not ok: why it is left to the interpreter
    uint8_t reads = 0;         ///< registers read (never empty when ok)
    uint8_t writes = 0;        ///< registers written: tag zero/valid from the value
    uint8_t freed = 0;         ///< registers tagged empty (after any write)
    unsigned top_delta = 0;    ///< TOP += top_delta (mod 8)
    unsigned roundings = 0;    ///< computations that round (PE, C1; OE/UE/IE by value)
    unsigned checked_loads = 0;///< m32/m64 operands (DE for denormals, IE for SNaNs)
    unsigned compares = 0;     ///< FCmp (IE for NaN operands)
    bool c1 = false;           ///< the status write defines C1 (0 when nothing rounded up)
    uint16_t cc_writes = 0;    ///< C0-C3 bits written from values (FSetCc)
    bool env = false;          ///< sets FIP and FCS:FOP (and FDP, FDS with a memory operand)
};

/// Resolves `ops` (one guest instruction's lifted IR) against `s`.
X87Effect x87_effect(const X87Static& s, const std::vector<x86::IrInst>& ops);

/// The facts after an instruction with effect `e` (ok).
void x87_apply(X87Static& s, const X87Effect& e);

} // namespace cm::morph::backend
