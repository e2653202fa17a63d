/* _exit skips atexit handlers and stdio flushing: the buffered line before it
   is lost, what was written with write(2) or flushed survives. Status 7. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void never(void) { printf("atexit handler must not run\n"); }

int main(void) {
    atexit(never);
    printf("flushed line\n");
    fflush(stdout);
    printf("this buffered line is lost");
    write(1, "written directly\n", 17);
    fprintf(stderr, "stderr is unbuffered\n");
    _exit(7);
}
