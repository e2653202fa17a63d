// Private: single x87 operations on the host's own x87 FPU that return the
// status word the operation produced, for the FP atoms (sem_fp.cpp,
// sem_mem.cpp) and their FP status register fsr.
//
// The host's long double is the x87 extended format and the host runs with
// the Linux default control word 0x037f (64-bit precision, round to
// nearest, all exceptions masked) - the control word the FP atoms define -
// so the host x87 gives both the exact result and the exact exception
// flags and C1 of the x87 instruction an atom stands for.
//
// Protocol of every operation: (1) settle(): make sure the host's sticky
// exception flags hold no flag that fsr lacks (`keep` = fsr's flags), so
// that the flags read after the operation, OR-ed into fsr, give exactly
// fsr | the operation's own flags; (2) load the operands, run the one
// instruction, read the status word (fnstsw %ax), store the result, pop
// what is left. The host flags are not cleared afterwards.
//
// Cost on the host (AMD EPYC): fnstsw waits for the FP pipeline, ~4 ns;
// fnclex ~50 ns. So `host` tracks the host's flags as of the last
// operation (the status word it read), and settle() reads or clears the
// host FPU only when `host` is kUnknown (host code outside the FP atoms may
// have run: the core sets it at every run start and after calling out to
// listeners, sync hooks and observers) or holds a flag fsr lacks (after a
// wfsr, a rollback, or a first operation): in FP code fsr soon holds every
// flag the host has. Everything else is inline (the atoms' hot paths); the
// clobber list makes the compiler keep nothing on the x87 stack here.
#pragma once

#include <cstdint>

#if !defined(__x86_64__) && !defined(__i386__)
#error "the VLIW model's FP atoms run on the host's x87 FPU"
#endif

