/* Floating-point exception flags (x87 status word via fenv.h): each of
   divide-by-zero, invalid, overflow, underflow and inexact raised by the
   operation that should raise it, cleared by feclearexcept; fegetenv/
   fesetenv round trip; feraiseexcept. Exceptions stay masked. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static void show(const char* what) {
    int e = fetestexcept(FE_ALL_EXCEPT);
    printf("%-22s:%s%s%s%s%s%s\n", what, e & FE_DIVBYZERO ? " DIVBYZERO" : "", e & FE_INVALID ? " INVALID" : "",
           e & FE_OVERFLOW ? " OVERFLOW" : "", e & FE_UNDERFLOW ? " UNDERFLOW" : "", e & FE_INEXACT ? " INEXACT" : "",
           e ? "" : " none");
    feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
    volatile double zero = 0.0, one = 1.0, three = 3.0, big = 1e308, tiny = 1e-308, two = 2.0;
    volatile double r;
    feclearexcept(FE_ALL_EXCEPT);
    show("start");
    r = one + two;
    show("1 + 2");
    r = one / zero;
    show("1 / 0");
    r = zero / zero;
    show("0 / 0");
    r = sqrt(-one);
    show("sqrt(-1)");
    r = big * 10;
    show("1e308 * 10");
    r = tiny / 1e10;
    show("1e-308 / 1e10");
    r = one / three;
    show("1 / 3");
    r = log(zero);
    show("log(0)");
    r = (double)(float)1e40;
    show("(float)1e40");
    volatile long double lz = 0.0L;
    volatile long double lr = 1.0L / lz;
    show("1.0L / 0");
    feraiseexcept(FE_INEXACT | FE_UNDERFLOW);
    show("feraiseexcept");
    fenv_t env;
    fegetenv(&env);
    fesetround(FE_UPWARD);
    r = one / three;
    printf("upward 1/3 %a\n", r);
    fesetenv(&env);
    r = one / three;
    printf("restored 1/3 %a rounding %d\n", r, fegetround() == FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    fexcept_t saved;
    r = one / zero;
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&saved, FE_ALL_EXCEPT);
    show("restored flags");
    (void)r;
    (void)lr;
    return 0;
}
