/* Math whose result IEEE 754 defines exactly, printed bit for bit (%a):
   + - * / sqrt in float, double and long double; floor ceil trunc round rint
   nearbyint fmod remainder frexp ldexp scalbn modf fabs copysign fmin fmax
   lround llround lrint; comparisons with NaN and signed zeros. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    volatile double zero = 0.0;
    const double v[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.1, 1.0 / 3, 2.0 / 3, 7.0, 1e10,
                        -1e-10, 123.456, -987.654, 4503599627370495.5, 1e300, 3e-310, DBL_MAX, DBL_MIN,
                        1.0 / zero, -1.0 / zero};
    enum { N = sizeof v / sizeof *v };
    for (int i = 0; i < N; ++i) {
        double x = v[i];
        int e;
        double ip;
        double fr = frexp(x, &e);
        double mf = modf(x, &ip);
        printf("%-22a floor %a ceil %a trunc %a round %a rint %a nearby %a frexp %a,%d modf %a,%a fabs %a sqrt %a\n",
               x, floor(x), ceil(x), trunc(x), round(x), rint(x), nearbyint(x), fr, isinf(x) ? 0 : e, mf, ip, fabs(x),
               x >= 0 ? sqrt(x) : -sqrt(-x));
    }
    for (int i = 2; i < N; i += 3)
        for (int j = 2; j < N; j += 4) {
            double a = v[i], b = v[j];
            printf("%a %a: + %a - %a * %a / %a fmod %a rem %a min %a max %a cps %a\n", a, b, a + b, a - b, a * b, a / b,
                   fmod(a, b), remainder(a, b), fmin(a, b), fmax(a, b), copysign(a, b));
        }
    for (int i = 0; i < N - 2; ++i) {
        double x = v[i] * 3.3;
        if (fabs(x) < 2e9)
            printf("lround(%a) %ld llround %lld lrint %ld llrint %lld\n", x, lround(x), llround(x), lrint(x),
                   llrint(x));
    }
    for (int e = -1080; e <= 1030; e += 95) printf("ldexp(1.5,%d) = %a scalbn %a\n", e, ldexp(1.5, e), scalbn(-0.75, e));
    /* float */
    float fx = 1.0f;
    for (int i = 0; i < 12; ++i) {
        fx = fx * 1.7f + 0.3f;
        float q = fx / 3.0f;
        printf("float %a / 3 = %a sqrtf %a fmodf %a floorf %a rintf %a\n", (double)fx, (double)q, (double)sqrtf(fx),
               (double)fmodf(fx, 2.5f), (double)floorf(q), (double)rintf(q * 10));
    }
    /* long double */
    long double lx = 1.0L;
    for (int i = 0; i < 12; ++i) {
        lx = lx * 1.7L + 0.3L;
        long double q = lx / 3.0L;
        printf("ldbl %La / 3 = %La sqrtl %La fmodl %La floorl %La rintl %La\n", lx, q, sqrtl(lx), fmodl(lx, 2.5L),
               floorl(q), rintl(q * 10));
    }
    double nan = zero / zero;
    printf("nan compare: %d %d %d %d %d %d isnan %d\n", nan == nan, nan != nan, nan < 1, nan > 1, nan <= nan,
           1.0 >= nan, isnan(nan) != 0);
    printf("signed zero: %d %a %a %a\n", 0.0 == -0.0, 1 / copysign(1e-300 * 1e-300, -1.0) < 0 ? -1.0 : 1.0,
           -0.0 + 0.0, -0.0 - 0.0);
    printf("fpclassify: %d %d %d %d %d\n", fpclassify(0.0) == FP_ZERO, fpclassify(1e-310) == FP_SUBNORMAL,
           fpclassify(1.0) == FP_NORMAL, fpclassify(1 / zero) == FP_INFINITE, fpclassify(nan) == FP_NAN);
    printf("signbit: %d %d %d\n", signbit(-0.0) != 0, signbit(0.0) != 0, signbit(-nan) != 0);
    /* sum of a series: exact sequence of roundings */
    double s = 0;
    for (int i = 1; i <= 100000; ++i) s += 1.0 / ((double)i * i);
    float sf = 0;
    for (int i = 1; i <= 100000; ++i) sf += 1.0f / ((float)i * (float)i);
    printf("basel: %a %a\n", s, (double)sf);
    return 0;
}
