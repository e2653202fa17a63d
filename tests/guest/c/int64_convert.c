/* Conversions between 64-bit integers and double/float/long double
   (libgcc __fixdfdi __fixunsdfdi __floatdidf and friends, or x87 fild/fistp),
   with truncation toward zero, large magnitudes and exact limits. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
    static const double d[] = {0.0, -0.0, 0.5, -0.5, 0.999999, -0.999999, 1.0, -1.0, 2.5, -2.5, 123456.789,
                               -123456.789, 2147483647.0, 2147483648.0, -2147483648.0, 4294967295.0, 4294967296.0,
                               9007199254740993.0, 1e18, -1e18, 9223372036854774784.0, -9223372036854775808.0,
                               18446744073709549568.0, 0x1p62, 0x1p63 - 1024, 1.5e10, -7.75e15};
    for (size_t i = 0; i < sizeof d / sizeof *d; ++i) {
        int64_t s = (d[i] >= -0x1p63 && d[i] < 0x1p63) ? (int64_t)d[i] : 0;
        uint64_t u = d[i] >= 0 ? (uint64_t)d[i] : 0;
        int32_t s32 = (d[i] > -2147483649.0 && d[i] < 2147483648.0) ? (int32_t)d[i] : 0;
        uint32_t u32 = (d[i] >= 0 && d[i] < 4294967296.0) ? (uint32_t)d[i] : 0;
        printf("%-24.17g -> s64 %" PRId64 " u64 %" PRIu64 " s32 %d u32 %u\n", d[i], s, u, s32, u32);
    }
    static const int64_t iv[] = {0, 1, -1, 9007199254740993LL, -9007199254740993LL, INT64_MAX, INT64_MIN,
                                 0x7ffffffffffffc00LL, 0x20000000000001LL, 123456789012345678LL, 1LL << 53, 3LL << 60};
    for (size_t i = 0; i < sizeof iv / sizeof *iv; ++i) {
        double dd = (double)iv[i];
        float ff = (float)iv[i];
        long double ld = (long double)iv[i];
        printf("%" PRId64 " -> %a %a %La %.0Lf\n", iv[i], dd, (double)ff, ld, ld);
    }
    static const uint64_t uv[] = {0, 1, UINT64_MAX, 1ULL << 63, (1ULL << 63) + 1, 0xfffffffffffff800ULL,
                                  0x8000000000000400ULL, 0x8000000000000401ULL, 0xc000000000000c00ULL};
    for (size_t i = 0; i < sizeof uv / sizeof *uv; ++i)
        printf("%" PRIu64 " -> %a %a %La\n", uv[i], (double)uv[i], (double)(float)uv[i], (long double)uv[i]);
    /* float -> int */
    static const float f[] = {0.5f, -1.5f, 16777217.0f, 3e9f, -3e9f, 1e18f, 0.1f};
    for (size_t i = 0; i < sizeof f / sizeof *f; ++i)
        printf("float %g -> s64 %" PRId64 " u64 %" PRIu64 "\n", f[i], (int64_t)f[i],
               f[i] >= 0 ? (uint64_t)f[i] : (uint64_t)0);
    /* long double -> 64-bit: full precision */
    long double l = 18446744073709551615.0L;
    printf("ldouble: %" PRIu64 " %" PRId64 " %" PRId64 "\n", (uint64_t)l, (int64_t)(l / 2), (int64_t)-(l / 4));
    /* int32/uint32 <-> double */
    unsigned long sum = 0;
    for (uint32_t u = 1; u && u < 0xf0000000u; u = u * 3 + 1) {
        double x = u;
        sum += (uint32_t)(x * 0.75) + (uint32_t)(int32_t)(-x / 3);
    }
    printf("u32 conv sum %lu\n", sum);
    return 0;
}
