/* glibc's pseudo-random generators with fixed seeds: rand/srand, random/
   srandom, rand_r, drand48 family, random_r with a private state. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    srand(1);
    printf("rand:");
    for (int i = 0; i < 8; ++i) printf(" %d", rand());
    printf("\nRAND_MAX %d\n", RAND_MAX);
    srand(12345);
    long sum = 0;
    for (int i = 0; i < 100000; ++i) sum += rand() % 1000;
    printf("sum of 100000 rand()%%1000: %ld\n", sum);
    srandom(777);
    printf("random:");
    for (int i = 0; i < 5; ++i) printf(" %ld", random());
    unsigned seed = 42;
    printf("\nrand_r:");
    for (int i = 0; i < 5; ++i) printf(" %d", rand_r(&seed));
    srand48(2024);
    printf("\ndrand48: %.17g %.17g lrand48 %ld mrand48 %ld\n", drand48(), drand48(), lrand48(), mrand48());
    unsigned short xs[3] = {1, 2, 3};
    printf("erand48 %.17g nrand48 %ld jrand48 %ld\n", erand48(xs), nrand48(xs), jrand48(xs));
    struct random_data rd = {0};
    static char state[64];
    initstate_r(99, state, sizeof state, &rd);
    int32_t r;
    printf("random_r:");
    for (int i = 0; i < 5; ++i) {
        random_r(&rd, &r);
        printf(" %d", r);
    }
    printf("\n");
    return 0;
}
