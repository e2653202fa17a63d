/* Deep recursion: 100k nested frames of a non-tail-recursive function, then
   mutual recursion, each checked by a result that needs every frame. */
#include <stdio.h>

__attribute__((noinline)) static unsigned long down(unsigned n, volatile unsigned* touch) {
    if (n == 0) return 0;
    *touch += n;
    return down(n - 1, touch) * 3 + (n & 7);
}

static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

__attribute__((noinline)) static unsigned long frames(unsigned n) {
    volatile char local[40];
    local[n % 40] = (char)n;
    if (n == 0) return local[0];
    unsigned long r = frames(n - 1);
    return r + (unsigned char)local[n % 40];
}

int main(void) {
    volatile unsigned touch = 0;
    unsigned long r = down(100000, &touch);
    printf("down(100000) = %lu, touched %u\n", r, touch);
    printf("is_even(100001) = %d, is_odd(77777) = %d\n", is_even(100001), is_odd(77777));
    printf("frames(60000) = %lu\n", frames(60000));
    return 0;
}
