/* Structs by value: passing and returning structs of 1 to 40 bytes (small
   ones come back in registers or through a hidden pointer per the i386 ABI),
   nested structs, arrays in structs, bit-fields, packed layouts, unions. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct s1 { char a; };
struct s2 { short a; };
struct s3 { char a, b, c; };
struct s4 { int a; };
struct s8 { int a, b; };
struct sd { double d; };
struct sf { float x, y; };
struct s12 { int a; short b; char c; double d; };
struct s40 { int v[10]; };
struct nested { struct s8 in; struct sf f; char tag[5]; };
struct bits { unsigned a : 3, b : 5, c : 12; int s : 4; unsigned long long big : 40; };
struct __attribute__((packed)) packed { char c; int i; short s; double d; };
union pun { float f; uint32_t u; unsigned char b[4]; };

__attribute__((noinline)) static struct s1 f1(struct s1 x) { x.a += 1; return x; }
__attribute__((noinline)) static struct s2 f2(struct s2 x) { x.a *= 3; return x; }
__attribute__((noinline)) static struct s3 f3(struct s3 x) { struct s3 r = {x.c, x.b, x.a}; return r; }
__attribute__((noinline)) static struct s4 f4(struct s4 x, struct s4 y) { x.a -= y.a; return x; }
__attribute__((noinline)) static struct s8 f8(struct s8 x) { struct s8 r = {x.b, x.a}; return r; }
__attribute__((noinline)) static struct sd fd(struct sd x, double k) { x.d *= k; return x; }
__attribute__((noinline)) static struct sf ff(struct sf a, struct sf b) { struct sf r = {a.x + b.x, a.y * b.y}; return r; }
__attribute__((noinline)) static struct s12 f12(int k, struct s12 x, char z) {
    x.a += k, x.b = (short)(x.b - k), x.c = z, x.d /= k;
    return x;
}
__attribute__((noinline)) static struct s40 f40(struct s40 x) {
    for (int i = 0; i < 10; ++i) x.v[i] = x.v[9 - i] * 2 + i;
    return x;
}
__attribute__((noinline)) static long sum40(struct s40 a, struct s40 b, int n) {
    long s = 0;
    for (int i = 0; i < 10; ++i) s += a.v[i] * n - b.v[i];
    return s;
}
__attribute__((noinline)) static struct nested fn(struct nested x) {
    x.in = f8(x.in);
    x.f = ff(x.f, x.f);
    memcpy(x.tag, "done", 5);
    return x;
}
static struct bits fb(struct bits b) { b.a++, b.b += 7, b.c ^= 0xabc, b.s = -b.s, b.big = b.big * 3 + 1; return b; }

int main(void) {
    struct s1 a1 = f1((struct s1){'A'});
    struct s2 a2 = f2((struct s2){-1234});
    struct s3 a3 = f3((struct s3){'x', 'y', 'z'});
    struct s4 a4 = f4((struct s4){100}, (struct s4){58});
    struct s8 a8 = f8((struct s8){1, 2});
    struct sd ad = fd((struct sd){1.25}, -4);
    struct sf af = ff((struct sf){1.5f, 2.0f}, (struct sf){0.25f, 3.0f});
    printf("%c %d %c%c%c %d %d,%d %g %g,%g\n", a1.a, a2.a, a3.a, a3.b, a3.c, a4.a, a8.a, a8.b, ad.d, af.x, af.y);
    struct s12 a12 = f12(3, (struct s12){10, 20, 'q', 9.0}, 'w');
    printf("s12: %d %d %c %g (sizeof %zu, offsetof d %zu)\n", a12.a, a12.b, a12.c, a12.d, sizeof a12,
           offsetof(struct s12, d));
    struct s40 v;
    for (int i = 0; i < 10; ++i) v.v[i] = i * i;
    struct s40 w = f40(v);
    for (int i = 0; i < 10; ++i) printf("%d ", w.v[i]);
    printf("sum40 %ld\n", sum40(v, w, 3));
    struct nested n = {{7, 8}, {0.5f, 4.0f}, "none"};
    struct nested m = fn(n);
    printf("nested: %d %d %g %g %s / original %s\n", m.in.a, m.in.b, m.f.x, m.f.y, m.tag, n.tag);
    struct bits b = {5, 17, 0x123, -3, 0xffffffffffULL};
    for (int i = 0; i < 3; ++i) {
        b = fb(b);
        printf("bits: %u %u %x %d %llx (sizeof %zu)\n", b.a, b.b, b.c, b.s, (unsigned long long)b.big, sizeof b);
    }
    struct packed p = {'p', 0x11223344, 0x5566, 2.5};
    unsigned char raw[sizeof p];
    memcpy(raw, &p, sizeof p);
    printf("packed sizeof %zu offsets %zu %zu %zu:", sizeof p, offsetof(struct packed, i), offsetof(struct packed, s),
           offsetof(struct packed, d));
    for (size_t i = 0; i < sizeof raw; ++i) printf(" %02x", raw[i]);
    printf(" | i %x d %g\n", p.i, p.d);
    union pun u = {.f = -1.5f};
    printf("union: %08x %02x %02x %02x %02x\n", u.u, u.b[0], u.b[1], u.b[2], u.b[3]);
    struct s8 arr[4] = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
    struct s8 copy[4];
    memcpy(copy, arr, sizeof arr);
    copy[2] = arr[0];
    printf("array of structs: %d %d %d\n", copy[2].b, copy[3].a, (int)(sizeof arr / sizeof *arr));
    return 0;
}
