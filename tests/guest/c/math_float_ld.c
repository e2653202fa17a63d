/* float (sinf expf ...) and long double (sinl expl ...) variants of the
   math library. float results with 6 digits (glibc picks SSE2 or x87 code for
   some float functions by CPU), long double with 15. */
#include <math.h>
#include <stdio.h>

int main(void) {
    const float fv[] = {0.1f, 0.5f, 1.0f, 2.0f, 3.0f, 7.25f, 12.5f, -0.75f};
    for (size_t i = 0; i < sizeof fv / sizeof *fv; ++i) {
        float x = fv[i];
        printf("f %.6g: sin %.6g cos %.6g tan %.6g atan2 %.6g exp %.6g pow %.6g sqrt %.6g hypot %.6g floor %.6g fmod "
               "%.6g\n",
               x, sinf(x), cosf(x), tanf(x), atan2f(x, 2.0f), expf(x), powf(fabsf(x), 1.5f), sqrtf(fabsf(x)),
               hypotf(x, 1.0f), floorf(x), fmodf(x, 0.7f));
        if (x > 0) printf("  logf %.6g log10f %.6g log2f %.6g\n", logf(x), log10f(x), log2f(x));
        float ip;
        int e;
        float mf = modff(x, &ip), fr = frexpf(x, &e);
        printf("  modff %.6g %.6g frexpf %.6g %d ldexpf %.6g lroundf %ld\n", mf, ip, fr, e,
               ldexpf(x, 5), lroundf(x * 3));
    }
    const long double lv[] = {0.1L, 0.5L, 1.0L, 2.0L, 3.0L, 7.25L, 12.5L, -0.75L, 1e5L};
    for (size_t i = 0; i < sizeof lv / sizeof *lv; ++i) {
        long double x = lv[i];
        printf("ld %.15Lg: sin %.15Lg cos %.15Lg tan %.15Lg atan2 %.15Lg exp %.15Lg sqrt %.15Lg\n", x, sinl(x),
               cosl(x), tanl(x), atan2l(x, 2.0L), expl(x / 100), sqrtl(fabsl(x)));
        if (x > 0) printf("  logl %.15Lg log10l %.15Lg powl %.15Lg\n", logl(x), log10l(x), powl(x, 0.3L));
        long double ip;
        int e;
        long double mf = modfl(x, &ip), fr = frexpl(x, &e);
        printf("  modfl %.15Lg %.15Lg frexpl %.15Lg %d ldexpl %.15Lg floorl %.15Lg ceill %.15Lg fmodl %.15Lg "
               "lroundl %ld\n",
               mf, ip, fr, e, ldexpl(x, -3), floorl(x), ceill(x), fmodl(x, 0.7L),
               lroundl(x / 3));
    }
    printf("hypotl %.15Lg fabsl %.15Lg\n", hypotl(3.0L, 4.0L), fabsl(-2.5L));
    return 0;
}
