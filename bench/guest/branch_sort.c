/* Branchy kernel: quicksort (median of three, insertion sort below 16
 * elements) of kLen pseudo-random ints, one fresh array per round. The
 * comparisons go either way at random, so branch directions are data
 * dependent: hot paths are short and side exits are taken often.
 *
 * Check: the result is ascending and holds the same multiset (sum and
 * xor of the elements are unchanged). */
#include "kernel.h"

enum { kLen = 2048 };

static void insertion(int* a, int n) {
    for (int i = 1; i < n; ++i) {
        int v = a[i], j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            --j;
        }
        a[j + 1] = v;
    }
}

static void quicksort(int* a, int n) {
    while (n > 16) {
        int m = n / 2, last = n - 1;
        if (a[m] < a[0]) { int t = a[m]; a[m] = a[0]; a[0] = t; }
        if (a[last] < a[0]) { int t = a[last]; a[last] = a[0]; a[0] = t; }
        if (a[last] < a[m]) { int t = a[last]; a[last] = a[m]; a[m] = t; }
        int pivot = a[m], i = 0, j = last;
        for (;;) {
            while (a[i] < pivot) ++i;
            while (a[j] > pivot) --j;
            if (i >= j) break;
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
            ++i;
            --j;
        }
        /* Recurse into the smaller part, loop on the larger. */
        if (j + 1 < n - j - 1) {
            quicksort(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            quicksort(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion(a, n);
}

int main(int argc, char** argv) {
    unsigned rounds = kernel_rounds(argc, argv, 20);
    static int a[kLen];
    uint32_t seed = 2463534242u, acc = 0;
    unsigned bad = 0;
    for (unsigned r = 0; r < rounds; ++r) {
        uint32_t sum = 0, x = 0;
        for (unsigned i = 0; i < kLen; ++i) {
            a[i] = (int)(xorshift32(&seed) >> 4) - (1 << 27);
            sum += (uint32_t)a[i];
            x ^= (uint32_t)a[i];
        }
        quicksort(a, kLen);
        for (unsigned i = 0; i < kLen; ++i) {
            if (i && a[i - 1] > a[i]) ++bad;
            sum -= (uint32_t)a[i];
            x ^= (uint32_t)a[i];
        }
        if (sum || x) ++bad;
        acc = acc * 33 + (uint32_t)a[kLen / 2];
    }
    return kernel_report("branch_sort", acc, bad == 0);
}
