/* printf floating-point conversions: %f %F %e %E %g %G %a %A with precisions,
   widths, flags, special values, denormals, huge and tiny values. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    volatile double zero = 0.0;
    const double vals[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3.0, 2.0 / 3.0, 3.14159265358979, 2.5, 3.5, -2.5,
                           0.125, 1e-5, 1.5e-7, 123456.789, 1e15, 1e16, 1e17, 1.7976931348623157e308,
                           2.2250738585072014e-308, 4.9406564584124654e-324, 1e-310, 9.999999, 0.00009999999,
                           1e100, 6.02214076e23, 299792458.0};
    static const char* fmts[] = {"%f", "%.0f", "%.1f", "%.3f", "%.10f", "%12.4f", "%-12.2f|", "%+f", "% f", "%012.3f",
                                 "%#.0f", "%e", "%.0e", "%.2e", "%.12e", "%E", "%+13.3e", "%g", "%.0g", "%.1g",
                                 "%.3g", "%.10g", "%.17g", "%#g", "%#.3g", "%G", "%-12g|", "%a", "%.0a", "%.3a",
                                 "%A", "%.13a", "%#a"};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; ++f) {
        printf("%-9s:", fmts[f]);
        for (size_t v = 0; v < sizeof vals / sizeof *vals; ++v) {
            putchar(' ');
            printf(fmts[f], vals[v]);
        }
        putchar('\n');
    }
    /* %f of the largest double prints all its 309 digits */
    printf("max: %f\n", DBL_MAX);
    printf("min: %.330f\n", DBL_MIN);
    double inf = 1.0 / zero, nan = zero / zero;
    printf("special: %f %F %e %E %g %G %a %A\n", inf, inf, -inf, -inf, inf, -inf, inf, -inf);
    printf("nan: %f %F %e %g %a %5.2f| %-6f| %+f\n", fabs(nan), fabs(nan), fabs(nan), fabs(nan), fabs(nan),
           fabs(nan), fabs(nan), fabs(nan));
    printf("width inf: [%10f] [%-10f] [%+010f] [% f]\n", inf, inf, inf, inf);
    /* rounding of halves at each precision (binary value decides) */
    const double halves[] = {0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 0.35, 1.005, 2.675, 1.0000000000000002};
    for (size_t i = 0; i < sizeof halves / sizeof *halves; ++i)
        printf("round %.17g: %.0f %.1f %.2f %.3e %.1g\n", halves[i], halves[i], halves[i], halves[i], halves[i],
               halves[i]);
    /* floats are promoted to double */
    float fv[] = {0.1f, 1.0f / 3.0f, 16777217.0f, FLT_MAX, FLT_MIN, 1e-45f};
    for (size_t i = 0; i < sizeof fv / sizeof *fv; ++i) printf("float: %.9g %a %e\n", fv[i], fv[i], fv[i]);
    /* star precision */
    for (int p = 0; p <= 20; p += 4) printf("pi.%d = %.*f %.*e %.*g\n", p, p, M_PI, p, M_PI, p, M_PI);
    /* powers of two and ten */
    double x = 1.0;
    for (int i = 0; i < 70; i += 7) {
        printf("2^%d = %.0f, 2^-%d = %.*g\n", i, ldexp(x, i), i, 30, ldexp(x, -i));
    }
    for (int i = -20; i <= 20; i += 5) printf("1e%d = %g %e %f\n", i, pow(10, i), pow(10, i), pow(10, i) * 1e-10);
    return 0;
}
