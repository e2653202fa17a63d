/* strtod/strtof/strtold/atof: decimal and hex input, rounding at the last
   bit, denormals, overflow and underflow (ERANGE), inf/nan, end pointers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    static const char* in[] = {"0", "-0", "1", "0.1", "3.14159265358979323846", "1e10", "1E-10", "  -2.5e+3xyz",
                               ".5", "5.", "0x1p-3", "0x1.fffffffffffffp1023", "0X.8P1", "1e308", "1e309",
                               "-1e400", "1e-320", "1e-400", "2.2250738585072011e-308", "4.9e-324", "inf",
                               "-Infinity", "nan", "NAN(123)", "abc", "", "1.7976931348623158e308",
                               "9007199254740993", "0.30000000000000004", "123456789012345678901234567890",
                               "1.00000000000000011102230246251565404236316680908203125",
                               "1.00000000000000011102230246251565404236316680908203126", "3.4028235e38",
                               "3.4028236e38", "1e-46", "1.4e-45", "7.0e-46", "1e4932", "1e-4951", "1e4933"};
    for (size_t i = 0; i < sizeof in / sizeof *in; ++i) {
        char *e1, *e2, *e3;
        errno = 0;
        double d = strtod(in[i], &e1);
        int r1 = errno == ERANGE;
        errno = 0;
        float f = strtof(in[i], &e2);
        int r2 = errno == ERANGE;
        errno = 0;
        long double ld = strtold(in[i], &e3);
        int r3 = errno == ERANGE;
        printf("%-24.24s d %-24a %.17g /%ld%s f %-16a /%ld%s ld %La %.21Lg /%ld%s\n", in[i], d, d, (long)(e1 - in[i]),
               r1 ? " ERANGE" : "", (double)f, (long)(e2 - in[i]), r2 ? " ERANGE" : "", ld, ld, (long)(e3 - in[i]),
               r3 ? " ERANGE" : "");
    }
    printf("atof: %g %g\n", atof("2.75"), atof("-1e-2junk"));
    /* round trip of many doubles through printf %.17g and strtod */
    unsigned bad = 0;
    double x = 1e-300;
    char buf[64];
    for (int i = 0; i < 600; ++i) {
        x *= 1.2345678901;
        if (x > 1e300) x = 1e-300 * (i + 1);
        snprintf(buf, sizeof buf, "%.17g", x);
        if (strtod(buf, NULL) != x) ++bad;
        snprintf(buf, sizeof buf, "%a", x);
        if (strtod(buf, NULL) != x) ++bad;
    }
    printf("round trips: %u bad\n", bad);
    return 0;
}
