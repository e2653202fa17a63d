/* exit() from deep inside the program: atexit handlers run in reverse order,
   stdio buffers are flushed, the status is 42 (and only its low 8 bits
   count, so exit(298) would also give 42). */
#include <stdio.h>
#include <stdlib.h>

static void h1(void) { printf("atexit handler 1 (registered first, runs last)\n"); }
static void h2(void) { printf("atexit handler 2\n"); }
static void h3(void) {
    fprintf(stderr, "atexit handler 3 on stderr\n");
    printf("atexit handler 3 (registered last, runs first)\n");
}

static void deep(int n) {
    if (n == 0) {
        printf("exiting from depth 0");
        exit(298);
    }
    deep(n - 1);
}

int main(void) {
    atexit(h1);
    atexit(h2);
    atexit(h3);
    printf("start\n");
    deep(50);
    printf("not reached\n");
    return 0;
}
