// x86 arithmetic-flag semantics for 8/16/32-bit operations, as used by the
// flag-producing atoms. Flags are kept in EFLAGS bit positions (isa.hpp F_*).
// Undefined x86 flags get a fixed value here (AF after logic/shift ops = 0,
// OF after multi-bit shifts = the 1-bit formula); comparisons against a
// reference must mask them. Plain inline C++.
#pragma once

#include "vliw/isa.hpp"

#include <cstdint>

namespace cm::vliw::flags {

/// Size code (0/1/2) -> operand width in bits.
inline unsigned bits(unsigned sz) {
    return 8u << sz;
}
inline uint32_t mask(unsigned sz) {
    return sz >= 2 ? 0xffffffffu : (1u << bits(sz)) - 1;
}
inline uint32_t msb(uint32_t v, unsigned sz) {
    return (v >> (bits(sz) - 1)) & 1u;
}

/// ZF, SF and PF of a result at the given width.
inline uint32_t zsp(uint32_t r, unsigned sz) {
    r &= mask(sz);
    uint32_t f = 0;
    if (r == 0) f |= F_ZF;
    if (msb(r, sz)) f |= F_SF;
    if (!(__builtin_popcount(r & 0xffu) & 1)) f |= F_PF;
    return f;
}

struct Result {
    uint32_t value; ///< result at width, zero-extended
    uint32_t flags; ///< complete new flags register value
};

inline Result add(uint32_t a, uint32_t b, uint32_t cin, unsigned sz) {
    uint64_t wide = uint64_t(a & mask(sz)) + (b & mask(sz)) + cin;
    uint32_t r = uint32_t(wide) & mask(sz);
    uint32_t f = zsp(r, sz);
    if (wide >> bits(sz)) f |= F_CF;
    if (msb((a ^ r) & (b ^ r), sz)) f |= F_OF;
    if ((a ^ b ^ r) & 0x10) f |= F_AF;
    return {r, f};
}

inline Result sub(uint32_t a, uint32_t b, uint32_t bin, unsigned sz) {
    a &= mask(sz);
    b &= mask(sz);
    uint32_t r = (a - b - bin) & mask(sz);
    uint32_t f = zsp(r, sz);
    if (uint64_t(a) < uint64_t(b) + bin) f |= F_CF;
    if (msb((a ^ b) & (a ^ r), sz)) f |= F_OF;
    if ((a ^ b ^ r) & 0x10) f |= F_AF;
    return {r, f};
}

inline Result logic(uint32_t r, unsigned sz) {
    return {r & mask(sz), zsp(r, sz)};
}

inline Result inc(uint32_t a, unsigned sz, uint32_t old) {
    Result x = add(a, 1, 0, sz);
    x.flags = (x.flags & ~F_CF) | (old & F_CF);
    return x;
}

inline Result dec(uint32_t a, unsigned sz, uint32_t old) {
    Result x = sub(a, 1, 0, sz);
    x.flags = (x.flags & ~F_CF) | (old & F_CF);
    return x;
}

inline Result neg(uint32_t a, unsigned sz) {
    Result x = sub(0, a, 0, sz);
    return x; // CF = (a != 0) falls out of the borrow
}

inline Result shl(uint32_t a, uint32_t cnt, unsigned sz, uint32_t old) {
    unsigned c = cnt & 31, w = bits(sz);
    a &= mask(sz);
    if (c == 0) return {a, old};
    uint32_t r = uint32_t(uint64_t(a) << c) & mask(sz);
    uint32_t cf = c <= w ? uint32_t(uint64_t(a) >> (w - c)) & 1u : 0;
    uint32_t f = zsp(r, sz) | (cf ? F_CF : 0);
    if (msb(r, sz) ^ cf) f |= F_OF;
    return {r, f};
}

inline Result shr(uint32_t a, uint32_t cnt, unsigned sz, uint32_t old) {
    unsigned c = cnt & 31, w = bits(sz);
    a &= mask(sz);
    if (c == 0) return {a, old};
    uint32_t r = c >= w ? 0 : a >> c;
    uint32_t cf = c <= w ? (a >> (c - 1)) & 1u : 0;
    uint32_t f = zsp(r, sz) | (cf ? F_CF : 0);
    if (msb(a, sz)) f |= F_OF;
    return {r, f};
}

inline Result sar(uint32_t a, uint32_t cnt, unsigned sz, uint32_t old) {
    unsigned c = cnt & 31, w = bits(sz);
    a &= mask(sz);
    if (c == 0) return {a, old};
    int32_t s = int32_t(a << (32 - w)) >> (32 - w);
    uint32_t r = uint32_t(s >> (c < w ? c : w - 1)) & mask(sz);
    uint32_t cf = uint32_t(s >> (c - 1 < w ? c - 1 : w - 1)) & 1u;
    return {r, zsp(r, sz) | (cf ? F_CF : 0)};
}

inline Result rol(uint32_t a, uint32_t cnt, unsigned sz, uint32_t old) {
    unsigned w = bits(sz), c = (cnt & 31) % w;
    a &= mask(sz);
    if ((cnt & 31) == 0) return {a, old};
    uint32_t r = c ? ((a << c) | (a >> (w - c))) & mask(sz) : a;
    uint32_t cf = r & 1u;
    uint32_t f = (old & ~(F_CF | F_OF)) | (cf ? F_CF : 0);
    if (msb(r, sz) ^ cf) f |= F_OF;
    return {r, f};
}

inline Result ror(uint32_t a, uint32_t cnt, unsigned sz, uint32_t old) {
    unsigned w = bits(sz), c = (cnt & 31) % w;
    a &= mask(sz);
    if ((cnt & 31) == 0) return {a, old};
    uint32_t r = c ? ((a >> c) | (a << (w - c))) & mask(sz) : a;
    uint32_t f = (old & ~(F_CF | F_OF)) | (msb(r, sz) ? F_CF : 0);
    if (msb(r, sz) ^ ((r >> (w - 2)) & 1u)) f |= F_OF;
    return {r, f};
}

inline Result rcl(uint32_t a, uint32_t cnt, unsigned sz, uint32_t old) {
    unsigned w = bits(sz), c = (cnt & 31) % (w + 1);
    a &= mask(sz);
    if ((cnt & 31) == 0) return {a, old};
    uint32_t cf = old & F_CF ? 1 : 0;
    for (unsigned i = 0; i < c; ++i) {
        uint32_t t = msb(a, sz);
        a = ((a << 1) | cf) & mask(sz);
        cf = t;
    }
    uint32_t f = (old & ~(F_CF | F_OF)) | (cf ? F_CF : 0);
    if (msb(a, sz) ^ cf) f |= F_OF;
    return {a, f};
}

inline Result rcr(uint32_t a, uint32_t cnt, unsigned sz, uint32_t old) {
    unsigned w = bits(sz), c = (cnt & 31) % (w + 1);
    a &= mask(sz);
    if ((cnt & 31) == 0) return {a, old};
    uint32_t cf = old & F_CF ? 1 : 0;
    uint32_t of = msb(a, sz) ^ cf;
    for (unsigned i = 0; i < c; ++i) {
        uint32_t t = a & 1u;
        a = (a >> 1) | (cf << (w - 1));
        cf = t;
    }
    uint32_t f = (old & ~(F_CF | F_OF)) | (cf ? F_CF : 0) | (of ? F_OF : 0);
    return {a, f};
}

/// Evaluates an x86 condition code on a flags value.
inline bool cond(Cond c, uint32_t f) {
    bool cf = f & F_CF, zf = f & F_ZF, sf = f & F_SF, of = f & F_OF, pf = f & F_PF;
    bool r = false;
    switch (static_cast<Cond>(static_cast<unsigned>(c) & 14)) {
    case Cond::O: r = of; break;
    case Cond::B: r = cf; break;
    case Cond::E: r = zf; break;
    case Cond::BE: r = cf || zf; break;
    case Cond::S: r = sf; break;
    case Cond::P: r = pf; break;
    case Cond::L: r = sf != of; break;
    case Cond::LE: r = zf || sf != of; break;
    default: break;
    }
    return (static_cast<unsigned>(c) & 1) ? !r : r;
}

} // namespace cm::vliw::flags
