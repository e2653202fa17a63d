/* strtol/strtoul/strtoll/strtoull with bases, signs, whitespace, overflow
   (ERANGE) and end pointers; atoi/atol/atoll. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    static const char* in[] = {"0", "42", "-42", "  +17xyz", "0x1f", "0X1F", "0777", "0b101", "z", "Zz", "",
                               "   ", "-", "0x", "2147483647", "2147483648", "-2147483648", "-2147483649",
                               "4294967295", "4294967296", "-1", "9223372036854775807", "9223372036854775808",
                               "-9223372036854775808", "18446744073709551615", "18446744073709551616",
                               "99999999999999999999999", "\t\n 12 34", "1e5", "0008", "0x80000000"};
    static const int bases[] = {10, 0, 16, 8, 2, 36};
    for (size_t i = 0; i < sizeof in / sizeof *in; ++i) {
        printf("[%s]\n", in[i]);
        for (size_t b = 0; b < sizeof bases / sizeof *bases; ++b) {
            char* end;
            errno = 0;
            long v = strtol(in[i], &end, bases[b]);
            int e1 = errno;
            long c1 = end - in[i];
            errno = 0;
            unsigned long uv = strtoul(in[i], &end, bases[b]);
            int e2 = errno;
            long c2 = end - in[i];
            errno = 0;
            long long llv = strtoll(in[i], &end, bases[b]);
            int e3 = errno;
            long c3 = end - in[i];
            errno = 0;
            unsigned long long ullv = strtoull(in[i], &end, bases[b]);
            int e4 = errno;
            long c4 = end - in[i];
            printf("  base %2d: l %ld/%ld%s ul %lu/%ld%s ll %lld/%ld%s ull %llu/%ld%s\n", bases[b], v, c1,
                   e1 == ERANGE ? "!" : "", uv, c2, e2 == ERANGE ? "!" : "", llv, c3, e3 == ERANGE ? "!" : "", ullv,
                   c4, e4 == ERANGE ? "!" : "");
        }
    }
    printf("atoi: %d %d %d %d\n", atoi("123"), atoi("-7abc"), atoi("  +5"), atoi("x"));
    printf("atol: %ld atoll: %lld\n", atol("-2147483647"), atoll("-123456789012345"));
    errno = 0;
    long v = strtol("123", NULL, 1);
    printf("base 1: %ld errno %s\n", v, errno == EINVAL ? "EINVAL" : "other");
    return 0;
}
