/* stdio beyond printf: getc/ungetc/fgets/getline/getdelim on a file the
   program writes, setvbuf modes, tmpfile(), fmemopen, open_memstream,
   fileno/fdopen, and reading stdin (the runner gives /dev/null: EOF). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    int c = getchar();
    printf("stdin: %s feof %d\n", c == EOF ? "EOF" : "data", feof(stdin) != 0);
    FILE* t = tmpfile();
    if (!t) {
        perror("tmpfile");
        return 1;
    }
    fprintf(t, "first line\nsecond, longer line with more words\n\nfourth;a;b;c\nno newline at end");
    rewind(t);
    char* line = NULL;
    size_t cap = 0;
    ssize_t n;
    int k = 0;
    while ((n = getline(&line, &cap, t)) != -1) printf("getline %d: %zd [%.*s]\n", k++, n, (int)strcspn(line, "\n"), line);
    rewind(t);
    while ((n = getdelim(&line, &cap, ';', t)) != -1) printf("getdelim: %zd\n", n);
    free(line);
    fclose(t);

    char mem[] = "12 34 fifty-six";
    FILE* m = fmemopen(mem, strlen(mem), "r");
    int a, b;
    char w[32];
    printf("fmemopen fscanf: %d", fscanf(m, "%d %d %31s", &a, &b, w));
    printf(" %d %d %s\n", a, b, w);
    fclose(m);

    char* buf = NULL;
    size_t len = 0;
    FILE* ms = open_memstream(&buf, &len);
    for (int i = 0; i < 100; ++i) fprintf(ms, "%d,", i * i);
    fclose(ms);
    printf("open_memstream: %zu bytes, ends with %s\n", len, buf + len - 10);
    free(buf);

    FILE* f = fopen("buffering.tmp", "w+");
    setvbuf(f, NULL, _IONBF, 0);
    fputs("unbuffered ", f);
    int fd = fileno(f);
    printf("fileno > 2: %d, offset after unbuffered write: %ld\n", fd > 2, (long)lseek(fd, 0, SEEK_CUR));
    fclose(f);
    f = fopen("buffering.tmp", "a");
    char sbuf[16];
    setvbuf(f, sbuf, _IOFBF, sizeof sbuf);
    for (int i = 0; i < 10; ++i) fprintf(f, "%d", i);
    fclose(f);
    int fd2 = dup(STDOUT_FILENO);
    FILE* out2 = fdopen(fd2, "w");
    fprintf(out2, "via fdopen(dup(1))\n");
    fclose(out2);
    f = fopen("buffering.tmp", "r");
    char got[64] = "";
    fgets(got, sizeof got, f);
    printf("file: [%s]\n", got);
    ungetc('Z', f);
    int c1 = getc(f);
    int c2 = getc(f);
    printf("ungetc at eof then getc: %c, then EOF %d\n", c1, c2 == EOF);
    clearerr(f);
    fclose(f);
    unlink("buffering.tmp");
    return 0;
}
