/* setjmp/longjmp: return values, jumps out of deep recursion, volatile
   locals, nested jump buffers, sigsetjmp/siglongjmp with a saved mask. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static jmp_buf outer, inner;
static int depth_reached;

static void dive(int d) {
    volatile char pad[64];
    pad[d % 64] = (char)d;
    depth_reached = d;
    if (d == 5000) longjmp(env, d + pad[d % 64] - (char)d);
    dive(d + 1);
    pad[0]++;
}

static void thrower(int v) { longjmp(env, v); }

static int try_inner(int v) {
    if (setjmp(inner) == 0) {
        if (v > 2) longjmp(outer, v * 10);
        longjmp(inner, 1);
    }
    return v;
}

int main(void) {
    volatile int count = 0;
    int r = setjmp(env);
    printf("setjmp returned %d, count %d\n", r, count);
    if (count < 3) {
        ++count;
        thrower(count * 11);
    }
    r = setjmp(env);
    if (r == 0) {
        thrower(0); /* longjmp with 0 gives 1 */
    }
    printf("longjmp(0) -> %d\n", r);
    if ((r = setjmp(env)) == 0) dive(0);
    printf("from depth %d: %d\n", depth_reached, r);

    volatile double acc = 1.5;
    volatile long long big = 1LL << 40;
    if ((r = setjmp(env)) == 0) {
        acc *= 3;
        big += 7;
        thrower(5);
    }
    printf("preserved: %g %lld r=%d\n", acc, big, r);

    for (volatile int v = 0; v < 5; ++v) {
        int o = setjmp(outer);
        if (o == 0) printf("inner %d -> %d\n", v, try_inner(v));
        else printf("outer caught %d\n", o);
    }

    sigjmp_buf sj;
    sigset_t set, cur;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    volatile int phase = 0;
    if (sigsetjmp(sj, 1) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        phase = 1;
        siglongjmp(sj, 1);
    }
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("sigsetjmp(1): phase %d, USR1 blocked after jump: %d\n", phase, sigismember(&cur, SIGUSR1));
    if (sigsetjmp(sj, 0) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        siglongjmp(sj, 1);
    }
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("sigsetjmp(0): USR1 blocked after jump: %d\n", sigismember(&cur, SIGUSR1));
    return 0;
}
