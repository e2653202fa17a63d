/* <string.h> string functions on many lengths and alignments: strlen strcpy
   strncpy strcat strncat strcmp strncmp strchr strrchr strstr strtok strdup
   strndup strspn strcspn strpbrk strcasecmp stpcpy strnlen. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int sgn(int x) { return (x > 0) - (x < 0); }

int main(void) {
    char buf[512], buf2[512];
    /* strlen at every alignment and length up to 70 */
    unsigned long lsum = 0;
    for (int a = 0; a < 16; ++a)
        for (int n = 0; n < 70; ++n) {
            memset(buf, 'x', sizeof buf);
            buf[a + n] = 0;
            lsum += strlen(buf + a) * (unsigned long)(a + 1);
            if (strlen(buf + a) != (size_t)n) printf("strlen wrong at a=%d n=%d\n", a, n);
            if (strnlen(buf + a, 10) != (size_t)(n < 10 ? n : 10)) printf("strnlen wrong\n");
        }
    printf("strlen sum %lu\n", lsum);

    strcpy(buf, "Hello");
    strcat(buf, ", ");
    strcat(buf, "World");
    strncat(buf, "!!!???", 3);
    printf("strcat: %s (%zu)\n", buf, strlen(buf));
    char* e = stpcpy(buf2, "stp");
    e = stpcpy(e, "cpy");
    printf("stpcpy: %s len %d\n", buf2, (int)(e - buf2));
    memset(buf2, '#', 20);
    strncpy(buf2, "abc", 8);
    printf("strncpy pad: %d %d %d %d %c\n", buf2[3], buf2[4], buf2[7], buf2[8] == '#', buf2[0]);
    strncpy(buf2, "abcdefghij", 4);
    printf("strncpy trunc: %.6s\n", buf2);

    const char* words[] = {"", "a", "b", "ab", "abc", "abd", "Abc", "abcd", "\x80", "\x7f", "zz", "a\xff"};
    int nw = sizeof words / sizeof *words;
    for (int i = 0; i < nw; ++i) {
        printf("cmp %-2d:", i);
        for (int j = 0; j < nw; ++j) printf(" %2d", sgn(strcmp(words[i], words[j])));
        printf(" |");
        for (int j = 0; j < nw; ++j) printf(" %2d", sgn(strncmp(words[i], words[j], 2)));
        printf(" |");
        for (int j = 0; j < nw; ++j) printf(" %2d", sgn(strcasecmp(words[i], words[j])));
        printf("\n");
    }
    const char* s = "the quick brown fox jumps over the lazy dog";
    printf("strchr o: %s\n", strchr(s, 'o'));
    printf("strrchr o: %s\n", strrchr(s, 'o'));
    printf("strchr nul: %d\n", (int)(strchr(s, 0) - s));
    printf("strchr missing: %s\n", strchr(s, 'Q') ? "found" : "null");
    printf("strstr the: %ld %ld\n", (long)(strstr(s, "the") - s), (long)(strstr(s + 1, "the") - s));
    printf("strstr empty: %ld, missing: %s\n", (long)(strstr(s, "") - s), strstr(s, "cat") ? "found" : "null");
    printf("strstr long: %s\n", strstr(s, "over the lazy"));
    printf("strspn %zu strcspn %zu strpbrk %s\n", strspn(s, "teh "), strcspn(s, "xyz"), strpbrk(s, "zyx"));
    printf("strcasestr: %s\n", strcasestr("Hello WORLD", "world"));

    char text[] = "  alpha, beta;gamma ,, delta;;epsilon  ";
    int k = 0;
    for (char* t = strtok(text, " ,;"); t; t = strtok(NULL, " ,;")) printf("tok %d: [%s]\n", k++, t);
    char text2[] = "a=1&b=2&&c=3";
    char* save;
    for (char* t = strtok_r(text2, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
        char* sv2;
        char* key = strtok_r(t, "=", &sv2);
        char* val = strtok_r(NULL, "=", &sv2);
        printf("kv: %s -> %s\n", key, val ? val : "(none)");
    }
    char* d = strdup(s);
    char* dn = strndup(s, 9);
    printf("strdup: %s | strndup: %s\n", d, dn);
    free(d);
    free(dn);
    /* long strings */
    char* big = malloc(100001);
    for (int i = 0; i < 100000; ++i) big[i] = (char)('a' + i % 26);
    big[100000] = 0;
    char* copy = malloc(100001);
    strcpy(copy, big);
    printf("big: len %zu cmp %d chr %ld rchr %ld str %ld\n", strlen(copy), strcmp(big, copy),
           (long)(strchr(copy, (int)'z') - copy), (long)(strrchr(copy, (int)'a') - copy), (long)(strstr(copy, "xyzabc") - copy));
    copy[99999] = 'A';
    printf("big cmp after change: %d\n", sgn(strcmp(big, copy)));
    free(big);
    free(copy);
    return 0;
}
