/* float <-> int conversions with rounding: C casts truncate; rint/lrint/
   nearbyint follow the rounding mode (fesetround to each of the four);
   round/lround round half away from zero; int -> float rounds to nearest. */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
    static const double v[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.4999999, 2.5000001, -3.7,
                               3.7, 1e9 + 0.5, -1e9 - 0.5, 123.0};
    static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
    static const char* mname[] = {"nearest", "down", "up", "zero"};
    for (int m = 0; m < 4; ++m) {
        if (fesetround(modes[m]) != 0) printf("fesetround failed\n");
        printf("mode %s (fegetround ok %d):\n", mname[m], fegetround() == modes[m]);
        for (size_t i = 0; i < sizeof v / sizeof *v; ++i) {
            volatile double x = v[i];
            printf("  %.17g: cast %d rint %g nearbyint %g lrint %ld llrint %lld round %g lround %ld\n", x, (int)x,
                   rint(x), nearbyint(x), lrint(x), llrint(x), round(x), lround(x));
        }
        volatile double a = 1.0, b = 3.0;
        volatile float fa = 1.0f, fb = 3.0f;
        volatile long double la = 1.0L, lb = 3.0L;
        printf("  1/3: %a %a %La; 2^53+1 as double: %.0f; int 16777217 -> float %.1f\n", a / b, (double)(fa / fb),
               la / lb, (double)9007199254740993LL, (double)(float)16777217);
        volatile double big = 1e300;
        printf("  1e300*1e10 %g, -1e300*1e10 %g, 1e-300*1e-300 %g\n", big * 1e10, -big * 1e10, (1 / big) * (1 / big));
    }
    fesetround(FE_TONEAREST);
    static const int32_t iv[] = {16777216, 16777217, 16777219, -16777217, 2147483647, -2147483647 - 1, 33554435};
    for (size_t i = 0; i < sizeof iv / sizeof *iv; ++i)
        printf("int %d -> float %.1f -> double %.1f\n", iv[i], (double)(float)iv[i], (double)iv[i]);
    static const uint32_t uv[] = {4294967295u, 4294967040u, 2147483649u, 3000000001u};
    for (size_t i = 0; i < sizeof uv / sizeof *uv; ++i)
        printf("uint %u -> float %.1f -> double %.1f\n", uv[i], (double)(float)uv[i], (double)uv[i]);
    /* double -> float rounding */
    static const double dv[] = {1.0000000596046448, 1.0000000596046449, 3.4028235677973366e38, 1e-46, 1.5e-45,
                                0.1, 16777217.0};
    for (size_t i = 0; i < sizeof dv / sizeof *dv; ++i) printf("double %.17g -> float %a\n", dv[i], (double)(float)dv[i]);
    /* truncation of floats into smaller ints */
    float fs[] = {-0.9f, 0.9f, 127.9f, -128.9f, 255.5f, 32767.5f, 65535.9f};
    for (size_t i = 0; i < sizeof fs / sizeof *fs; ++i)
        printf("float %g -> int %d short %d uchar %u\n", fs[i], (int)fs[i], (short)(int)fs[i],
               (unsigned char)(int)fs[i]);
    return 0;
}
