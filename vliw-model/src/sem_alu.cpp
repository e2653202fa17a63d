// Semantics of the integer atoms: ALU with x86 flags, multiply/divide,
// compare/select, bit fields, moves and immediates.
#include "exec.hpp"
#include "vliw/flags.hpp"

#include <bit>

namespace cm::vliw::detail {

namespace fl = cm::vliw::flags;

// Flag-optional binary ops: the result is computed at the atom's width and
// zero-extended; flags are written only by the `f` form.
#define CM_FLAG_OP(ID, EXPR)                                                                       \
    void exec_##ID(ExecCtx& x, const Atom& a) {                                                    \
        const uint32_t s = x.r(a.rs), t = x.r(a.rt);                                               \
        (void)t;                                                                                   \
        const unsigned sz = a.size;                                                                \
        const uint32_t old = x.flags();                                                            \
        (void)old;                                                                                 \
        const fl::Result res = EXPR;                                                               \
        x.w(a.rd, res.value);                                                                      \
        if (a.setflags) x.set_flags(res.flags);                                                    \
    }

CM_FLAG_OP(ADD, fl::add(s, t, 0, sz))
CM_FLAG_OP(ADC, fl::add(s, t, old& F_CF ? 1 : 0, sz))
CM_FLAG_OP(SUB, fl::sub(s, t, 0, sz))
CM_FLAG_OP(SBB, fl::sub(s, t, old& F_CF ? 1 : 0, sz))
CM_FLAG_OP(AND, fl::logic(s& t, sz))
CM_FLAG_OP(OR, fl::logic(s | t, sz))
CM_FLAG_OP(XOR, fl::logic(s ^ t, sz))
CM_FLAG_OP(SHL, fl::shl(s, t, sz, old))
CM_FLAG_OP(SHR, fl::shr(s, t, sz, old))
CM_FLAG_OP(SAR, fl::sar(s, t, sz, old))
CM_FLAG_OP(ROL, fl::rol(s, t, sz, old))
CM_FLAG_OP(ROR, fl::ror(s, t, sz, old))
CM_FLAG_OP(RCL, fl::rcl(s, t, sz, old))
CM_FLAG_OP(RCR, fl::rcr(s, t, sz, old))
CM_FLAG_OP(INC, fl::inc(s, sz, old))
CM_FLAG_OP(DEC, fl::dec(s, sz, old))
CM_FLAG_OP(NEG, fl::neg(s, sz))
#undef CM_FLAG_OP

void exec_NOT(ExecCtx& x, const Atom& a) {
    x.w(a.rd, ~x.r(a.rs) & fl::mask(a.size));
}

void exec_SXT(ExecCtx& x, const Atom& a) {
    uint32_t v = x.r(a.rs);
    x.w(a.rd, a.size == 0   ? uint32_t(int32_t(int8_t(v)))
              : a.size == 1 ? uint32_t(int32_t(int16_t(v)))
                            : v);
}

void exec_ZXT(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) & fl::mask(a.size));
}

void exec_CMP(ExecCtx& x, const Atom& a) {
    x.set_flags(fl::sub(x.r(a.rs), x.r(a.rt), 0, a.size).flags);
}
void exec_TEST(ExecCtx& x, const Atom& a) {
    x.set_flags(fl::logic(x.r(a.rs) & x.r(a.rt), a.size).flags);
}

void exec_MUL(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) * x.r(a.rt));
}
void exec_MULHU(ExecCtx& x, const Atom& a) {
    x.w(a.rd, uint32_t((uint64_t(x.r(a.rs)) * x.r(a.rt)) >> 32));
}
void exec_MULHS(ExecCtx& x, const Atom& a) {
    int64_t p = int64_t(int32_t(x.r(a.rs))) * int32_t(x.r(a.rt));
    x.w(a.rd, uint32_t(uint64_t(p) >> 32));
}

void exec_DIVU(ExecCtx& x, const Atom& a) {
    uint32_t d = x.r(a.rt);
    if (d == 0) return x.raise(ExitReason::DivideError);
    x.w(a.rd, x.r(a.rs) / d);
}
void exec_REMU(ExecCtx& x, const Atom& a) {
    uint32_t d = x.r(a.rt);
    if (d == 0) return x.raise(ExitReason::DivideError);
    x.w(a.rd, x.r(a.rs) % d);
}
void exec_DIVS(ExecCtx& x, const Atom& a) {
    int32_t n = int32_t(x.r(a.rs)), d = int32_t(x.r(a.rt));
    if (d == 0 || (n == INT32_MIN && d == -1)) return x.raise(ExitReason::DivideError);
    x.w(a.rd, uint32_t(n / d));
}
void exec_REMS(ExecCtx& x, const Atom& a) {
    int32_t n = int32_t(x.r(a.rs)), d = int32_t(x.r(a.rt));
    if (d == 0 || (n == INT32_MIN && d == -1)) return x.raise(ExitReason::DivideError);
    x.w(a.rd, uint32_t(n % d));
}

