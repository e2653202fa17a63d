/* switch statements: dense (jump tables), sparse (compare trees), with
   fall-through, on chars, negative cases and 64-bit values; computed goto. */
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) static int dense(int x) {
    switch (x) {
    case 0: return 11;
    case 1: return 22;
    case 2: return 35;
    case 3: return 47;
    case 4: return 51;
    case 5: return 68;
    case 6: return 70;
    case 7: return 89;
    case 8: return 93;
    case 9: return 104;
    case 10: return 117;
    case 11: return 129;
    case 12: return 130;
    case 13: return 146;
    case 14: return 158;
    case 15: return 160;
    default: return -1;
    }
}
__attribute__((noinline)) static int sparse(int x) {
    switch (x) {
    case -1000000: return 1;
    case -7: return 2;
    case 3: return 3;
    case 100: return 4;
    case 1000: return 5;
    case 65536: return 6;
    case 1 << 30: return 7;
    default: return 0;
    }
}
__attribute__((noinline)) static int fallthrough(int x) {
    int r = 0;
    switch (x) {
    case 0: r += 1; /* fall through */
    case 1: r += 10; /* fall through */
    case 2: r += 100; break;
    case 3: r += 1000; /* fall through */
    default: r += 10000;
    }
    return r;
}
__attribute__((noinline)) static const char* kind(char c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return "vowel";
    case '0' ... '9': return "digit";
    case ' ': case '\t': case '\n': return "space";
    case 'A' ... 'Z': return "upper";
    default: return "other";
    }
}
__attribute__((noinline)) static int wide(int64_t x) {
    switch (x) {
    case 0x100000000LL: return 1;
    case -1: return 2;
    case 0x7fffffffffffffffLL: return 3;
    case 42: return 4;
    default: return 0;
    }
}
__attribute__((noinline)) static int biased(unsigned x) {
    switch (x) {
    case 1000: return 1;
    case 1001: return 2;
    case 1002: return 3;
    case 1003: return 5;
    case 1004: return 8;
    case 1005: return 13;
    case 1006: return 21;
    case 1007: return 34;
    default: return 0;
    }
}
static int vm(const unsigned char* prog) {
    static void* labels[] = {&&op_inc, &&op_dbl, &&op_dec, &&op_halt};
    int acc = 0;
    const unsigned char* pc = prog;
#define DISPATCH goto* labels[*pc++]
    DISPATCH;
op_inc:
    acc++;
    DISPATCH;
op_dbl:
    acc *= 2;
    DISPATCH;
op_dec:
    acc--;
    DISPATCH;
op_halt:
    return acc;
}

int main(void) {
    long s = 0;
    for (int i = -3; i < 20; ++i) printf("%d", dense(i) & 7), s += dense(i);
    printf(" dense sum %ld\n", s);
    int probes[] = {-1000000, -7, 3, 100, 1000, 65536, 1 << 30, 0, 4, 99, -8};
    for (int i = 0; i < 11; ++i) printf("%d", sparse(probes[i]));
    printf(" sparse\n");
    for (int i = 0; i < 6; ++i) printf("fall %d: %d\n", i, fallthrough(i));
    const char* text = "Hi 42\tbye?";
    for (const char* p = text; *p; ++p) printf("%s ", kind(*p));
    printf("\n");
    printf("wide: %d %d %d %d %d\n", wide(0x100000000LL), wide(-1), wide(INT64_MAX), wide(42), wide(43));
    for (unsigned x = 998; x < 1010; ++x) printf("%d ", biased(x));
    printf("\n");
    unsigned char prog[] = {0, 0, 1, 1, 2, 1, 0, 1, 3};
    printf("computed goto vm: %d\n", vm(prog));
    long t = 0;
    for (int i = 0; i < 100000; ++i) t += dense(i & 15) + sparse(i & 1023) + biased(1000u + (unsigned)(i & 7));
    printf("loop total %ld\n", t);
    return 0;
}
