/* A glibc program for dynamic linking tests (built without -static) and the
   ET_REL object test (built with -c). */
#include <stdio.h>

int main(void) {
    puts("hello");
    return 0;
}
