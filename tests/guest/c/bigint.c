/* Arbitrary-precision arithmetic on arrays of 32-bit limbs with 64-bit
   intermediates: 200!, 2^1000, Fibonacci(1000), and a decimal printout that
   divides by 10^9 repeatedly. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { L = 200 };
typedef struct {
    uint32_t d[L];
    int n;
} big;

static void set(big* a, uint32_t v) {
    memset(a, 0, sizeof *a);
    a->d[0] = v;
    a->n = 1;
}
static void mul_small(big* a, uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < a->n; ++i) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) a->d[a->n++] = (uint32_t)carry;
}
static void add(big* r, const big* a, const big* b) {
    uint64_t carry = 0;
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; ++i) {
        uint64_t t = (uint64_t)a->d[i] + b->d[i] + carry;
        r->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    r->n = n;
    if (carry) r->d[r->n++] = (uint32_t)carry;
}
static uint32_t div_small(big* a, uint32_t v) {
    uint64_t rem = 0;
    for (int i = a->n - 1; i >= 0; --i) {
        uint64_t cur = rem << 32 | a->d[i];
        a->d[i] = (uint32_t)(cur / v);
        rem = cur % v;
    }
    while (a->n > 1 && a->d[a->n - 1] == 0) a->n--;
    return (uint32_t)rem;
}
static void print(const char* name, const big* x) {
    big a = *x;
    uint32_t parts[L * 2];
    int np = 0;
    do parts[np++] = div_small(&a, 1000000000u);
    while (a.n > 1 || a.d[0] != 0);
    printf("%s = %u", name, parts[np - 1]);
    for (int i = np - 2; i >= 0; --i) printf("%09u", parts[i]);
    printf("\n");
}
static void mul(big* r, const big* a, const big* b) {
    uint32_t out[2 * L] = {0};
    for (int i = 0; i < a->n; ++i) {
        uint64_t carry = 0;
        for (int j = 0; j < b->n; ++j) {
            uint64_t t = (uint64_t)a->d[i] * b->d[j] + out[i + j] + carry;
            out[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        out[i + b->n] = (uint32_t)carry;
    }
    int n = a->n + b->n;
    while (n > 1 && out[n - 1] == 0) --n;
    memcpy(r->d, out, sizeof r->d);
    r->n = n;
}

int main(void) {
    big f;
    set(&f, 1);
    for (uint32_t i = 2; i <= 200; ++i) mul_small(&f, i);
    print("200!", &f);
    big p;
    set(&p, 1);
    for (int i = 0; i < 1000; ++i) mul_small(&p, 2);
    print("2^1000", &p);
    big a, b, c;
    set(&a, 0);
    set(&b, 1);
    for (int i = 0; i < 1000; ++i) {
        add(&c, &a, &b);
        a = b;
        b = c;
    }
    print("fib(1000)", &a);
    big x, y;
    set(&x, 0xffffffffu);
    mul_small(&x, 0xffffffffu);
    mul_small(&x, 12345u);
    mul(&y, &x, &x);
    mul(&y, &y, &x);
    print("((2^32-1)^2*12345)^3", &y);
    return 0;
}
