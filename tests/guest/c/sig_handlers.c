/* Signal handling without faults: raise and kill to self, signal() and
   sigaction (old action returned), sa_mask and the automatic blocking of
   the running signal, sigprocmask and pending signals delivered on unblock
   (in signal-number order), SA_RESETHAND, SA_NODEFER nesting, SIG_IGN,
   sigsuspend-free waiting, abort() caught and escaped with siglongjmp. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t order[32];
static volatile sig_atomic_t norder;
static volatile sig_atomic_t depth, max_depth, budget;
static sigjmp_buf escape;

static void record(int sig) {
    if (norder < 32) order[norder++] = sig;
}
static void simple(int sig) { record(sig); }
static void masked_check(int sig) {
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    record(sig);
    printf("  in handler for %d: self blocked %d, USR2 blocked %d, INT blocked %d\n", sig, sigismember(&cur, sig),
           sigismember(&cur, SIGUSR2), sigismember(&cur, SIGINT));
}
static void nested(int sig) {
    ++depth;
    if (depth > max_depth) max_depth = depth;
    if (budget > 0) {
        --budget;
        raise(sig);
    }
    --depth;
}
static void info_handler(int sig, siginfo_t* si, void* ctx) {
    (void)ctx;
    printf("  siginfo: signo %d code %s pid matches %d value %d\n", si->si_signo,
           si->si_code == SI_USER ? "SI_USER" : si->si_code == SI_TKILL ? "SI_TKILL" : si->si_code == SI_QUEUE ? "SI_QUEUE" : "other",
           si->si_pid == getpid(), si->si_code == SI_QUEUE ? si->si_value.sival_int : -1);
    record(sig);
}
static void on_abort(int sig) { siglongjmp(escape, sig); }

int main(void) {
    printf("signal() and raise:\n");
    void (*old)(int) = signal(SIGUSR1, simple);
    printf("  old was SIG_DFL: %d\n", old == SIG_DFL);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("  recorded %d: %d %d\n", norder, order[0], order[1]);

    printf("sa_mask:\n");
    struct sigaction sa, prev;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = masked_check;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, &prev);
    printf("  previous handler was simple: %d\n", prev.sa_handler == simple);
    raise(SIGUSR1);

    printf("pending signals:\n");
    norder = 0;
    signal(SIGUSR1, simple);
    signal(SIGUSR2, simple);
    signal(SIGHUP, simple);
    sigset_t block, pend;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR2);
    raise(SIGUSR1);
    raise(SIGUSR1); /* standard signals do not queue */
    raise(SIGHUP);
    sigpending(&pend);
    printf("  while blocked: recorded %d, pending USR1 %d USR2 %d HUP %d INT %d\n", norder, sigismember(&pend, SIGUSR1),
           sigismember(&pend, SIGUSR2), sigismember(&pend, SIGHUP), sigismember(&pend, SIGINT));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    printf("  after unblock: recorded %d:", norder);
    for (int i = 0; i < norder; ++i) printf(" %d", order[i]);
    printf("\n");

    printf("SIG_IGN:\n");
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    printf("  ignored, still running\n");

    printf("SA_RESETHAND:\n");
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = simple;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    norder = 0;
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &prev);
    printf("  ran %d, now SIG_DFL %d\n", norder, prev.sa_handler == SIG_DFL);

    printf("nesting:\n");
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = nested;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR1, &sa, NULL);
    budget = 2;
    raise(SIGUSR1);
    printf("  SA_NODEFER max depth %d\n", max_depth);
    max_depth = 0;
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    budget = 2;
    raise(SIGUSR1);
    printf("  deferred max depth %d (re-raised signal runs after the handler returns)\n", max_depth);

    printf("siginfo:\n");
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    kill(getpid(), SIGUSR2);
    union sigval val = {.sival_int = 77};
    sigqueue(getpid(), SIGUSR2, val);
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigemptyset(&block);
    sigaddset(&block, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    for (int i = 0; i < 3; ++i) sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = i});
    printf("  three queued real-time signals, unblocking:\n");
    sigprocmask(SIG_UNBLOCK, &block, NULL);

    printf("abort caught:\n");
    signal(SIGABRT, on_abort);
    int r = sigsetjmp(escape, 1);
    if (r == 0) abort();
    printf("  escaped abort with %d\n", r);
    printf("invalid: sigaction(SIGKILL) %d, signal 0 raise %d\n", sigaction(SIGKILL, &sa, NULL), raise(0));
    return 0;
}
