/* printf odds and ends: %n (all sizes), %p, %%, %m, snprintf(NULL, 0),
   fputs/puts/putchar mixing, dprintf. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int main(void) {
    int n1 = -1, n2 = -1;
    short hn = -1;
    signed char hhn = -1;
    long long lln = -1;
    printf("abc%n def%hn %hhn%lln %s%n\n", &n1, &hn, &hhn, &lln, "xyz", &n2);
    printf("n: %d %d %d %lld %d\n", n1, hn, hhn, lln, n2);
    printf("p: %p %p %p %20p| %-20p|\n", (void*)0, (void*)0x1234, (void*)0xdeadbeef, (void*)0x10, (void*)0x10);
    printf("percent: %% 100%%\n");
    errno = ENOENT;
    printf("m: %m\n");
    errno = EACCES;
    printf("m: %m\n");
    int need = snprintf(NULL, 0, "%d-%s-%f", 123456, "string", 1.5);
    printf("snprintf(NULL,0) = %d\n", need);
    puts("puts line");
    fputs("fputs no newline", stdout);
    putchar('\n');
    for (int c = 32; c < 127; ++c) putchar(c);
    putchar('\n');
    printf("%s\n", "mixed");
    fflush(stdout);
    dprintf(1, "dprintf %d %s\n", 99, "direct");
    printf("after dprintf\n");
    char buf[64];
    memset(buf, 'Z', sizeof buf);
    int r = sprintf(buf, "%c%c%c", 'a', 0, 'b');
    printf("embedded nul: r=%d %d %d %d %d\n", r, buf[0], buf[1], buf[2], buf[3]);
    printf("%5.1s|%-5.1s|%.*s|\n", "xyz", "xyz", 2, "xyz");
    printf("%ls\n", L"wide string");
    printf("%lc%lc\n", (wint_t)L'o', (wint_t)L'k');
    return 0;
}
