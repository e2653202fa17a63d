/* Bit manipulation: popcount, clz, ctz, ffs, parity, bswap, rotates, bit
   reversal, power-of-two tests, Gray codes, sign tricks, on 32 and 64 bits. */
#include <stdint.h>
#include <stdio.h>
#include <strings.h>

static uint32_t rev32(uint32_t x) {
    x = (x >> 1 & 0x55555555u) | (x & 0x55555555u) << 1;
    x = (x >> 2 & 0x33333333u) | (x & 0x33333333u) << 2;
    x = (x >> 4 & 0x0f0f0f0fu) | (x & 0x0f0f0f0fu) << 4;
    return __builtin_bswap32(x);
}
static int popcount_loop(uint64_t x) {
    int n = 0;
    while (x) x &= x - 1, ++n;
    return n;
}
static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> (-r & 31)); }
static uint64_t rotr64(uint64_t x, unsigned r) { return (x >> (r & 63)) | (x << (-r & 63)); }

int main(void) {
    static const uint32_t v[] = {0, 1, 2, 3, 0x80000000u, 0xffffffffu, 0x12345678u, 0xdeadbeefu, 0x00f000f0u, 1u << 17,
                                 0x7fffffffu, 0xaaaaaaaau};
    for (size_t i = 0; i < sizeof v / sizeof *v; ++i) {
        uint32_t x = v[i];
        printf("%08x: pop %2d clz %2d ctz %2d ffs %2d par %d bswap %08x rev %08x rotl7 %08x pow2 %d gray %08x "
               "ungray %08x\n",
               x, __builtin_popcount(x), x ? __builtin_clz(x) : 32, x ? __builtin_ctz(x) : 32, ffs((int)x),
               __builtin_parity(x), __builtin_bswap32(x), rev32(x), rotl32(x, 7), x && !(x & (x - 1)), x ^ (x >> 1),
               ({
                   uint32_t g = x;
                   for (uint32_t s = 1; s < 32; s <<= 1) g ^= g >> s;
                   g;
               }));
    }
    uint64_t s = 0x0123456789abcdefULL;
    for (int i = 0; i < 10; ++i) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        printf("%016llx: pop %2d/%2d clzll %2d ctzll %2d bswap64 %016llx rotr13 %016llx lowbit %016llx\n",
               (unsigned long long)s, __builtin_popcountll(s), popcount_loop(s), __builtin_clzll(s),
               __builtin_ctzll(s), (unsigned long long)__builtin_bswap64(s), (unsigned long long)rotr64(s, 13),
               (unsigned long long)(s & -s));
    }
    int32_t vals[] = {0, 5, -5, 2147483647, -2147483647 - 1, -1, 100};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; ++i) {
        int32_t x = vals[i];
        int32_t sign = x >> 31;
        printf("%d: abs %u sign %d (x>>31) %d next_pow2 %u signext8 %d signext16 %d\n", x,
               (uint32_t)((x ^ sign) - sign), (x > 0) - (x < 0), sign,
               ({
                   uint32_t p = (uint32_t)x - 1;
                   p |= p >> 1, p |= p >> 2, p |= p >> 4, p |= p >> 8, p |= p >> 16;
                   p + 1;
               }),
               (int8_t)x, (int16_t)x);
    }
    /* bitset sieve */
    static uint32_t bits[(1 << 18) / 32];
    int count = 0;
    for (uint32_t i = 2; i < (1u << 18); ++i) {
        if (!(bits[i / 32] >> (i % 32) & 1)) {
            ++count;
            for (uint64_t j = (uint64_t)i * i; j < (1u << 18); j += i) bits[j / 32] |= 1u << (j % 32);
        }
    }
    printf("primes below 2^18: %d\n", count);
    /* unsigned char / signed char / shifts of negative values */
    char c = (char)0xf0;
    printf("char is %s, (int)c = %d, -16 >> 2 = %d, (unsigned)-16 >> 2 = %u\n", c < 0 ? "signed" : "unsigned", c,
           -16 >> 2, (unsigned)-16 >> 2);
    return 0;
}
