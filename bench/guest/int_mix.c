/* Integer kernel: four independent chains of the MurmurHash3 finaliser
 * (xor-shifts and 32-bit multiplies), run forward, then undone with the
 * inverse finaliser. Pure register ALU work with four chains of
 * instruction-level parallelism.
 *
 * Check: the inverse pass must give back the four seeds exactly. */
#include "kernel.h"

enum { kSteps = 1000 };

static inline uint32_t fmix(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* Multiplicative inverse modulo 2^32 of an odd number (Newton iteration). */
static uint32_t inverse(uint32_t a) {
    uint32_t x = a;
    for (int i = 0; i < 5; ++i) x *= 2u - a * x;
    return x;
}

int main(int argc, char** argv) {
    unsigned rounds = kernel_rounds(argc, argv, 200);
    const uint32_t i1 = inverse(0x85ebca6bu), i2 = inverse(0xc2b2ae35u);
    uint32_t acc = 0;
    unsigned bad = 0;
    for (unsigned r = 0; r < rounds; ++r) {
        const uint32_t s0 = r * 4u + 1, s1 = r * 4u + 2, s2 = r * 4u + 3, s3 = r * 4u + 4;
        uint32_t a = s0, b = s1, c = s2, d = s3;
        for (uint32_t i = 0; i < kSteps; ++i) {
            a = fmix(a + i);
            b = fmix(b ^ i);
            c = fmix(c - i);
            d = fmix(d + (i << 1));
        }
        acc ^= a ^ b ^ c ^ d;
        for (uint32_t i = kSteps; i-- > 0;) {
            a ^= a >> 16, b ^= b >> 16, c ^= c >> 16, d ^= d >> 16;
            a *= i2, b *= i2, c *= i2, d *= i2;
            a ^= (a >> 13) ^ (a >> 26), b ^= (b >> 13) ^ (b >> 26);
            c ^= (c >> 13) ^ (c >> 26), d ^= (d >> 13) ^ (d >> 26);
            a *= i1, b *= i1, c *= i1, d *= i1;
            a ^= a >> 16, b ^= b >> 16, c ^= c >> 16, d ^= d >> 16;
            a -= i, b ^= i, c += i, d -= i << 1;
        }
        if (a != s0 || b != s1 || c != s2 || d != s3) ++bad;
    }
    return kernel_report("int_mix", acc, bad == 0);
}
