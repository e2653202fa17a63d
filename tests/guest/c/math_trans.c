/* Transcendental functions in double: sin cos tan asin acos atan atan2 exp
   exp2 expm1 log log2 log10 log1p pow sinh cosh tanh hypot cbrt. Printed
   with 15 significant digits: libm's x87 code paths are checked without
   demanding that the emulated transcendental instructions match a given
   CPU in the last bit of the 64-bit significand. */
#include <math.h>
#include <stdio.h>

int main(void) {
    const double v[] = {0.0, 1e-8, 0.1, 0.5, 0.7853981633974483, 1.0, 1.5707963267948966, 2.0, 3.0,
                        3.141592653589793, 5.5, 10.0, 100.0, 1000.5, -0.3, -2.7, -50.25};
    for (size_t i = 0; i < sizeof v / sizeof *v; ++i) {
        double x = v[i];
        printf("x=%.17g\n", x);
        printf("  sin %.15g cos %.15g tan %.15g\n", sin(x), cos(x), tan(x));
        printf("  atan %.15g atan2 %.15g %.15g sinh %.15g cosh %.15g tanh %.15g\n", atan(x), atan2(x, 1.5),
               atan2(-1.0, x), sinh(x / 10), cosh(x / 10), tanh(x));
        if (fabs(x) <= 1) printf("  asin %.15g acos %.15g\n", asin(x), acos(x));
        printf("  exp %.15g exp2 %.15g expm1 %.15g cbrt %.15g hypot %.15g\n", exp(x / 4), exp2(x / 3), expm1(x / 5),
               cbrt(x), hypot(x, 3.0));
        if (x > 0)
            printf("  log %.15g log2 %.15g log10 %.15g log1p %.15g pow %.15g %.15g\n", log(x), log2(x), log10(x),
                   log1p(x), pow(x, 1.7), pow(1.0001, x * 10));
    }
    printf("pow: %.15g %.15g %.15g %.15g %.15g\n", pow(2, 10), pow(2, 0.5), pow(-8, 1.0 / 3), pow(10, -3),
           pow(-2, 3));
    printf("exact: exp(0)=%g log(1)=%g pow(0,0)=%g sqrt(-0)=%g atan2(0,-1)=%.15g\n", exp(0), log(1), pow(0, 0),
           sqrt(-0.0), atan2(0, -1));
    printf("special: %g %g %g %g\n", log(0.0), exp(1000), exp(-1000), atan(1e300));
    double acc = 0;
    for (int i = 0; i < 20000; ++i) {
        double t = i * 0.001;
        acc += sin(t) * cos(t * 0.5) + exp(-t) * log1p(t) + sqrt(t) * atan(t);
    }
    printf("accumulated: %.12g\n", acc);
    return 0;
}
