/* printf integer conversions: %d %i %u %o %x %X %c %s with widths, precisions,
   flags (- + space # 0), length modifiers (hh h l ll j z t) and edge values. */
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
    static const int vals[] = {0, 1, -1, 7, -42, 255, 4096, 65535, -65536, 123456789, INT_MAX, INT_MIN};
    static const char* fmts[] = {"%d", "%i", "%5d", "%-5d|", "%+d", "% d", "%05d", "%.3d", "%8.4d", "%-+8.3d|",
                                 "%u", "%o", "%#o", "%x", "%X", "%#x", "%#X", "%#010x", "%-#10x|", "%.0d", "%+.0d"};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; ++f) {
        printf("%-10s:", fmts[f]);
        for (size_t v = 0; v < sizeof vals / sizeof *vals; ++v) {
            putchar(' ');
            printf(fmts[f], vals[v]);
        }
        putchar('\n');
    }
    /* length modifiers */
    signed char sc = -5;
    unsigned char uc = 250;
    short ss = -32768;
    unsigned short us = 65535;
    long l = -2147483647L - 1;
    unsigned long ul = 4294967295UL;
    long long ll = -9223372036854775807LL - 1;
    unsigned long long ull = 18446744073709551615ULL;
    intmax_t im = -1234567890123LL;
    size_t sz = 4000000000u;
    ptrdiff_t pd = -123456;
    printf("hh: %hhd %hhu %hhx %hhd\n", sc, uc, uc, 300);
    printf("h: %hd %hu %ho %hx\n", ss, us, us, 70000);
    printf("l: %ld %lu %lx %lo\n", l, ul, ul, ul);
    printf("ll: %lld %llu %llx %llX %llo\n", ll, ull, ull, 0xdeadbeefcafebabeULL, ull);
    printf("ll2: %+lld %020lld %-20lld| %.25lld\n", 1234567890123456789LL, -987654321098765LL, 42LL, 7LL);
    printf("j z t: %jd %zu %zx %td\n", im, sz, sz, pd);
    printf("PRI: %" PRId64 " %" PRIu64 " %" PRIx64 " %" PRIo32 "\n", (int64_t)-1, (uint64_t)-1, (uint64_t)1 << 63,
           (uint32_t)8);
    /* characters and strings */
    printf("c: [%c] [%3c] [%-3c] [%c]\n", 'A', 'b', 'c', 0x7e);
    const char* s = "hello, world";
    printf("s: [%s] [%20s] [%-20s] [%.5s] [%10.3s] [%-10.3s] [%.0s] [%s]\n", s, s, s, s, s, s, s, "");
    printf("s null: [%.3s]\n", "ab");
    /* star width and precision */
    for (int w = -6; w <= 6; w += 3) printf("star: [%*d] [%.*d] [%*.*x]\n", w, 42, w, 42, w, w > 0 ? w : 0, 0xabc);
    /* positional */
    printf("pos: %2$s %1$s %3$05d %2$s\n", "world", "hello", 7);
    /* return values */
    int n = printf("%s=%d\n", "count", 12345);
    printf("printf returned %d\n", n);
    n = printf("%s", "");
    printf("empty printf returned %d\n", n);
    /* many args */
    printf("%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    /* long strings through the buffer */
    for (int i = 0; i < 5; ++i) printf("%0*d|%-*s|\n", 100 + i, i, 200, "pad");
    return 0;
}
