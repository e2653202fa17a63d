/* qsort on ints, strings, structs and doubles (and on already sorted,
   reversed and constant input); bsearch hits and misses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec {
    int key;
    int seq;
    char name[12];
};

static int cmp_int(const void* a, const void* b) {
    int x = *(const int*)a, y = *(const int*)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }
static int cmp_rec(const void* a, const void* b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
    return (x->seq > y->seq) - (x->seq < y->seq);
}
static int cmp_dbl_desc(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return (x < y) - (x > y);
}

static unsigned seed = 1;
static unsigned rnd(void) { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; }

int main(void) {
    enum { N = 8000 };
    static int v[N];
    for (int i = 0; i < N; ++i) v[i] = (int)(rnd() * 32768u + rnd()) - (1 << 29);
    qsort(v, N, sizeof *v, cmp_int);
    int sorted = 1;
    long long sum = 0;
    for (int i = 0; i < N; ++i) {
        if (i && v[i - 1] > v[i]) sorted = 0;
        sum += v[i] * (long long)(i % 7);
    }
    printf("ints sorted=%d first=%d last=%d weighted=%lld\n", sorted, v[0], v[N - 1], sum);
    int hits = 0;
    for (int i = 0; i < 2000; ++i) {
        int key = i % 2 ? v[(i * 7919) % N] : (int)rnd();
        int* p = bsearch(&key, v, N, sizeof *v, cmp_int);
        if (p && *p == key) ++hits;
    }
    printf("bsearch hits %d\n", hits);
    int k = v[0] - 1;
    printf("below: %s\n", bsearch(&k, v, N, sizeof *v, cmp_int) ? "found" : "null");
    qsort(v, N, sizeof *v, cmp_int); /* sorted input */
    for (int i = 0; i < N; ++i) v[i] = N - i;
    qsort(v, N, sizeof *v, cmp_int); /* reversed */
    printf("reversed: %d %d %d\n", v[0], v[N / 2], v[N - 1]);
    for (int i = 0; i < N; ++i) v[i] = 5;
    qsort(v, N, sizeof *v, cmp_int);
    printf("constant: %d\n", v[N - 1]);

    static const char* words[] = {"pear", "apple", "fig", "banana", "cherry", "kiwi", "apple", "date", "elderberry",
                                  "grape", "Zucchini", "lemon", "mango", "", "apricot"};
    enum { W = sizeof words / sizeof *words };
    const char* w[W];
    memcpy(w, words, sizeof w);
    qsort(w, W, sizeof *w, cmp_str);
    for (int i = 0; i < W; ++i) printf("%s%s", i ? "," : "words: ", w[i]);
    printf("\n");
    const char* key = "fig";
    const char** found = bsearch(&key, w, W, sizeof *w, cmp_str);
    printf("bsearch fig at %ld\n", found ? (long)(found - w) : -1L);

    static struct rec r[3000];
    for (int i = 0; i < 3000; ++i) {
        r[i].key = (int)(rnd() % 50);
        r[i].seq = i;
        snprintf(r[i].name, sizeof r[i].name, "r%d", i);
    }
    qsort(r, 3000, sizeof *r, cmp_rec);
    unsigned long h = 0;
    for (int i = 0; i < 3000; ++i) h = h * 33 + (unsigned long)r[i].seq;
    printf("records: first %s/%d last %s/%d hash %lu\n", r[0].name, r[0].key, r[2999].name, r[2999].key, h);

    double d[1000];
    for (int i = 0; i < 1000; ++i) d[i] = (rnd() - 16384) / 7.0;
    qsort(d, 1000, sizeof *d, cmp_dbl_desc);
    printf("doubles: %.6f %.6f %.6f\n", d[0], d[500], d[999]);
    return 0;
}
