/* Writing to both stdout and stderr: stdio buffering (stdout is fully
   buffered into a file or pipe, stderr unbuffered), explicit fflush, raw
   write(2) on both descriptors, line buffering switched on with setvbuf.
   The runner compares each stream separately. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 5; ++i) {
        printf("out %d\n", i);
        fprintf(stderr, "err %d\n", i);
    }
    write(1, "raw out\n", 8);
    write(2, "raw err\n", 8);
    fflush(stdout);
    printf("after fflush\n");
    fputs("err via fputs\n", stderr);
    fputc('!', stderr);
    fputc('\n', stderr);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("line buffered now\n");
    write(1, "raw after line buffered\n", 24);
    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    printf("%s\n", big);
    fprintf(stderr, "%s\n", big + 5000);
    for (int i = 0; i < 300; ++i) printf("%03d%c", i, i % 20 == 19 ? '\n' : ' ');
    fprintf(stderr, "done\n");
    return 0;
}
