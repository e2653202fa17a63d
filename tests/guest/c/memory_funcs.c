/* memcpy memmove memset memcmp memchr memrchr memmem bzero at many sizes and
   alignments, overlapping moves both ways, checked against byte loops. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static unsigned char a[4096], b[4096], ref[4096];

static void pattern(unsigned char* p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; ++i) p[i] = (unsigned char)((i * 131 + seed * 7) ^ (i >> 3));
}

static int sgn(int x) { return (x > 0) - (x < 0); }

int main(void) {
    static const size_t lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255,
                                  256, 257, 511, 1000, 1024, 2047};
    unsigned errors = 0, tests = 0;
    for (size_t li = 0; li < sizeof lens / sizeof *lens; ++li) {
        size_t n = lens[li];
        static const int salign[] = {0, 1, 3, 4, 7}, dalign[] = {0, 2, 5, 6};
        size_t win = n + 120; /* bytes each check looks at */
        if (n > 2047 || win > sizeof a) return 1;
        for (int si = 0; si < 5; ++si)
            for (int di = 0; di < 4; ++di) {
                int sa = salign[si], da = dalign[di];
                pattern(a, win, (unsigned)n);
                memset(b, 0xee, win);
                memcpy(b + da, a + sa, n);
                for (size_t i = 0; i < win; ++i) {
                    unsigned char want = (i >= (size_t)da && i < da + n) ? a[sa + i - da] : 0xee;
                    if (b[i] != want) ++errors;
                }
                ++tests;
                /* memmove forward and backward overlap */
                pattern(a, win, 3);
                pattern(ref, win, 3);
                memmove(a + 100 + da, a + 100 + sa, n);
                unsigned char tmp[4096];
                memcpy(tmp, ref + 100 + sa, n);
                memcpy(ref + 100 + da, tmp, n);
                if (memcmp(a, ref, win) != 0) ++errors;
                /* memset */
                memset(b, 0, win);
                memset(b + sa, 0x5a + da, n);
                for (size_t i = 0; i < win; ++i)
                    if (b[i] != ((i >= (size_t)sa && i < sa + n) ? (unsigned char)(0x5a + da) : 0)) ++errors;
            }
    }
    printf("copy/move/set: %u tests, %u errors\n", tests, errors);

    /* memcmp sign and position */
    for (size_t n = 1; n < 300; n += 37) {
        pattern(a, n, 1);
        memcpy(b, a, n);
        int eq = memcmp(a, b, n);
        b[n - 1] ^= 0x80;
        int ne = memcmp(a, b, n);
        int ne2 = memcmp(b, a, n);
        printf("memcmp n=%zu: %d %d %d prefix %d\n", n, sgn(eq), sgn(ne), sgn(ne2), memcmp(a, b, n - 1));
    }
    /* memchr/memrchr/memmem */
    pattern(a, 1000, 9);
    for (int c = 0; c < 256; c += 51) {
        unsigned char* p = memchr(a, c, 1000);
        unsigned char* q = memrchr(a, c, 1000);
        printf("memchr %3d: %ld %ld\n", c, p ? (long)(p - a) : -1L, q ? (long)(q - a) : -1L);
    }
    unsigned char* m = memmem(a, 1000, a + 500, 7);
    printf("memmem: %ld\n", m ? (long)(m - a) : -1L);
    bzero(b, 10);
    printf("bzero: %d %d\n", b[0], b[9]);
    /* large blocks */
    size_t big = 1u << 20;
    unsigned char* x = malloc(big);
    unsigned char* y = malloc(big);
    memset(x, 0x3c, big);
    memcpy(y, x, big);
    memmove(y + 1, y, big - 1);
    memmove(y, y + 7, big - 7);
    printf("big: cmp %d chr %ld\n", memcmp(x, y, big - 8), (long)((unsigned char*)memchr(y, 0x3d, big) ? 1 : 0));
    free(x);
    free(y);
    return 0;
}
