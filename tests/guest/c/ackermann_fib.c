/* Recursion-heavy code: Ackermann, naive Fibonacci, Towers of Hanoi,
   N-queens by backtracking and the Takeuchi function. */
#include <stdio.h>

static unsigned ack(unsigned m, unsigned n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static unsigned long moves;
static void hanoi(int n, int from, int to, int via) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    ++moves;
    hanoi(n - 1, via, to, from);
}
static int queens(int n, int row, unsigned cols, unsigned d1, unsigned d2) {
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; ++c) {
        if (cols >> c & 1 || d1 >> (row + c) & 1 || d2 >> (row - c + n) & 1) continue;
        count += queens(n, row + 1, cols | 1u << c, d1 | 1u << (row + c), d2 | 1u << (row - c + n));
    }
    return count;
}
static int tak(int x, int y, int z) { return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z; }

int main(void) {
    for (unsigned m = 0; m <= 3; ++m) printf("ack(%u, 4) = %u\n", m, ack(m, 4));
    printf("ack(2, 100) = %u\n", ack(2, 100));
    for (unsigned n = 0; n <= 24; n += 6) printf("fib(%u) = %u\n", n, fib(n));
    hanoi(16, 1, 3, 2);
    printf("hanoi(16) moves %lu\n", moves);
    for (int n = 4; n <= 8; ++n) printf("queens(%d) = %d\n", n, queens(n, 0, 0, 0, 0));
    printf("tak(18, 12, 6) = %d\n", tak(18, 12, 6));
    return 0;
}
