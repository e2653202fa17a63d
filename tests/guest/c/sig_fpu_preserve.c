/* x87 state across signal handlers: a handler that does its own floating
   point (and changes the rounding mode) in the middle of the interrupted
   code's computation leaves that computation's registers, stack and control
   word untouched after sigreturn. Signals arrive by raise() from a
   computation loop and from a SIGFPE fault inside an FP expression. */
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile double handler_result;
static volatile int calls;

static void busy_fp(int sig) {
    (void)sig;
    fesetround(FE_UPWARD);
    double a = 0;
    for (int i = 1; i < 200; ++i) a += sqrt((double)i) / 3.0;
    handler_result = a;
    ++calls;
}

static void fpe(int sig, siginfo_t* si, void* ctx) {
    (void)sig;
    (void)si;
    busy_fp(0);
    ((ucontext_t*)ctx)->uc_mcontext.gregs[REG_EIP] += 2;
}

__attribute__((noinline)) static long double series(int raise_every) {
    long double acc = 0, t = 1;
    for (int i = 1; i < 400; ++i) {
        t = t * 0.99L + 1.0L / i;
        long double u = t * t;
        if (raise_every && i % raise_every == 0) raise(SIGUSR1);
        acc += u / (i + 1.0L);
    }
    return acc;
}

int main(void) {
    signal(SIGUSR1, busy_fp);
    long double quiet = series(0);
    long double loud = series(7);
    printf("series without signals %La\n", quiet);
    printf("series with %d signals   %La\n", calls, loud);
    printf("equal: %d, rounding still nearest: %d, handler result %.6f\n", quiet == loud, fegetround() == FE_TONEAREST,
           handler_result);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    volatile double x = 1.5, y = 2.25;
    volatile int zero = 0;
    double before = x * y;
    int q = 0;
    __asm__ volatile("fldl %1\n\tfmull %2\n\t" /* st0 = x*y kept live across the fault */
                     "movl $7, %%eax\n\tcltd\n\t"
                     "idivl %3\n\t"           /* faults: 2-byte idiv with a register operand */
                     "fstpl %1\n\t"
                     : "=&a"(q), "+m"(x)
                     : "m"(y), "r"(zero)
                     : "edx", "st", "memory");
    printf("x*y across a fault: before %g after %g (equal %d), calls %d\n", before, x, before == x, calls);
    (void)q;
    return 0;
}
