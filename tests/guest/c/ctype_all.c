/* <ctype.h> classification and case mapping for every value from EOF to 255
   in the C locale, printed as a compact table. */
#include <ctype.h>
#include <stdio.h>

int main(void) {
    printf("chr  al di xd lo up sp pu pr gr cn bl | tolower toupper\n");
    unsigned long h = 0;
    for (int c = -1; c < 256; ++c) {
        int bits[] = {isalpha(c), isdigit(c), isxdigit(c), islower(c), isupper(c), isspace(c),
                      ispunct(c), isprint(c), isgraph(c), iscntrl(c), isblank(c), isalnum(c)};
        unsigned m = 0;
        for (int i = 0; i < 12; ++i) m |= (bits[i] != 0) << i;
        h = h * 4099 + m * 257 + (unsigned)tolower(c) * 3 + (unsigned)toupper(c);
        if (c < 0 || (c >= 8 && c <= 14) || (c >= 30 && c < 128 && c % 3 == 0) || c == 127 || c == 128 || c == 255) {
            printf("%3d ", c);
            for (int i = 0; i < 11; ++i) printf("  %d", bits[i] != 0);
            printf(" | %d %d\n", tolower(c), toupper(c));
        }
    }
    printf("table hash %lu\n", h);
    int words = 0, in = 0;
    const char* text = "The 3 quick brown-foxes, jumped\tover 12 lazy DOGS!\n";
    for (const char* p = text; *p; ++p) {
        if (isalnum((unsigned char)*p)) {
            if (!in) ++words;
            in = 1;
        } else in = 0;
    }
    printf("words %d\n", words);
    for (const char* p = text; *p; ++p) putchar(islower((unsigned char)*p) ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
    return 0;
}
