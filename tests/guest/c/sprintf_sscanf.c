/* sprintf/snprintf (truncation and return values) and sscanf with every
   common conversion, widths, scansets, %n and partial matches. */
#include <stdio.h>
#include <string.h>

int main(void) {
    char buf[64];
    for (size_t cap = 0; cap <= 12; cap += 3) {
        memset(buf, '#', sizeof buf);
        int r = snprintf(buf, cap, "%s-%d", "truncate", 12345);
        printf("snprintf cap %zu: r=%d buf=[%s]\n", cap, r, cap ? buf : "(untouched)");
    }
    int r = sprintf(buf, "%08.3f|%-6s|%x", -3.14159, "ab", 255u);
    printf("sprintf: %d [%s]\n", r, buf);

    int i1 = 0, i2 = 0, n = 0;
    unsigned u = 0;
    long l = 0;
    long long ll = 0;
    double d = 0;
    float f = 0;
    char s1[32] = "", s2[32] = "";
    char c = 0;
    r = sscanf("  42 -17 0x1F 077 3.25e2 1.5 word rest", "%d %i %x %lo %lf %f %31s %31s", &i1, &i2, &u, &l, &d, &f, s1,
               s2);
    printf("sscanf 1: r=%d %d %d %u %ld %g %g %s %s\n", r, i1, i2, u, l, d, f, s1, s2);
    r = sscanf("0x1f 010 -0", "%i %i %i", &i1, &i2, &n);
    printf("sscanf %%i: r=%d %d %d %d\n", r, i1, i2, n);
    r = sscanf("12345678901234 xyz", "%lld %c%n", &ll, &c, &n);
    printf("sscanf ll: r=%d %lld %c n=%d\n", r, ll, c, n);
    r = sscanf("abc123def", "%[a-z]%d%[^\n]", s1, &i1, s2);
    printf("scanset: r=%d [%s] %d [%s]\n", r, s1, i1, s2);
    r = sscanf("key = value ; x", "%31[^ =] = %31[^;]", s1, s2);
    printf("kv: r=%d [%s] [%s]\n", r, s1, s2);
    r = sscanf("123456", "%3d%2d", &i1, &i2);
    printf("widths: r=%d %d %d\n", r, i1, i2);
    r = sscanf("10 apples", "%d oranges", &i1);
    printf("partial: r=%d %d\n", r, i1);
    r = sscanf("", "%d", &i1);
    printf("empty: r=%d\n", r);
    r = sscanf("abc", "%d", &i1);
    printf("mismatch: r=%d\n", r);
    r = sscanf("7 8", "%*d %d", &i1);
    printf("suppress: r=%d %d\n", r, i1);
    r = sscanf("inf nan -1e-3 0x1.8p1", "%lf %lf %lf %lf", &d, &d, &d, &d);
    printf("floats: r=%d %g\n", r, d);
    double dd[4];
    r = sscanf("1e308 1e-320 2.5 .5", "%lf %lf %lf %lf", &dd[0], &dd[1], &dd[2], &dd[3]);
    printf("floats2: r=%d %g %g %g %g\n", r, dd[0], dd[1], dd[2], dd[3]);
    unsigned char hh;
    short h;
    r = sscanf("300 70000", "%hhu %hd", &hh, &h);
    printf("short: r=%d %u %d\n", r, hh, h);
    r = sscanf("%literal 5", "%%literal %d", &i1);
    printf("percent: r=%d %d\n", r, i1);
    long double ld;
    r = sscanf("3.14159265358979323846", "%Lf", &ld);
    printf("long double: r=%d %.20Lg\n", r, ld);
    return 0;
}
