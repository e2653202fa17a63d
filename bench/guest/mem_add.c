/* Memory kernel: streaming a[i] = b[i] + c[i] over three int arrays of
 * kWords each (together larger than the tm5800's 64 KiB L1D), the three
 * arrays taking turns as destination so that they hold a Fibonacci
 * sequence: s(t+2) = s(t) + s(t+1). vadd gets plain pointers, so neither
 * gcc nor the translator can prove that a store to a[] does not feed a
 * later load from b[] or c[]: moving a load above a store needs alias
 * speculation (ldp/stam). UNROLL (1 by default) asks gcc to unroll the
 * loop, putting several store-then-load pairs in one block.
 *
 * Check: element i of the newest array must be F(n-1)*b0[i] + F(n)*c0[i]
 * (mod 2^32), the two before it likewise, with F the Fibonacci numbers. */
#include "kernel.h"

enum { kWords = 8192 };
#ifndef UNROLL
#define UNROLL 1
#endif
#define CM_STR(x) #x
#define CM_PRAGMA_UNROLL(n) _Pragma(CM_STR(GCC unroll n))

static int arr[3][kWords];

__attribute__((noipa)) static void vadd(int* a, const int* b, const int* c, unsigned n) {
    CM_PRAGMA_UNROLL(UNROLL)
    for (unsigned i = 0; i < n; ++i) a[i] = b[i] + c[i];
}

static uint32_t init_b(unsigned i) { return i * 2654435761u; }
static uint32_t init_c(unsigned i) { return (i ^ 0x5555u) + 7u; }

int main(int argc, char** argv) {
    unsigned rounds = kernel_rounds(argc, argv, 100);
    for (unsigned i = 0; i < kWords; ++i) {
        arr[0][i] = (int)init_b(i); /* s0 */
        arr[1][i] = (int)init_c(i); /* s1 */
    }
    /* Round t writes s(t+2) = s(t) + s(t+1) over the array holding s(t-1). */
    for (unsigned t = 0; t < rounds; ++t)
        vadd(arr[(t + 2) % 3], arr[t % 3], arr[(t + 1) % 3], kWords);

    /* s(n) = F(n-1) s0 + F(n) s1, F(-1) = 1, F(0) = 0. */
    unsigned bad = 0;
    uint32_t acc = 0;
    for (unsigned n = rounds - 1; n <= rounds + 1; ++n) {
        uint32_t fprev = 1, f = 0; /* F(-1), F(0) */
        for (unsigned k = 0; k < n; ++k) {
            uint32_t next = fprev + f;
            fprev = f;
            f = next;
        }
        const int* s = arr[n % 3];
        for (unsigned i = 0; i < kWords; ++i) {
            uint32_t want = fprev * init_b(i) + f * init_c(i);
            if ((uint32_t)s[i] != want) ++bad;
            acc += (uint32_t)s[i];
        }
    }
    return kernel_report("mem_add", acc, bad == 0);
}
