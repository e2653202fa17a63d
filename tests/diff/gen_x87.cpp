// The x87 class: one random x87 instruction over a random FPU state (TOP,
// tags, 80-bit register values, rounding and precision control) and random
// memory operands of every format.
//
// The FPU state always has the registers the instruction reads valid and,
// when it pushes, ST(7) empty: QEMU 5 (Unicorn 2) does not model x87 stack
// faults, so those are checked against native execution instead
// (tests/asm/x87_*.asm). Every exception stays masked (Unicorn's CR0.NE is
// clear, so a pending exception could not raise #MF there).
#include <cstring>

#include "gen_internal.hpp"

namespace cm::diff {

namespace {

void put80(uint8_t* p, uint64_t mant, uint16_t se) {
    std::memcpy(p, &mant, 8);
    std::memcpy(p + 8, &se, 2);
}

/// A random 80-bit value in the formats QEMU and hardware agree on: zeros,
/// normals (near 1 and over the whole range), denormals, infinities, QNaNs,
/// integers of various sizes (fist, frndint, fscale). No SNaNs: QEMU 5
/// replaces an SNaN operand by the default NaN instead of quieting it, and
/// loads m32/m64 SNaNs unquieted; SNaNs are checked against native runs.
void rand80(Rng& r, uint8_t* p) {
    uint16_t s = uint16_t(r.below(2) << 15);
    uint64_t m = (1ull << 63) | (r.next() >> 1);
    switch (r.below(12)) {
    case 0: put80(p, 0, s); break;
    case 1: put80(p, 1ull << 63, uint16_t(s | 0x3fff)); break;
    case 2: put80(p, 1ull << 63, uint16_t(s | 0x7fff)); break;
    case 3: put80(p, (3ull << 62) | (r.next() >> 24), uint16_t(s | 0x7fff)); break; // QNaN
    case 4: put80(p, 3ull << 62, uint16_t(0xffff)); break;     // the indefinite
    case 5: put80(p, r.next() >> (1 + r.below(60)), s); break; // denormal
    case 6: {
        // An integer of up to 64 bits: the low bits below the point clear.
        unsigned bits = 1 + r.below(64);
        uint64_t mant = m & ~((bits < 64 ? (1ull << (64 - bits)) : 1ull) - 1);
        put80(p, mant, uint16_t(s | (0x3fff + bits - 1)));
        break;
    }
    case 7: put80(p, m, uint16_t(s | (1 + r.below(0x7ffe)))); break;
    case 8: put80(p, m, uint16_t(s | r.range(1, 2) | (r.chance(1, 2) ? 0x7ffc : 0))); break;
    case 9: put80(p, m, uint16_t(s | (0x3fff + r.range(-3, 3)))); break; // fscale counts
    default: put80(p, m, uint16_t(s | (0x3fff + r.range(-70, 70)))); break;
    }
}

/// Memory operand contents for format `size` bytes of kind `k`.
enum MemKind { kReal, kInt, kBcd };

void rand_mem(Gen& g, const Opnd& o, MemKind k) {
    uint8_t* p = g.host(o.addr, o.size);
    if (!p) return;
    Rng& r = g.rng;
    if (k == kBcd) {
        for (unsigned i = 0; i < 9; ++i)
            p[i] = uint8_t((r.below(10) << 4) | r.below(10));
        p[9] = r.chance(1, 2) ? 0x80 : 0;
        return;
    }
    if (k == kInt) {
        uint64_t v = r.chance(1, 3) ? uint64_t(int64_t(r.range(-1000, 1000))) : r.next();
        if (r.chance(1, 6)) v = uint64_t(1) << (o.size * 8 - 1); // the most negative
        std::memcpy(p, &v, o.size);
        return;
    }
    if (o.size == 10) {
        rand80(r, p);
        return;
    }
    // m32 / m64: built from an 80-bit value's class.
    bool f32 = o.size == 4;
    unsigned ebits = f32 ? 8 : 11, fbits = f32 ? 23 : 52;
    uint64_t sign = uint64_t(r.below(2)) << (ebits + fbits);
    uint64_t frac = (r.next() >> (64 - fbits));
    uint64_t emax = (1ull << ebits) - 1, bias = emax >> 1;
    uint64_t e;
    switch (r.below(8)) {
    case 0: e = 0, frac = 0; break;
    case 1: e = 0; break; // denormal
    case 2: e = emax, frac = 0; break;
    case 3: e = emax, frac |= 1ull << (fbits - 1); break; // QNaN (see rand80)
    case 4: e = 1 + r.below(uint32_t(emax - 1)); break;
    default: e = bias + uint64_t(r.range(-20, 20)); break;
    }
    uint64_t v = sign | (e << fbits) | frac;
    std::memcpy(p, &v, o.size);
}

/// What the instruction needs of the stack.
struct StackNeed {
    unsigned valid = 0; ///< bit i: ST(i) must hold a value
    bool push = false;  ///< pushes: ST(7) must be empty
};

void raw2(Gen& g, uint8_t op, uint8_t modrm) {
    const uint8_t b[2] = {op, modrm};
    g.bytes(b, 2);
}

} // namespace

void gen_x87(Gen& g) {
    Rng& r = g.rng;
    g.tc.fpu = true;
    StackNeed need;
    bool bcd_in_range = false; // fbstp: QEMU 5 mishandles NaNs and |x| >= 10^18
    const unsigned i = r.below(8);
    static const ZydisMnemonic arith[] = {ZYDIS_MNEMONIC_FADD, ZYDIS_MNEMONIC_FMUL,
                                          ZYDIS_MNEMONIC_FSUB, ZYDIS_MNEMONIC_FSUBR,
                                          ZYDIS_MNEMONIC_FDIV, ZYDIS_MNEMONIC_FDIVR};
    static const ZydisMnemonic iarith[] = {ZYDIS_MNEMONIC_FIADD, ZYDIS_MNEMONIC_FIMUL,
                                           ZYDIS_MNEMONIC_FISUB, ZYDIS_MNEMONIC_FISUBR,
                                           ZYDIS_MNEMONIC_FIDIV, ZYDIS_MNEMONIC_FIDIVR};
    // ModRM bytes and /r digits of the register forms used below.
    static const uint8_t d8_ops[] = {0, 1, 2, 3,
                                     4, 5, 6, 7}; // fadd fmul fcom fcomp fsub fsubr fdiv fdivr
    static const uint8_t arith_ops[] = {0, 1, 4, 5, 6, 7};     // the same without the compares
    static const uint8_t d9_misc[] = {0xe0, 0xe1, 0xe4, 0xe5}; // fchs fabs ftst fxam
    static const uint8_t d9_calc[] = {0xfa, 0xfc, 0xfd, 0xf4}; // fsqrt frndint fscale fxtract
    // fsin fcos fsincos fptan fpatan f2xm1 fyl2x fyl2xp1
    static const uint8_t d9_trans[] = {0xfe, 0xff, 0xfb, 0xf2, 0xf3, 0xf0, 0xf1, 0xf9};
    switch (r.below(24)) {
    case 0: { // fld m32/m64/m80
        static const unsigned sz[] = {4, 8, 10};
        g.begin(ZYDIS_MNEMONIC_FLD);
        Opnd m = g.mem(sz[r.below(3)]);
        rand_mem(g, m, kReal);
        need.push = true;
        break;
    }
    case 1: { // fild m16/m32/m64, fbld
        bool bcd = r.chance(1, 4);
        static const unsigned sz[] = {2, 4, 8};
        g.begin(bcd ? ZYDIS_MNEMONIC_FBLD : ZYDIS_MNEMONIC_FILD);
        Opnd m = g.mem(bcd ? 10 : sz[r.below(3)]);
        rand_mem(g, m, bcd ? kBcd : kInt);
        need.push = true;
        break;
    }
    case 2: // fld st(i), i < 7 (ST(7) is where the push goes)
        raw2(g, 0xd9, uint8_t(0xc0 + (i & 3) + (i >> 2)));
        need.valid = 1u << (g.raw_bytes[1] & 7), need.push = true;
        break;
    case 3: { // fst/fstp m32/m64, fstp m80
        static const unsigned sz[] = {4, 8, 10};
        unsigned s = sz[r.below(3)];
        g.begin(s == 10 || r.chance(1, 2) ? ZYDIS_MNEMONIC_FSTP : ZYDIS_MNEMONIC_FST);
        g.mem(s);
        need.valid = 1;
        break;
    }
    case 4: { // fist/fistp m16/m32, fistp m64, fbstp
        unsigned k = r.below(6);
        static const unsigned sz[] = {2, 4, 2, 4, 8, 10};
        g.begin(k < 2 ? ZYDIS_MNEMONIC_FIST : k < 5 ? ZYDIS_MNEMONIC_FISTP : ZYDIS_MNEMONIC_FBSTP);
        g.mem(sz[k]);
        need.valid = 1;
        if (k == 5) bcd_in_range = true;
        break;
    }
    case 5: // fst / fstp st(i), fxch st(i), ffree st(i)
        switch (r.below(4)) {
        case 0: raw2(g, 0xdd, uint8_t(0xd0 + i)); break;
        case 1: raw2(g, 0xdd, uint8_t(0xd8 + i)); break;
        case 2:
            raw2(g, 0xd9, uint8_t(0xc8 + i));
            need.valid = 1u << i;
            break;
        default: raw2(g, 0xdd, uint8_t(0xc0 + i)); break;
        }
        need.valid |= 1;
        break;
    case 6:
    case 7: // D8: st0 op st(i)
        raw2(g, 0xd8, uint8_t(0xc0 + 8 * d8_ops[r.below(8)] + i));
        need.valid = 1u | (1u << i);
        break;
    case 8: { // DC / DE: st(i) op st0 (and the popping forms)
        raw2(g, r.chance(1, 2) ? 0xdc : 0xde, uint8_t(0xc0 + 8 * arith_ops[r.below(6)] + i));
        need.valid = 1u | (1u << i);
        break;
    }
    case 9:
    case 10: { // arithmetic with m32/m64 and m16/m32 integer operands
        bool in = r.chance(1, 3);
        g.begin(in ? iarith[r.below(6)] : arith[r.below(6)]);
        Opnd m = g.mem(in ? (r.chance(1, 2) ? 2 : 4) : (r.chance(1, 2) ? 4 : 8));
        rand_mem(g, m, in ? kInt : kReal);
        need.valid = 1;
        break;
    }
    case 11: { // compares with memory
        static const ZydisMnemonic cm[] = {ZYDIS_MNEMONIC_FCOM, ZYDIS_MNEMONIC_FCOMP,
                                           ZYDIS_MNEMONIC_FICOM, ZYDIS_MNEMONIC_FICOMP};
        unsigned k = r.below(4);
        g.begin(cm[k]);
        Opnd m = g.mem(k < 2 ? (r.chance(1, 2) ? 4 : 8) : (r.chance(1, 2) ? 2 : 4));
        rand_mem(g, m, k < 2 ? kReal : kInt);
        need.valid = 1;
        break;
    }
    case 12: // fucom fucomp st(i), fcompp, fucompp, fcomi family
        switch (r.below(4)) {
        case 0: raw2(g, 0xdd, uint8_t((r.chance(1, 2) ? 0xe0 : 0xe8) + i)); break;
        case 1: raw2(g, r.chance(1, 2) ? 0xde : 0xda, r.chance(1, 2) ? 0xd9 : 0xe9); break;
        case 2:
            raw2(g, r.chance(1, 2) ? 0xdb : 0xdf, uint8_t((r.chance(1, 2) ? 0xe8 : 0xf0) + i));
            break;
        default: raw2(g, 0xdb, uint8_t(0xe8 + i)); break;
        }
        if (g.raw_bytes[0] == 0xde || g.raw_bytes[0] == 0xda)
            need.valid = 3;
        else
            need.valid = 1u | (1u << i);
        break;
    case 13: // ftst fxam fchs fabs
        raw2(g, 0xd9, d9_misc[r.below(4)]);
        need.valid = g.raw_bytes[1] == 0xe5 ? 0 : 1;
        break;
    case 14: // constants
        raw2(g, 0xd9, uint8_t(0xe8 + r.below(7)));
        need.push = true;
        break;
    case 15: // fsqrt frndint fscale fxtract
        raw2(g, 0xd9, d9_calc[r.below(4)]);
        need.valid = g.raw_bytes[1] == 0xfd ? 3 : 1;
        need.push = g.raw_bytes[1] == 0xf4;
        break;
    case 16: // fprem fprem1
        raw2(g, 0xd9, r.chance(1, 2) ? 0xf8 : 0xf5);
        need.valid = 3;
        break;
    case 17: // transcendentals (qemu-x87-transcendentals: results not compared)
        raw2(g, 0xd9, d9_trans[r.below(8)]);
        need.valid =
            (g.raw_bytes[1] == 0xf3 || g.raw_bytes[1] == 0xf1 || g.raw_bytes[1] == 0xf9) ? 3 : 1;
        need.push = g.raw_bytes[1] == 0xfb || g.raw_bytes[1] == 0xf2;
        break;
    case 18: // fcmovcc
        raw2(g, r.chance(1, 2) ? 0xda : 0xdb, uint8_t(0xc0 + 8 * r.below(4) + i));
        need.valid = 1u | (1u << i);
        break;
    case 19: { // fnstcw, fldcw, fnstsw m16
        static const ZydisMnemonic cw[] = {ZYDIS_MNEMONIC_FNSTCW, ZYDIS_MNEMONIC_FLDCW,
                                           ZYDIS_MNEMONIC_FNSTSW};
        unsigned k = r.below(3);
        g.begin(cw[k]);
        Opnd m = g.mem(2);
        if (k == 1) {
            // All exceptions masked, any precision and rounding control.
            uint32_t v = 0x7f | (r.below(4) << 8) | (r.below(4) << 10) | (r.u32() & 0xe080);
            g.set(m, v);
        }
        break;
    }
    case 20: // fnstsw ax, fnclex, fninit, fnop, fdecstp, fincstp, fwait
        switch (r.below(7)) {
        case 0: raw2(g, 0xdf, 0xe0); break;
        case 1: raw2(g, 0xdb, 0xe2); break;
        case 2: raw2(g, 0xdb, 0xe3); break;
        case 3: raw2(g, 0xd9, 0xd0); break;
        case 4: raw2(g, 0xd9, 0xf6); break;
        case 5: raw2(g, 0xd9, 0xf7); break;
        default: {
            const uint8_t w = 0x9b;
            g.bytes(&w, 1);
            break;
        }
        }
        break;
    default: // more two-register arithmetic near the top of the stack
        raw2(g, 0xd8, uint8_t(0xc0 + 8 * arith_ops[r.below(6)] + r.below(3)));
        need.valid = 1u | (1u << (g.raw_bytes[1] & 7));
        break;
    }

    // The FPU state around it.
    FpuState& f = g.tc.init.fpu;
    unsigned top = r.below(8);
    f.cw = uint16_t(0x037f & ~0x0f00);
    f.cw |= uint16_t((r.below(4) << 8) | (r.below(4) << 10));
    f.sw = uint16_t((top << 11) | (r.u32() & 0x4700));    // random C0-C3
    if (r.chance(1, 4)) f.sw |= uint16_t(r.u32() & 0x3f); // earlier (masked) flags
    f.tw = 0;
    for (unsigned st = 0; st < 8; ++st) {
        unsigned p = (top + st) & 7;
        rand80(r, f.r[p]);
        if (st == 0 && bcd_in_range) {
            // Up to 18 digits: exponent below 0x3fff + 59 (2^59 < 10^18).
            uint16_t se;
            std::memcpy(&se, f.r[p] + 8, 2);
            if ((se & 0x7fff) >= 0x3fff + 59)
                put80(f.r[p], 0xc000000000000000ull,
                      uint16_t((se & 0x8000) | (0x3fff + r.below(59))));
            // QEMU 5 also drops the sign of a result that rounds to -0.
            if ((se & 0x7fff) < 0x3fff) f.r[p][9] &= 0x7f;
        }
        bool valid = (need.valid >> st) & 1   ? true
                     : (need.push && st == 7) ? false
                                              : r.chance(7, 10);
        if (!valid) f.tw = uint16_t(f.tw | (3u << (2 * p)));
    }
}

} // namespace cm::diff
