/* stdio file I/O on a temporary file in the working directory: fopen fwrite
   fread fseek ftell rewind fprintf fgets fputc fgetc ungetc feof ferror
   freopen-free modes (w, r, a, r+, w+), remove/unlink, rename. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    const char* name = "stdio_test.tmp";
    FILE* f = fopen(name, "w");
    if (!f) {
        perror("fopen w");
        return 1;
    }
    for (int i = 0; i < 1000; ++i) fprintf(f, "line %04d: %s %d\n", i, i % 2 ? "odd" : "even", i * i);
    printf("ftell after writing: %ld\n", ftell(f));
    fclose(f);

    f = fopen(name, "r");
    char line[128];
    int lines = 0;
    unsigned long h = 0;
    while (fgets(line, sizeof line, f)) {
        ++lines;
        for (char* p = line; *p; ++p) h = h * 131 + (unsigned char)*p;
        if (lines == 1 || lines == 500 || lines == 1000) printf("read: %s", line);
    }
    printf("lines %d hash %lu eof %d error %d\n", lines, h, feof(f) != 0, ferror(f) != 0);
    fseek(f, 10 * 28, SEEK_SET);
    fgets(line, sizeof line, f);
    printf("seek to 280: %s", line);
    fseek(f, -28, SEEK_END);
    fgets(line, sizeof line, f);
    printf("seek -28 from end: %s", line);
    fseek(f, 5, SEEK_SET);
    fseek(f, 3, SEEK_CUR);
    long pos = ftell(f);
    int ch = fgetc(f);
    printf("ftell %ld, getc '%c'\n", pos, ch);
    ungetc('X', f);
    ch = fgetc(f);
    printf("after ungetc: '%c'", ch);
    ch = fgetc(f);
    printf(" '%c'\n", ch);
    rewind(f);
    pos = ftell(f);
    ch = fgetc(f);
    printf("rewind: ftell %ld, first char '%c'\n", pos, ch);
    fclose(f);

    /* binary records with fwrite/fread */
    f = fopen(name, "w+b");
    double recs[256];
    for (int i = 0; i < 256; ++i) recs[i] = i * 1.25 - 100;
    size_t w = fwrite(recs, sizeof recs[0], 256, f);
    fflush(f);
    printf("fwrite %zu, size %ld\n", w, ftell(f));
    fseek(f, 100 * (long)sizeof(double), SEEK_SET);
    double got[4];
    size_t r = fread(got, sizeof got[0], 4, f);
    printf("fread %zu: %g %g %g %g\n", r, got[0], got[1], got[2], got[3]);
    fseek(f, -2 * (long)sizeof(double), SEEK_END);
    r = fread(got, sizeof got[0], 4, f);
    printf("short fread %zu: %g %g eof %d\n", r, got[0], got[1], feof(f) != 0);
    /* overwrite in the middle with r+ semantics */
    fseek(f, 0, SEEK_SET);
    double neg = -1;
    fwrite(&neg, sizeof neg, 1, f);
    fseek(f, 0, SEEK_SET);
    fread(got, sizeof got[0], 2, f);
    printf("overwritten: %g %g\n", got[0], got[1]);
    fclose(f);

    /* append mode */
    f = fopen(name, "w");
    fputs("first\n", f);
    fclose(f);
    f = fopen(name, "a");
    fputs("second\n", f);
    fclose(f);
    f = fopen(name, "a+");
    fputs("third\n", f);
    fseek(f, 0, SEEK_SET);
    while (fgets(line, sizeof line, f)) printf("append: %s", line);
    fclose(f);

    /* big file through a small buffer */
    f = fopen(name, "wb");
    static char block[16384];
    for (int i = 0; i < (int)sizeof block; ++i) block[i] = (char)(i * 7);
    for (int i = 0; i < 8; ++i) fwrite(block, 1, sizeof block - (size_t)i, f);
    fclose(f);
    f = fopen(name, "rb");
    setvbuf(f, NULL, _IOFBF, 1000);
    long total = 0;
    int c;
    unsigned sum = 0;
    while ((c = getc(f)) != EOF) {
        sum += (unsigned)c;
        ++total;
    }
    printf("big: %ld bytes sum %u\n", total, sum);
    fclose(f);

    if (rename(name, "renamed.tmp") != 0) perror("rename");
    printf("fopen old name after rename: %s\n", fopen(name, "r") ? "opened" : "failed");
    printf("remove: %d\n", remove("renamed.tmp"));
    printf("unlink again: %d\n", unlink("renamed.tmp"));
    printf("access after remove: %d\n", access("renamed.tmp", F_OK));
    return 0;
}
