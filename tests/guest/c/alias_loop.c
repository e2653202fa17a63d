/* Pointers that alias only at run time: a loop that stores through one
   pointer and then loads through another runs hot with disjoint arrays
   (alias speculation in translated code holds: loads may be moved above
   stores), then with overlapping ones (exactly equal, shifted by one
   element either way, and by one byte), where every load must see the
   value stored just before it. The translator's ldp/stam speculation then
   takes alias faults, rolls back and retranslates without it. */
#include <stdio.h>
#include <string.h>

#define N 4096

static int buf[3 * N];
static int other[3 * N];

/* dst[i] = c; then reads src[i]: the load follows the store. */
__attribute__((noinline)) static unsigned store_then_load(int* dst, const int* src, int n, int c) {
    unsigned sum = 0;
    for (int i = 0; i < n; i++) {
        dst[i] = c + i;
        sum = sum * 31 + (unsigned)src[i];
    }
    return sum;
}

/* a[i] = b[i] + c, with a later read of a[i - 1] in the same iteration. */
__attribute__((noinline)) static unsigned add_const(int* a, const int* b, int n, int c) {
    unsigned h = 0;
    for (int i = 1; i < n; i++) {
        a[i] = b[i] + c;
        h ^= (unsigned)b[i - 1] * 2654435761u;
    }
    return h;
}

/* A byte store, then a word load covering it when the pointers overlap. */
__attribute__((noinline)) static unsigned bytes_then_word(unsigned char* p, const unsigned* q, int n) {
    unsigned sum = 0;
    for (int i = 0; i < n; i++) {
        p[4 * i] = (unsigned char)(i + 1);
        sum += q[i];
    }
    return sum;
}

static void reset(void) {
    for (int i = 0; i < 3 * N; i++) {
        buf[i] = i * 3 + 1;
        other[i] = -i;
    }
}

int main(void) {
    reset();
    for (int round = 0; round < 8; round++)
        printf("disjoint %d: %08x\n", round, store_then_load(other, buf + N, N, round));
    reset();
    printf("same:      %08x\n", store_then_load(buf + N, buf + N, N, 5));
    reset();
    printf("src ahead: %08x\n", store_then_load(buf + N, buf + N + 1, N, 6));
    reset();
    printf("src back:  %08x\n", store_then_load(buf + N + 1, buf + N, N, 7));
    reset();
    for (int round = 0; round < 4; round++)
        printf("again disjoint %d: %08x\n", round, store_then_load(other, buf, N, round));

    reset();
    for (int round = 0; round < 8; round++)
        printf("add disjoint %d: %08x\n", round, add_const(other, buf, N, round));
    reset();
    printf("add in place: %08x\n", add_const(buf, buf, N, 3));
    reset();
    printf("add shifted:  %08x\n", add_const(buf + 1, buf, N, 3)); /* a[i] = b[i+1]... */
    printf("add shifted -1: %08x\n", add_const(buf, buf + 1, N, 3));

    memset(buf, 0, sizeof buf);
    for (int round = 0; round < 8; round++)
        printf("bytes disjoint %d: %08x\n", round,
               bytes_then_word((unsigned char*)other, (const unsigned*)buf, N));
    printf("bytes overlap: %08x\n",
           bytes_then_word((unsigned char*)buf + 3, (const unsigned*)buf, N));
    unsigned h = 0;
    for (int i = 0; i < 3 * N; i++) h = h * 33 + (unsigned)buf[i];
    printf("final buf hash %08x\n", h);
    return 0;
}
