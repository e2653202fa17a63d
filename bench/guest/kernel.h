/* Shared helpers for the C benchmark kernels (static i386, gcc -m32 -O2).
 *
 * Every kernel takes its work size as argv[1] (rounds of its inner kernel;
 * bench_translate.cpp holds the sizes), prints one result line and exits 0
 * only if it verified its own result, so a wrong answer under any
 * Codemorph mode shows up as a non-zero exit status. */
#ifndef CM_BENCH_KERNEL_H
#define CM_BENCH_KERNEL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* argv[1] as a positive count, or `def` when absent. */
static unsigned kernel_rounds(int argc, char** argv, unsigned def) {
    if (argc < 2) return def;
    long v = strtol(argv[1], NULL, 0);
    if (v <= 0) {
        fprintf(stderr, "%s: rounds must be a positive number, got '%s'\n", argv[0], argv[1]);
        exit(2);
    }
    return (unsigned)v;
}

/* Prints the result and maps the verdict to the exit status. */
static int kernel_report(const char* name, uint32_t value, int ok) {
    printf("%s: %08x %s\n", name, (unsigned)value, ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}

/* xorshift32: deterministic data for the kernels. */
static inline uint32_t xorshift32(uint32_t* s) {
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}
#endif
