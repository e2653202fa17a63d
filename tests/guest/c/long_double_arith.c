/* 80-bit long double arithmetic: precision beyond double, exact results in
   %La, comparisons, conversions to and from double/float/int, and the
   x87 constants. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    volatile long double a = 1.0L, b = 3.0L, c = 1e-20L;
    printf("1/3 = %La\n", a / b);
    printf("1 + 1e-20 - 1 = %Lg (double gives %g)\n", (a + c) - a, (double)((double)a + (double)c - (double)a));
    printf("LDBL: mant %d dig %d max %La min %La eps %La\n", LDBL_MANT_DIG, LDBL_DIG, LDBL_MAX, LDBL_MIN, LDBL_EPSILON);
    long double x = 2.0L;
    for (int i = 0; i < 6; ++i) x = x * x;
    printf("2^64 = %.0Lf\n", x);
    long double f = 1;
    for (int i = 1; i <= 25; ++i) f *= i;
    printf("25! = %.0Lf (%La)\n", f, f);
    long double s = 0, t = 1;
    for (int i = 1; i < 30; ++i) {
        t /= i;
        s += t;
    }
    printf("e - 1 = %.21Lf %La\n", s, s);
    printf("sqrtl(3) = %La, squared - 3 = %Lg\n", sqrtl(3.0L), sqrtl(3.0L) * sqrtl(3.0L) - 3.0L);
    long double vals[] = {0.1L, -2.5L, 1e300L * 1e300L, 123456789.123456789L, 1.0L / 7};
    for (int i = 0; i < 5; ++i) {
        long double v = vals[i];
        printf("%La -> double %a float %a int %lld | < %d == %d\n", v, (double)v, (double)(float)v,
               fabsl(v) < 9e18L ? (long long)v : 0LL, v < vals[(i + 1) % 5], v == (long double)(double)v);
    }
    long double mix = 0;
    for (int i = 0; i < 1000; ++i) mix += (long double)i * 0.1L - (double)i * 0.1;
    printf("mixed precision accumulation %La\n", mix);
    printf("fmal %La\n", fmal(1.0L + LDBL_EPSILON, 1.0L - LDBL_EPSILON, -1.0L));
    return 0;
}
