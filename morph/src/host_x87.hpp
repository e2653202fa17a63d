// Private to morph: single x87 operations run on the host's own x87 FPU
// under the guest's control word. The host's long double is the 80-bit
// extended format and its x87 rounds exactly as the guest's would (precision
// and rounding control, denormals, the transcendentals of this processor),
// so results and exception flags are bit-exact with native execution.
//
// Each call saves the host control word, clears the host's exception flags,
// loads the guest control word, runs the operation, reads the status word
// with fnstsw and clears the flags with fnclex before any waiting
// instruction can see them (so an exception the guest left unmasked never
// traps in the host), then resets the host FPU (its register stack is empty
// across calls by the ABI) and restores the host control word.
#pragma once
#include <cstdint>

#include "x86/x87.hpp"

namespace cm::morph::hostfp {

/// Status word after the operation: exception flags, C0-C3.
using Sw = uint16_t;

/// r = a <op> b for FArith's selectors (src0 = a).
Sw binary(x86::FpBin op, uint16_t cw, const long double& a, const long double& b, long double& r);
/// r = partial remainder of a by b (fprem, or fprem1 if `ieee`); C bits in the result.
Sw prem(bool ieee, uint16_t cw, const long double& a, const long double& b, long double& r);
/// fcom (or fucom if `unordered`) of a with b: C3 C2 C0 in the result.
Sw compare(bool unordered, uint16_t cw, const long double& a, const long double& b);
Sw unary(x86::FpUn op, uint16_t cw, const long double& a, long double& r);
/// fptan (tan, 1), fsincos (sin, cos), fxtract (exponent, significand).
Sw unary2(x86::FpUn2 op, uint16_t cw, const long double& a, long double& r1, long double& r2);
/// fxam of a (a value, not an empty register).
Sw examine(const long double& a);
/// fld1 ... fldz (not the indefinite).
Sw constant(x86::FpConst k, uint16_t cw, long double& r);
/// Loads memory format `f` (not R80) from the little-endian bytes at `in`.
Sw load(x86::FpFmt f, uint16_t cw, const uint8_t* in, long double& r);
/// Stores `a` in memory format `f` (not R80) to `out` (10 bytes); with an
/// unmasked exception the host stores nothing.
Sw store(x86::FpFmt f, uint16_t cw, const long double& a, uint8_t* out);

} // namespace cm::morph::hostfp
