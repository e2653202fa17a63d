// Semantics of the FP atoms on 80-bit registers. Each computing atom runs
// the x87 instruction it stands for on the host's x87 (host_fp.hpp) under
// control word 0x037f, so results are those of the x87 with 64-bit
// precision and round-to-nearest, and the status word of that instruction
// updates the FP status register fsr: its exception flags are OR-ed in
// (sticky), C1 is replaced (ExecCtx::fp_status).
//
// Which x87 instruction each atom models, for fsr:
//   fadd fsub fmul fdiv   FADD/FSUB/FMUL/FDIV ST(0), ST(i)  IE DE ZE OE UE PE, C1
//   fsqrt frnd            FSQRT, FRNDINT                    IE DE PE (UE), C1
//   f2i                   FISTP m32int                      IE PE, C1
//   f2iz                  FISTP m32int under rounding control "chop" (the
//                         i686 (int) idiom; computed with SSE3's FISTTP)
//   fcmp                  FUCOMI (IE only for SNaNs and unsupported formats,
//                         DE for denormals; a QNaN is just unordered); C1
//                         unchanged (as the x87 leaves it: tests/unit/test_x87_atoms.cpp)
//   fcmpo                 FCOMI: as fcmp, but IE for a QNaN too
//   fabs fneg             FABS, FCHS: no exception, C1 = 0
//   fconst                FLDZ, FLD1, FLDPI ...: no exception, C1 = 0
//   i2f                   FILD m32int: exact, C1 = 0
//   fmov                  a register copy (spills, renaming): fsr untouched
// Loads and stores (sem_mem.cpp): fld/fst .s/.d are FLD/FST m32fp/m64fp;
// the .t forms move the 80-bit format unchanged and leave fsr alone.
#include "exec.hpp"
#include "host_fp.hpp"

#include <cmath>

namespace cm::vliw::detail {

static_assert(ExecCtx::kHostFpUnknown == hostfp::kUnknown);

namespace {
template <uint16_t (*Op)(const long double&, const long double&, long double&, uint32_t, uint8_t&)>
inline void binary(ExecCtx& x, const Atom& a) {
    long double r;
    x.fp_status(Op(x.rf->fpr[a.rs], x.rf->fpr[a.rt], r, x.fsr_cur(), x.host_fp));
    x.wf(a.rd, r);
}
template <uint16_t (*Op)(const long double&, long double&, uint32_t, uint8_t&)>
inline void unary(ExecCtx& x, const Atom& a) {
    long double r;
    x.fp_status(Op(x.rf->fpr[a.rs], r, x.fsr_cur(), x.host_fp));
    x.wf(a.rd, r);
}
} // namespace

void exec_FADD(ExecCtx& x, const Atom& a) {
    binary<hostfp::add>(x, a);
}
void exec_FSUB(ExecCtx& x, const Atom& a) {
    binary<hostfp::sub>(x, a);
}
void exec_FMUL(ExecCtx& x, const Atom& a) {
    binary<hostfp::mul>(x, a);
}
void exec_FDIV(ExecCtx& x, const Atom& a) {
    binary<hostfp::div>(x, a);
}
void exec_FSQRT(ExecCtx& x, const Atom& a) {
    unary<hostfp::sqrt>(x, a);
}
void exec_FRND(ExecCtx& x, const Atom& a) {
    unary<hostfp::rndint>(x, a);
}
// FABS and FCHS raise nothing (not even for an SNaN) and clear C1.
void exec_FABS(ExecCtx& x, const Atom& a) {
    x.fp_status(0);
    x.wf(a.rd, std::fabs(x.f(a.rs)));
}
void exec_FNEG(ExecCtx& x, const Atom& a) {
    x.fp_status(0);
    x.wf(a.rd, -x.f(a.rs));
}
void exec_FMOV(ExecCtx& x, const Atom& a) {
    x.wf(a.rd, x.f(a.rs));
}
// FILD m32int: every int32 is exact in 64 bits; C1 cleared.
void exec_I2F(ExecCtx& x, const Atom& a) {
    x.fp_status(0);
    x.wf(a.rd, static_cast<long double>(int32_t(x.r(a.rs))));
}

// Out-of-range values and NaNs give the x87 "integer indefinite" 0x80000000
// with IE.
void exec_F2I(ExecCtx& x, const Atom& a) {
    uint32_t v;
    x.fp_status(hostfp::store_i32(x.rf->fpr[a.rs], v, x.fsr_cur(), x.host_fp));
    x.w(a.rd, v);
}
void exec_F2IZ(ExecCtx& x, const Atom& a) {
    uint32_t v;
    x.fp_status(hostfp::store_i32_trunc(x.rf->fpr[a.rs], v, x.fsr_cur(), x.host_fp));
    x.w(a.rd, v);
}

void exec_FCMP(ExecCtx& x, const Atom& a) {
    uint32_t f;
    x.fp_status_keep_c1(hostfp::ucomi(x.rf->fpr[a.rs], x.rf->fpr[a.rt], f, x.fsr_cur(), x.host_fp));
    x.set_flags(f);
}

void exec_FCMPO(ExecCtx& x, const Atom& a) {
    uint32_t f;
    x.fp_status_keep_c1(hostfp::comi(x.rf->fpr[a.rs], x.rf->fpr[a.rt], f, x.fsr_cur(), x.host_fp));
    x.set_flags(f);
}

void exec_FCONST(ExecCtx& x, const Atom& a) {
    static constexpr long double k[] = {
        0.0L,
        1.0L,
        3.14159265358979323846264338327950288L,  // pi
        3.32192809488736234787031942948939018L,  // log2(10)
        1.44269504088896340735992468100189214L,  // log2(e)
        0.301029995663981195213738894724493027L, // log10(2)
        0.693147180559945309417232121458176568L, // ln(2)
    };
    x.fp_status(0); // FLDZ ... FLDLN2 raise nothing and clear C1
    x.wf(a.rd, k[a.cc < 7 ? a.cc : 0]);
}

// The FP status register: rfsr reads the molecule's pre-state like every
// register read; wfsr replaces fsr (later FP atoms of the molecule then
// update the new value in slot order).
void exec_RFSR(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.fsr());
}
void exec_WFSR(ExecCtx& x, const Atom& a) {
    x.set_fsr(x.r(a.rs));
}
void exec_FCHK(ExecCtx& x, const Atom& a) {
    if (const uint32_t hit = x.fsr() & uint32_t(a.imm)) x.raise(ExitReason::FpCheck, 0, uint16_t(hit));
}

} // namespace cm::vliw::detail
