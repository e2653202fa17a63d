/* realloc: growing from a byte to many MiB and shrinking back, keeping the
   contents; realloc(NULL) and interleaved allocations that force moves. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every byte below 100000 holds a pattern, above that every 997th: enough
   to see a lost or misplaced copy without touching every byte. */
static size_t next_filled(size_t i) {
    if (i + 1 < 100000) return i + 1;
    return (i + 1 + 996) / 997 * 997;
}

int main(void) {
    unsigned char* p = NULL;
    size_t n = 0;
    unsigned bad = 0;
    void* blockers[64];
    int nb = 0;
    for (size_t want = 1; want <= (24u << 20); want = want * 3 / 2 + 1) {
        unsigned char* q = realloc(p, want);
        if (!q) {
            printf("realloc(%zu) failed\n", want);
            return 1;
        }
        for (size_t i = 0; i < n; i += (n > 100000 ? 997 : 1))
            if (q[i] != (unsigned char)(i * 7 + 3)) ++bad;
        for (size_t i = n; i < want; i = next_filled(i)) q[i] = (unsigned char)(i * 7 + 3);
        p = q;
        n = want;
        if (nb < 64 && want < 100000) blockers[nb++] = malloc(want);
    }
    printf("grew to %zu bytes, %u bad\n", n, bad);
    while (n > 1) {
        n /= 3;
        p = realloc(p, n);
        for (size_t i = 0; i < n; i += (n > 100000 ? 997 : 1))
            if (p[i] != (unsigned char)(i * 7 + 3)) ++bad;
    }
    printf("shrank to %zu bytes, %u bad\n", n, bad);
    free(p);
    for (int i = 0; i < nb; ++i) free(blockers[i]);

    /* an array of strings that grows like a real program's */
    char** v = NULL;
    size_t cap = 0, len = 0;
    for (int i = 0; i < 5000; ++i) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4;
            v = realloc(v, cap * sizeof *v);
        }
        char buf[32];
        snprintf(buf, sizeof buf, "item-%d", i * i);
        v[len] = malloc(strlen(buf) + 1);
        strcpy(v[len++], buf);
    }
    size_t total = 0;
    for (size_t i = 0; i < len; ++i) total += strlen(v[i]);
    printf("vector: %zu items, %zu chars, last %s, cap %zu\n", len, total, v[len - 1], cap);
    for (size_t i = 0; i < len; ++i) free(v[i]);
    free(v);
    void* r = realloc(NULL, 100);
    memset(r, 1, 100);
    r = realloc(r, 0);
    printf("realloc(p, 0) -> %s\n", r ? "non-null" : "null");
    free(r);
    return 0;
}
