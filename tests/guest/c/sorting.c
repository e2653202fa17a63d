/* Hand-written sorts on the same pseudo-random data: insertion, shell,
   merge (top-down, with a scratch buffer), heap, quick (median of three),
   radix (LSD, bytes) and counting; each result is checked and hashed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 6000 };
static uint32_t src[N], a[N], tmp[N];

static void insertion(uint32_t* v, int n) {
    for (int i = 1; i < n; ++i) {
        uint32_t x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) v[j + 1] = v[j], --j;
        v[j + 1] = x;
    }
}
static void shell(uint32_t* v, int n) {
    for (int gap = n / 2; gap > 0; gap = gap == 2 ? 1 : gap * 5 / 11)
        for (int i = gap; i < n; ++i) {
            uint32_t x = v[i];
            int j = i;
            for (; j >= gap && v[j - gap] > x; j -= gap) v[j] = v[j - gap];
            v[j] = x;
        }
}
static void merge(uint32_t* v, int lo, int hi) {
    if (hi - lo < 2) return;
    int mid = (lo + hi) / 2;
    merge(v, lo, mid);
    merge(v, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
    while (i < mid) tmp[k++] = v[i++];
    while (j < hi) tmp[k++] = v[j++];
    memcpy(v + lo, tmp + lo, (size_t)(hi - lo) * sizeof *v);
}
static void sift(uint32_t* v, int i, int n) {
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && v[c + 1] > v[c]) ++c;
        if (v[i] >= v[c]) return;
        uint32_t t = v[i];
        v[i] = v[c];
        v[c] = t;
        i = c;
    }
}
static void heap(uint32_t* v, int n) {
    for (int i = n / 2 - 1; i >= 0; --i) sift(v, i, n);
    for (int e = n - 1; e > 0; --e) {
        uint32_t t = v[0];
        v[0] = v[e];
        v[e] = t;
        sift(v, 0, e);
    }
}
static void quick(uint32_t* v, int lo, int hi) {
    while (hi - lo > 16) {
        int mid = lo + (hi - lo) / 2;
        uint32_t x = v[lo], y = v[mid], z = v[hi - 1];
        uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int i = lo, j = hi - 1;
        while (i <= j) {
            while (v[i] < p) ++i;
            while (v[j] > p) --j;
            if (i <= j) {
                uint32_t t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quick(v, lo, j + 1);
            lo = i;
        } else {
            quick(v, i, hi);
            hi = j + 1;
        }
    }
    insertion(v + lo, hi - lo);
}
static void radix(uint32_t* v, int n) {
    for (int shift = 0; shift < 32; shift += 8) {
        int count[257] = {0};
        for (int i = 0; i < n; ++i) count[((v[i] >> shift) & 255) + 1]++;
        for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
        for (int i = 0; i < n; ++i) tmp[count[(v[i] >> shift) & 255]++] = v[i];
        memcpy(v, tmp, (size_t)n * sizeof *v);
    }
}

static void report(const char* name, int n) {
    int ok = 1;
    uint32_t h = 2166136261u;
    for (int i = 0; i < n; ++i) {
        if (i && a[i - 1] > a[i]) ok = 0;
        h = (h ^ a[i]) * 16777619u;
    }
    printf("%-9s n=%5d sorted=%d hash=%08x min=%u max=%u\n", name, n, ok, h, a[0], a[n - 1]);
}

int main(void) {
    uint32_t s = 2463534242u;
    for (int i = 0; i < N; ++i) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        src[i] = s % 1000003u;
    }
    memcpy(a, src, sizeof a);
    insertion(a, 1000);
    report("insertion", 1000);
    memcpy(a, src, sizeof a);
    shell(a, N);
    report("shell", N);
    memcpy(a, src, sizeof a);
    merge(a, 0, N);
    report("merge", N);
    memcpy(a, src, sizeof a);
    heap(a, N);
    report("heap", N);
    memcpy(a, src, sizeof a);
    quick(a, 0, N);
    report("quick", N);
    memcpy(a, src, sizeof a);
    radix(a, N);
    report("radix", N);
    /* counting sort of small keys, stable, with payload */
    static uint8_t keys[N];
    static uint16_t order[N];
    int cnt[17] = {0};
    for (int i = 0; i < N; ++i) cnt[(keys[i] = (uint8_t)(src[i] % 16)) + 1]++;
    for (int k = 0; k < 16; ++k) cnt[k + 1] += cnt[k];
    for (int i = 0; i < N; ++i) order[cnt[keys[i]]++] = (uint16_t)i;
    uint32_t h = 0;
    for (int i = 0; i < N; ++i) h = h * 31 + order[i];
    printf("counting stable hash %08x\n", h);
    return 0;
}
