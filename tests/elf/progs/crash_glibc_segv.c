/* A glibc program that prints, then writes through a null pointer with no
   handler installed: status 139, and its stdout buffer is lost. */
#include <stdio.h>

int main(void) {
    printf("before the fault\n");
    fflush(stdout);
    printf("lost in the buffer\n");
    volatile int* p = 0;
    *p = 1;
    return 0;
}
