/* Time formatting without the clock: strftime of fixed struct tm values,
   mktime/timegm and gmtime_r on fixed time_t values, asctime, difftime,
   all in UTC (the runner sets TZ=UTC). */
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void) {
    static const time_t when[] = {0, 86399, 951782400, 1000000000, 1234567890, 1700000000, 2147483647, -1,
                                  -86400 * 365};
    for (size_t i = 0; i < sizeof when / sizeof *when; ++i) {
        struct tm g;
        char buf[256];
        gmtime_r(&when[i], &g);
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %A %b %B %j %U %W %u %w %y %C %e %D %T %F %R %p %I %G %V %g %%",
                 &g);
        printf("%ld: %s\n", (long)when[i], buf);
        time_t back = timegm(&g);
        printf("  timegm back %ld, wday %d yday %d isdst %d\n", (long)back, g.tm_wday, g.tm_yday, g.tm_isdst);
    }
    struct tm t;
    memset(&t, 0, sizeof t);
    t.tm_year = 124;
    t.tm_mon = 1;
    t.tm_mday = 29;
    t.tm_hour = 13;
    t.tm_min = 5;
    t.tm_sec = 9;
    t.tm_isdst = -1;
    time_t m = mktime(&t);
    printf("mktime 2024-02-29 13:05:09 UTC = %ld wday %d yday %d\n", (long)m, t.tm_wday, t.tm_yday);
    char buf[128];
    strftime(buf, sizeof buf, "%c | %x | %X | %Z | %z", &t);
    printf("C locale: %s\n", buf);
    printf("asctime: %s", asctime(&t));
    /* normalisation */
    t.tm_mday += 400;
    t.tm_min -= 125;
    m = mktime(&t);
    strftime(buf, sizeof buf, "%F %T", &t);
    printf("normalised: %s (%ld)\n", buf, (long)m);
    printf("difftime: %.1f\n", difftime(1234567890, 1000000000));
    size_t n = strftime(buf, 5, "%Y-%m-%d", &t);
    printf("too small buffer: %zu\n", n);
    return 0;
}