namespace cm::vliw::detail::hostfp {

/// `host`: the host's exception flags are unknown.
inline constexpr uint8_t kUnknown = 0x80;

[[gnu::noinline, gnu::cold]] inline void settle_slow(uint8_t& host, uint8_t clr) {
    if (host & kUnknown) {
        uint16_t sw;
        asm volatile("fnstsw %%ax" : "=a"(sw));
        host = uint8_t(sw & 0x3f);
    }
    if (host & clr) {
        asm volatile("fnclex");
        host = 0;
    }
}
inline void settle(uint8_t& host, uint32_t keep) {
    const uint8_t clr = uint8_t(~keep & 0x3f);
    if (__builtin_expect((host & (clr | kUnknown)) != 0, 0)) settle_slow(host, clr);
}

#define CM_HFP_POST "fnstsw %%ax\n\t"
#define CM_HFP_CLOBBERS "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"

// r = a OP b with a in ST(0), b in ST(1) (AT&T "fsub %st(1), %st" is
// Intel's FSUB ST(0), ST(1): ST(0) = ST(0) - ST(1)).
#define CM_HFP_BIN(NAME, OP)                                                                       \
    inline uint16_t NAME(const long double& a, const long double& b, long double& r,               \
                         uint32_t keep, uint8_t& host) {                                           \
        uint16_t sw;                                                                               \
        settle(host, keep);                                                                        \
        asm volatile("fldt %[b]\n\tfldt %[a]\n\t" OP "\n\t" CM_HFP_POST                            \
                     "fstpt %[r]\n\tfstp %%st(0)"                                                  \
                     : [r] "=m"(r), "=&a"(sw)                                                      \
                     : [a] "m"(a), [b] "m"(b)                                                      \
                     : CM_HFP_CLOBBERS);                                                           \
        host = uint8_t(sw & 0x3f);                                                                 \
        return sw;                                                                                 \
    }
CM_HFP_BIN(add, "fadd %%st(1), %%st")
CM_HFP_BIN(sub, "fsub %%st(1), %%st")
CM_HFP_BIN(mul, "fmul %%st(1), %%st")
CM_HFP_BIN(div, "fdiv %%st(1), %%st")
#undef CM_HFP_BIN

#define CM_HFP_UN(NAME, OP)                                                                        \
    inline uint16_t NAME(const long double& a, long double& r, uint32_t keep, uint8_t& host) {     \
        uint16_t sw;                                                                               \
        settle(host, keep);                                                                        \
        asm volatile("fldt %[a]\n\t" OP "\n\t" CM_HFP_POST "fstpt %[r]"                            \
                     : [r] "=m"(r), "=&a"(sw)                                                      \
                     : [a] "m"(a)                                                                  \
                     : CM_HFP_CLOBBERS);                                                           \
        host = uint8_t(sw & 0x3f);                                                                 \
        return sw;                                                                                 \
    }
CM_HFP_UN(sqrt, "fsqrt")
CM_HFP_UN(rndint, "frndint")
#undef CM_HFP_UN

/// fucomi (ucomi) or fcomi (comi, a QNaN operand raises IE too) of a
/// (ST(0)) with b: zf_pf_cf gets ZF PF CF as x86 F_* bits (0x40, 0x04,
/// 0x01); the status word has the exceptions and C1.
#define CM_HFP_CMP(NAME, OP)                                                                       \
    inline uint16_t NAME(const long double& a, const long double& b, uint32_t& zf_pf_cf,          \
                         uint32_t keep, uint8_t& host) {                                           \
        uint16_t sw;                                                                               \
        uint8_t z, p, c;                                                                           \
        settle(host, keep);                                                                        \
        asm volatile("fldt %[b]\n\tfldt %[a]\n\t" OP " %%st(1), %%st\n\t"                           \
                     "setz %[z]\n\tsetp %[p]\n\tsetc %[c]\n\t" CM_HFP_POST                             \
                     "fstp %%st(0)\n\tfstp %%st(0)"                                                  \
                     : "=&a"(sw), [z] "=&q"(z), [p] "=&q"(p), [c] "=&q"(c)                         \
                     : [a] "m"(a), [b] "m"(b)                                                      \
                     : CM_HFP_CLOBBERS);                                                           \
        zf_pf_cf = uint32_t(z) << 6 | uint32_t(p) << 2 | uint32_t(c);                              \
        host = uint8_t(sw & 0x3f);                                                                 \
        return sw;                                                                                 \
    }
CM_HFP_CMP(ucomi, "fucomi")
CM_HFP_CMP(comi, "fcomi")
#undef CM_HFP_CMP

// Conversions from memory formats (FLD m32fp / m64fp: IE for an SNaN, DE
// for a denormal) and to them (FST m32fp / m64fp, FISTP / FISTTP m32int).
#define CM_HFP_LOAD(NAME, T, OP)                                                                   \
    inline uint16_t NAME(T m, long double& r, uint32_t keep, uint8_t& host) {                      \
        uint16_t sw;                                                                               \
        settle(host, keep);                                                                        \
        asm volatile(OP " %[m]\n\t" CM_HFP_POST "fstpt %[r]"                                       \
                     : [r] "=m"(r), "=&a"(sw)                                                      \
                     : [m] "m"(m)                                                                  \
                     : CM_HFP_CLOBBERS);                                                           \
        host = uint8_t(sw & 0x3f);                                                                 \
        return sw;                                                                                 \
    }
CM_HFP_LOAD(load_f32, uint32_t, "flds")
CM_HFP_LOAD(load_f64, uint64_t, "fldl")
#undef CM_HFP_LOAD

#define CM_HFP_STORE(NAME, T, OP)                                                                  \
    inline uint16_t NAME(const long double& a, T& m, uint32_t keep, uint8_t& host) {               \
        uint16_t sw;                                                                               \
        settle(host, keep);                                                                        \
        asm volatile("fldt %[a]\n\t" OP " %[m]\n\t" CM_HFP_POST                                    \
                     : [m] "=m"(m), "=&a"(sw)                                                      \
                     : [a] "m"(a)                                                                  \
                     : CM_HFP_CLOBBERS);                                                           \
        host = uint8_t(sw & 0x3f);                                                                 \
        return sw;                                                                                 \
    }
CM_HFP_STORE(store_f32, uint32_t, "fstps")
CM_HFP_STORE(store_f64, uint64_t, "fstpl")
CM_HFP_STORE(store_i32, uint32_t, "fistpl")        // rounds to nearest (CW 0x037f)
CM_HFP_STORE(store_i32_trunc, uint32_t, "fisttpl") // truncates (SSE3's FISTTP)
#undef CM_HFP_STORE

#undef CM_HFP_POST
#undef CM_HFP_CLOBBERS

} // namespace cm::vliw::detail::hostfp
