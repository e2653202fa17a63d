// Semantics of the memory atoms. Addresses are fully computed registers (no
// base+offset, as on Crusoe). Stores go to the gated store buffer; loads see
// buffered stores first (ExecCtx::load in core.cpp).
#include "exec.hpp"
#include "host_fp.hpp"

#include <cstring>

namespace cm::vliw::detail {

namespace {

bool load_int(ExecCtx& x, const Atom& a, bool sign, uint32_t& v) {
    const unsigned n = int_size_bytes(a.size);
    uint8_t b[4] = {};
    if (!x.load(x.r(a.rs), n, b)) return false;
    uint32_t u = 0;
    std::memcpy(&u, b, n);
    if (sign && n == 1) u = uint32_t(int32_t(int8_t(u)));
    if (sign && n == 2) u = uint32_t(int32_t(int16_t(u)));
    v = u;
    return true;
}

bool load_fp(ExecCtx& x, const Atom& a, long double& v) {
    const unsigned n = fp_size_bytes(a.size);
    uint8_t b[16] = {};
    if (!x.load(x.r(a.rs), n, b)) return false;
    // .s/.d convert as x87 FLD m32fp/m64fp (IE for an SNaN, DE for a
    // denormal: into fsr); .t is the register format, a plain move.
    if (n == 4) {
        uint32_t f;
        std::memcpy(&f, b, 4);
        x.fp_status(hostfp::load_f32(f, v, x.fsr_cur(), x.host_fp));
    } else if (n == 8) {
        uint64_t d;
        std::memcpy(&d, b, 8);
        x.fp_status(hostfp::load_f64(d, v, x.fsr_cur(), x.host_fp));
    } else {
        long double t = 0; // x86-64 long double: the 80-bit format in the low 10 bytes
        std::memcpy(&t, b, 10);
        v = t;
    }
    return true;
}

// .s/.d round as x87 FST m32fp/m64fp (status into fsr); .t is a plain move.
void fp_bytes(ExecCtx& x, const long double& v, unsigned size, uint8_t* b) {
    if (size == 0) {
        uint32_t f;
        x.fp_status(hostfp::store_f32(v, f, x.fsr_cur(), x.host_fp));
        std::memcpy(b, &f, 4);
    } else if (size == 1) {
        uint64_t d;
        x.fp_status(hostfp::store_f64(v, d, x.fsr_cur(), x.host_fp));
        std::memcpy(b, &d, 8);
    } else {
        std::memcpy(b, &v, 10);
    }
}

bool store_int(ExecCtx& x, const Atom& a) {
    uint32_t v = x.r(a.rt);
    return x.store(x.r(a.rs), int_size_bytes(a.size), &v);
}

bool store_fp(ExecCtx& x, const Atom& a) {
    uint8_t b[16];
    fp_bytes(x, x.rf->fpr[a.rt], a.size, b);
    return x.store(x.r(a.rs), fp_size_bytes(a.size), b);
}

} // namespace

void exec_LD(ExecCtx& x, const Atom& a) {
    uint32_t v;
    if (load_int(x, a, false, v)) x.w(a.rd, v);
}
void exec_LDS(ExecCtx& x, const Atom& a) {
    uint32_t v;
    if (load_int(x, a, true, v)) x.w(a.rd, v);
}
void exec_LDC(ExecCtx& x, const Atom& a) {
    const unsigned n = int_size_bytes(a.size);
    uint8_t b[4] = {};
    if (!x.load_cms(x.r(a.rs), n, b)) return;
    uint32_t u = 0;
    std::memcpy(&u, b, n);
    x.w(a.rd, u);
}
void exec_ST(ExecCtx& x, const Atom& a) {
    store_int(x, a);
}
void exec_FLD(ExecCtx& x, const Atom& a) {
    long double v;
    if (load_fp(x, a, v)) x.wf(a.rd, v);
}
void exec_FST(ExecCtx& x, const Atom& a) {
    store_fp(x, a);
}

void exec_LDP(ExecCtx& x, const Atom& a) {
    uint32_t v;
    if (load_int(x, a, false, v) && x.alias_set(a.areg, x.r(a.rs), int_size_bytes(a.size)))
        x.w(a.rd, v);
}
void exec_LDPS(ExecCtx& x, const Atom& a) {
    uint32_t v;
    if (load_int(x, a, true, v) && x.alias_set(a.areg, x.r(a.rs), int_size_bytes(a.size)))
        x.w(a.rd, v);
}
void exec_FLDP(ExecCtx& x, const Atom& a) {
    long double v;
    if (load_fp(x, a, v) && x.alias_set(a.areg, x.r(a.rs), fp_size_bytes(a.size))) x.wf(a.rd, v);
}

void exec_STAM(ExecCtx& x, const Atom& a) {
    if (x.alias_check(a.mask, x.r(a.rs), int_size_bytes(a.size))) store_int(x, a);
}
void exec_STAMX(ExecCtx& x, const Atom& a) {
    exec_STAM(x, a);
}
void exec_FSTAM(ExecCtx& x, const Atom& a) {
    if (x.alias_check(a.mask, x.r(a.rs), fp_size_bytes(a.size))) store_fp(x, a);
}
void exec_FSTAMX(ExecCtx& x, const Atom& a) {
    exec_FSTAM(x, a);
}

} // namespace cm::vliw::detail
