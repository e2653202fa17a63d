/* Variadic functions: va_arg of int, long long, double, pointers and
   promoted types; va_copy; v*printf wrappers; a format-driven walker. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static long sum_ints(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; ++i) s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static double mixed(const char* fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    double total = 0;
    for (const char* p = fmt; *p; ++p) {
        switch (*p) {
        case 'i': total += va_arg(ap, int); break;
        case 'l': total += (double)va_arg(ap, long long); break;
        case 'd': total += va_arg(ap, double); break;
        case 'c': total += va_arg(ap, int); break; /* char promotes to int */
        case 'f': total += va_arg(ap, double); break; /* float promotes to double */
        case 's': total += (double)strlen(va_arg(ap, const char*)); break;
        case 'L': total += (double)va_arg(ap, long double); break;
        }
    }
    va_end(ap);
    /* walk again from the copy: the first argument only */
    double first = 0;
    if (fmt[0] == 'd' || fmt[0] == 'f') first = va_arg(ap2, double);
    else if (fmt[0] == 'i' || fmt[0] == 'c') first = va_arg(ap2, int);
    va_end(ap2);
    printf("mixed(%s) first %g\n", fmt, first);
    return total;
}

static int logmsg(char* out, size_t cap, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(out, cap, "[log] ");
    n += vsnprintf(out + n, cap - (size_t)n, fmt, ap);
    va_end(ap);
    return n;
}

static void both(const char* fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    vprintf(fmt, ap);
    char buf[128];
    vsprintf(buf, fmt, ap2);
    printf("again: %s", buf);
    va_end(ap2);
    va_end(ap);
}

int main(void) {
    printf("sum_ints: %ld %ld %ld\n", sum_ints(0), sum_ints(3, 1, 2, 3),
           sum_ints(12, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, 1000000));
    char c = 'A';
    float f = 2.5f;
    short s = -3;
    printf("total %g\n", mixed("ildcfsL", 7, 1LL << 40, 0.125, c, f, "hello", 1.5L));
    printf("total %g\n", mixed("fid", f, (int)s, -1e10));
    char buf[64];
    int n = logmsg(buf, sizeof buf, "%s=%d (%.2f)", "x", 42, 3.14159);
    printf("%s / %d\n", buf, n);
    n = logmsg(buf, 16, "%s", "this will be truncated");
    printf("%s / %d\n", buf, n);
    both("%d %s %c %5.1f %llx\n", 1, "two", '3', 4.04, 0x123456789abcULL);
    return 0;
}
