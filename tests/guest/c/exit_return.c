/* A non-zero exit status by returning from main, after output on both
   streams that must be flushed at exit. */
#include <stdio.h>

int main(void) {
    printf("about to return 3 from main (buffered, no newline)");
    fprintf(stderr, "error: something went wrong\n");
    return 3;
}
