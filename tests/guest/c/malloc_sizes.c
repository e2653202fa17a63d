/* malloc/free/calloc at many sizes, from one byte to many MiB (both the brk
   heap and mmap'd chunks), with every block filled and checked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fill(unsigned char* p, size_t n, uint32_t seed) {
    uint32_t h = seed;
    for (size_t i = 0; i < n; i += (n > 65536 ? (n > (1u << 20) ? 4099 : 257) : 1)) {
        h = h * 1103515245u + 12345u;
        p[i] = (unsigned char)(h >> 16);
    }
    return h;
}

static uint32_t check(const unsigned char* p, size_t n, uint32_t seed) {
    uint32_t h = seed, bad = 0;
    for (size_t i = 0; i < n; i += (n > 65536 ? (n > (1u << 20) ? 4099 : 257) : 1)) {
        h = h * 1103515245u + 12345u;
        if (p[i] != (unsigned char)(h >> 16)) ++bad;
    }
    return bad;
}

int main(void) {
    static const size_t sizes[] = {1, 2, 3, 7, 8, 12, 15, 16, 24, 31, 32, 63, 64, 100, 127, 128, 255, 256, 511, 512,
                                   1000, 1023, 1024, 4095, 4096, 4097, 8192, 65535, 65536, 100000, 131071, 131072,
                                   131073, 200000, 262144, 1 << 20, (1 << 20) + 1, 3 << 20, 8 << 20, 16 << 20};
    enum { N = sizeof sizes / sizeof *sizes };
    unsigned char* blocks[N];
    for (int i = 0; i < N; ++i) {
        blocks[i] = malloc(sizes[i]);
        if (!blocks[i]) {
            printf("malloc(%zu) failed\n", sizes[i]);
            return 1;
        }
        if (((uintptr_t)blocks[i] & 7) != 0) printf("malloc(%zu) misaligned\n", sizes[i]);
        fill(blocks[i], sizes[i], (uint32_t)i);
    }
    for (int i = 0; i < N; ++i) printf("size %9zu: %u bad bytes\n", sizes[i], check(blocks[i], sizes[i], (uint32_t)i));
    /* free every other one, reallocate, check the rest survived */
    for (int i = 0; i < N; i += 2) free(blocks[i]);
    for (int i = 0; i < N; i += 2) {
        blocks[i] = malloc(sizes[N - 1 - i]);
        fill(blocks[i], sizes[N - 1 - i], 1000u + i);
    }
    unsigned bad = 0;
    for (int i = 0; i < N; ++i) bad += check(blocks[i], i % 2 ? sizes[i] : sizes[N - 1 - i], i % 2 ? (uint32_t)i : 1000u + i);
    printf("after reuse: %u bad bytes\n", bad);
    for (int i = 0; i < N; ++i) free(blocks[i]);

    /* calloc returns zeroed memory, also after a dirty free */
    for (int round = 0; round < 2; ++round) {
        for (size_t s = 16; s <= (1u << 20); s *= 4) {
            unsigned char* p = calloc(s, 1);
            size_t nz = 0;
            for (size_t i = 0; i < s; i += (s > 4096 ? 29 : 1)) nz += p[i] != 0;
            nz += p[s - 1] != 0;
            if (nz) printf("calloc(%zu) round %d: %zu non-zero bytes\n", s, round, nz);
            memset(p, 0xa5, s);
            free(p);
        }
    }
    printf("calloc ok\n");
    void* big = calloc(1u << 30, 8);
    printf("calloc(1<<30, 8) %s\n", big ? "succeeded?!" : "failed as expected");
    void* huge = malloc(0xfffffff0u);
    printf("malloc(0xfffffff0) %s\n", huge ? "succeeded?!" : "failed as expected");
    void* z = malloc(0);
    printf("malloc(0) %s\n", z ? "non-null" : "null");
    free(z);
    free(NULL);

    /* many small blocks */
    enum { M = 8000 };
    static void* many[M];
    for (int i = 0; i < M; ++i) {
        many[i] = malloc((size_t)(i % 97) + 1);
        memset(many[i], i & 0xff, (size_t)(i % 97) + 1);
    }
    unsigned long sum = 0;
    for (int i = 0; i < M; ++i) sum += ((unsigned char*)many[i])[i % 97];
    for (int i = M - 1; i >= 0; i -= 2) free(many[i]);
    for (int i = M - 2; i >= 0; i -= 2) free(many[i]);
    printf("many small: sum %lu\n", sum);
    return 0;
}
