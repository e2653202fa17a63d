/* A 4 MiB local array (the stack must grow down over many pages, touched from
   the far end first) and a big array of structs on the heap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static unsigned long use_stack(unsigned seed) {
    volatile unsigned char big[4u << 20];
    unsigned long sum = 0;
    big[0] = (unsigned char)seed; /* lowest address first: the whole range at once */
    for (size_t i = 0; i < sizeof big; i += 4096) big[i] = (unsigned char)(i >> 12);
    for (size_t i = 0; i < sizeof big; i += 4093) sum += big[i - i % 4096];
    big[sizeof big - 1] = 7;
    return sum + big[sizeof big - 1];
}

__attribute__((noinline)) static unsigned long medium(int depth) {
    char buf[64 * 1024];
    memset(buf, depth, sizeof buf);
    if (depth == 0) return (unsigned char)buf[100];
    return medium(depth - 1) + (unsigned char)buf[sizeof buf - 1];
}

struct item {
    double weight;
    int id;
    char tag[20];
};

int main(void) {
    printf("stack 4 MiB: %lu\n", use_stack(3));
    printf("stack again: %lu\n", use_stack(4));
    printf("64 KiB frames x 40: %lu\n", medium(40));
    size_t n = 300000;
    struct item* items = malloc(n * sizeof *items);
    if (!items) return 1;
    for (size_t i = 0; i < n; ++i) {
        items[i].weight = (double)i / 3;
        items[i].id = (int)i;
        items[i].tag[0] = '#';
        items[i].tag[1] = (char)('0' + i % 10);
        items[i].tag[2] = (char)('a' + i % 26);
        items[i].tag[3] = 0;
    }
    double w = 0;
    long ids = 0;
    for (size_t i = 0; i < n; i += 7) {
        w += items[i].weight;
        ids += items[i].id;
    }
    printf("heap %zu items (%zu bytes): %.3f %ld %s\n", n, n * sizeof *items, w, ids, items[n - 1].tag);
    free(items);
    return 0;
}
