/* Variable-length arrays and alloca in loops and recursion, with sizes that
   cross pages; __builtin_frame_address-free so output does not depend on
   addresses. */
#include <alloca.h>
#include <stdio.h>
#include <string.h>

static unsigned vla_sum(int n) {
    int v[n];
    for (int i = 0; i < n; ++i) v[i] = i * 3 + 1;
    unsigned s = 0;
    for (int i = 0; i < n; ++i) s += (unsigned)v[i];
    return s;
}

static unsigned nest(int depth, int size) {
    char* p = alloca((size_t)size);
    memset(p, depth, (size_t)size);
    if (depth == 0) return (unsigned char)p[size - 1];
    return nest(depth - 1, size * 2 > 20000 ? 100 : size * 2) + (unsigned char)p[0];
}

int main(void) {
    for (int n = 1; n <= 100000; n *= 7) printf("vla %d: %u\n", n, vla_sum(n));
    printf("alloca nest: %u\n", nest(30, 10));
    unsigned total = 0;
    for (int i = 1; i < 50; ++i) {
        int m = i * 37 % 1000 + 1;
        double grid[m][2];
        for (int j = 0; j < m; ++j) grid[j][0] = j, grid[j][1] = j * 0.5;
        total += (unsigned)(grid[m - 1][0] + grid[m / 2][1]);
    }
    printf("vla 2d total: %u\n", total);
    return 0;
}
