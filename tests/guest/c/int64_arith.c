/* 64-bit integer arithmetic on a 32-bit machine: / and % on int64/uint64
   (libgcc __divdi3 __udivdi3 __moddi3 __umoddi3), shifts by variable counts,
   multiplication, comparisons, and edge values. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t state = 0x123456789abcdefULL;
static uint64_t next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL; }

int main(void) {
    static const int64_t edge[] = {0, 1, -1, 2, -2, 3, 7, -7, 10, 1000000007, -1000000007, INT32_MAX, INT32_MIN,
                                   (int64_t)UINT32_MAX, (int64_t)UINT32_MAX + 1, INT64_MAX, INT64_MIN + 1,
                                   0x123456789LL, -0x123456789LL, 0x7fffffff00000000LL};
    enum { E = sizeof edge / sizeof *edge };
    for (int i = 0; i < E; ++i) {
        for (int j = 0; j < E; ++j) {
            int64_t a = edge[i], b = edge[j];
            if (b == 0) continue;
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            printf("%" PRId64 " %" PRId64 ": / %" PRId64 " %% %" PRId64 " u/ %" PRIu64 " u%% %" PRIu64 "\n", a, b,
                   a / b, a % b, ua / ub, ua % ub);
        }
    }
    int64_t m = INT64_MIN, mone = -1;
    printf("INT64_MIN %% -1 = %" PRId64 "\n", mone == -1 ? (int64_t)0 : m % mone);
    uint64_t h = 0;
    for (int i = 0; i < 8000; ++i) {
        uint64_t a = next(), b = next() >> (next() % 64);
        int64_t sa = (int64_t)a, sb = (int64_t)b;
        if (b == 0) b = 1, sb = 1;
        h = mix(h, a / b);
        h = mix(h, a % b);
        if (!(sa == INT64_MIN && sb == -1)) {
            h = mix(h, (uint64_t)(sa / sb));
            h = mix(h, (uint64_t)(sa % sb));
        }
        h = mix(h, a * b);
        unsigned s = (unsigned)(next() % 64);
        h = mix(h, a << s);
        h = mix(h, a >> s);
        h = mix(h, (uint64_t)(sa >> s));
        h = mix(h, (uint64_t)((a < b) | (sa < sb) << 1 | (a == b) << 2));
        h = mix(h, a + b);
        h = mix(h, a - b);
        h = mix(h, (~a & b) | (a ^ b));
        h = mix(h, (uint64_t)-sa);
        if (i < 8)
            printf("rand %d: %016" PRIx64 " %016" PRIx64 " / %016" PRIx64 " %% %016" PRIx64 " * %016" PRIx64
                   " <<%u %016" PRIx64 " >>%u %016" PRIx64 " s>>%u %016" PRIx64 "\n",
                   i, a, b, a / b, a % b, a * b, s, a << s, s, a >> s, s, (uint64_t)(sa >> s));
    }
    printf("hash %016" PRIx64 "\n", h);
    /* 32x32->64 products and 64-bit counters */
    uint32_t x = 0xfffffffbu, y = 0xfffffff1u;
    printf("widening: %" PRIu64 " %" PRId64 "\n", (uint64_t)x * y, (int64_t)(int32_t)x * (int32_t)y);
    uint64_t fact = 1;
    for (int i = 1; i <= 20; ++i) fact *= (uint64_t)i;
    printf("20! = %" PRIu64 "\n", fact);
    uint64_t c = 0;
    for (uint64_t i = 0xfffffff0ULL; i < 0x100000010ULL; ++i) c += i & 0xff;
    printf("carry loop %" PRIu64 "\n", c);
    /* shifts by every count */
    for (int s = 0; s < 64; s += 9)
        printf("shift %2d: %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n", s, 0x8000000000000001ULL << s,
               0x8000000000000001ULL >> s, (uint64_t)((int64_t)0x8000000000000001ULL >> s));
    return 0;
}