// x86 DIV/IDIV: 64-bit dividend rs:rt, 32-bit divisor; #DE when the divisor
// is zero or the quotient does not fit (even if only the remainder is wanted).
namespace {
bool divq_unsigned(ExecCtx& x, const Atom& a, uint32_t& q, uint32_t& r) {
    uint64_t n = (uint64_t(x.r(a.rs)) << 32) | x.r(a.rt);
    uint32_t d = x.r(a.ru);
    if (d == 0 || n / d > 0xffffffffull) {
        x.raise(ExitReason::DivideError);
        return false;
    }
    q = uint32_t(n / d);
    r = uint32_t(n % d);
    return true;
}
bool divq_signed(ExecCtx& x, const Atom& a, uint32_t& q, uint32_t& r) {
    int64_t n = int64_t((uint64_t(x.r(a.rs)) << 32) | x.r(a.rt));
    int64_t d = int32_t(x.r(a.ru));
    if (d == 0 || (n == INT64_MIN && d == -1)) {
        x.raise(ExitReason::DivideError);
        return false;
    }
    int64_t qq = n / d;
    if (qq < INT32_MIN || qq > INT32_MAX) {
        x.raise(ExitReason::DivideError);
        return false;
    }
    q = uint32_t(qq);
    r = uint32_t(n % d);
    return true;
}
} // namespace

void exec_DIVQU(ExecCtx& x, const Atom& a) {
    uint32_t q, r;
    if (divq_unsigned(x, a, q, r)) x.w(a.rd, q);
}
void exec_REMQU(ExecCtx& x, const Atom& a) {
    uint32_t q, r;
    if (divq_unsigned(x, a, q, r)) x.w(a.rd, r);
}
void exec_DIVQS(ExecCtx& x, const Atom& a) {
    uint32_t q, r;
    if (divq_signed(x, a, q, r)) x.w(a.rd, q);
}
void exec_REMQS(ExecCtx& x, const Atom& a) {
    uint32_t q, r;
    if (divq_signed(x, a, q, r)) x.w(a.rd, r);
}

void exec_SCMP(ExecCtx& x, const Atom& a) {
    uint32_t s = x.r(a.rs), t = x.r(a.rt);
    int32_t ss = int32_t(s), st = int32_t(t);
    bool v = false;
    switch (static_cast<CmpCond>(a.cc)) {
    case CmpCond::EQ: v = s == t; break;
    case CmpCond::NE: v = s != t; break;
    case CmpCond::LT: v = ss < st; break;
    case CmpCond::LTU: v = s < t; break;
    case CmpCond::LE: v = ss <= st; break;
    case CmpCond::LEU: v = s <= t; break;
    case CmpCond::GT: v = ss > st; break;
    case CmpCond::GTU: v = s > t; break;
    }
    x.w(a.rd, v);
}

void exec_SETCC(ExecCtx& x, const Atom& a) {
    x.w(a.rd, fl::cond(static_cast<Cond>(a.cc), x.flags()));
}
void exec_SELCC(ExecCtx& x, const Atom& a) {
    x.w(a.rd, fl::cond(static_cast<Cond>(a.cc), x.flags()) ? x.r(a.rs) : x.r(a.rt));
}
void exec_SEL(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.ru) ? x.r(a.rs) : x.r(a.rt));
}
void exec_RDFLAGS(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.flags() & F_ALL);
}
void exec_WRFLAGS(ExecCtx& x, const Atom& a) {
    x.set_flags(x.r(a.rs));
}

namespace {
uint32_t low_mask(unsigned len) {
    return len >= 32 ? 0xffffffffu : (1u << len) - 1;
}
} // namespace

void exec_EXTU(ExecCtx& x, const Atom& a) {
    x.w(a.rd, (x.r(a.rs) >> a.pos) & low_mask(a.len));
}
void exec_EXTS(ExecCtx& x, const Atom& a) {
    uint32_t v = (x.r(a.rs) >> a.pos) & low_mask(a.len);
    unsigned sh = 32 - a.len;
    x.w(a.rd, uint32_t(int32_t(v << sh) >> sh));
}
void exec_DEP(ExecCtx& x, const Atom& a) {
    uint32_t m = low_mask(a.len) << a.pos;
    x.w(a.rd, (x.r(a.rd) & ~m) | ((x.r(a.rs) << a.pos) & m));
}

void exec_MOV(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs));
}
void exec_BSWAP(ExecCtx& x, const Atom& a) {
    x.w(a.rd, __builtin_bswap32(x.r(a.rs)));
}
void exec_CLZ(ExecCtx& x, const Atom& a) {
    x.w(a.rd, uint32_t(std::countl_zero(x.r(a.rs))));
}
void exec_CTZ(ExecCtx& x, const Atom& a) {
    x.w(a.rd, uint32_t(std::countr_zero(x.r(a.rs))));
}
void exec_MOVI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, uint32_t(a.imm));
}
void exec_LI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, uint32_t(a.imm));
}
void exec_ADDI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) + uint32_t(a.imm));
}
void exec_ANDI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) & uint32_t(a.imm));
}
void exec_ORI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) | uint32_t(a.imm));
}
void exec_XORI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) ^ uint32_t(a.imm));
}
void exec_SHLI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) << (a.imm & 31));
}
void exec_SHRI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.r(a.rs) >> (a.imm & 31));
}
void exec_SARI(ExecCtx& x, const Atom& a) {
    x.w(a.rd, uint32_t(int32_t(x.r(a.rs)) >> (a.imm & 31)));
}

} // namespace cm::vliw::detail
