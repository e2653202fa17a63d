/* printf of long double (x87 80-bit): %Lf %Le %Lg %La with precisions. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    volatile long double one = 1.0L, three = 3.0L;
    const long double vals[] = {0.0L, -0.0L, 1.0L, one / three, -2.0L / three, 0.1L, 3.14159265358979323846264L,
                                1e-4000L, 1e4000L, LDBL_MAX, LDBL_MIN, LDBL_EPSILON, 123456789012345678.0L,
                                1.0L + LDBL_EPSILON, 2.5L, 0.5L, 1e19L, 18446744073709551615.0L};
    static const char* fmts[] = {"%Lf", "%.0Lf", "%.5Lf", "%.20Lf", "%Le", "%.3Le", "%.19Le", "%Lg", "%.18Lg",
                                 "%.21Lg", "%#Lg", "%La", "%.4La", "%LA", "%+20.6Le", "%-24.10Lg|"};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; ++f) {
        printf("%-9s:", fmts[f]);
        for (size_t v = 0; v < sizeof vals / sizeof *vals; ++v) {
            if ((fmts[f][2] == 'f' || fmts[f][4] == 'f' || fmts[f][5] == 'f') && (vals[v] > 1e100L)) continue;
            putchar(' ');
            printf(fmts[f], vals[v]);
        }
        putchar('\n');
    }
    long double x = 1.0L;
    for (int i = 0; i < 64; ++i) x *= 3.0L;
    printf("3^64 = %.0Lf = %La\n", x, x);
    long double s = 0;
    for (int i = 1; i <= 1000; ++i) s += 1.0L / i;
    printf("H(1000) = %.25Lf %La\n", s, s);
    printf("sqrtl(2) = %.25Lf %La\n", sqrtl(2.0L), sqrtl(2.0L));
    printf("denormal: %La %Lg\n", LDBL_MIN / 1024, LDBL_MIN / 1024);
    return 0;
}
