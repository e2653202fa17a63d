/* Stack overflow caught on an alternate signal stack: unbounded recursion
   hits the guard below the stack, SIGSEGV is delivered on the sigaltstack,
   the handler checks it runs there and escapes with siglongjmp. Also
   SS_ONSTACK reporting and a normal signal on the alternate stack. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static char* alt;
static size_t alt_size = 64 * 1024;
static sigjmp_buf recover;
static volatile unsigned long deepest;

static int on_alt(void) {
    char here;
    return (uintptr_t)&here >= (uintptr_t)alt && (uintptr_t)&here < (uintptr_t)alt + alt_size;
}

static void segv(int sig, siginfo_t* si, void* ctx) {
    (void)si;
    (void)ctx;
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("  SIGSEGV %d on alternate stack: %d, SS_ONSTACK: %d, depth > 1000: %d\n", sig, on_alt(),
           (cur.ss_flags & SS_ONSTACK) != 0, deepest > 1000);
    siglongjmp(recover, 1);
}
static void usr1(int sig) {
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("  SIGUSR1 %d on alternate stack: %d, SS_ONSTACK: %d\n", sig, on_alt(), (cur.ss_flags & SS_ONSTACK) != 0);
}

__attribute__((noinline)) static unsigned long recurse(unsigned long n) {
    volatile char frame[256];
    frame[n % 256] = (char)n;
    deepest = n;
    return recurse(n + 1) + frame[(n * 7) % 256];
}

int main(void) {
    struct rlimit rl = {8u << 20, 8u << 20};
    setrlimit(RLIMIT_STACK, &rl); /* whatever the caller had: overflow at 8 MiB */
    alt = malloc(alt_size);
    stack_t ss = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = 0};
    printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("installed: size ok %d, flags %d\n", cur.ss_size == alt_size, cur.ss_flags);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = usr1;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    printf("raise with SA_ONSTACK:\n");
    raise(SIGUSR1);
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    printf("raise without SA_ONSTACK:\n");
    raise(SIGUSR1);

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    printf("overflowing the stack:\n");
    if (sigsetjmp(recover, 1) == 0) printf("returned %lu\n", recurse(0));
    printf("recovered; the stack works again: %lu\n", deepest > 0 ? 1UL : 0UL);
    ss.ss_flags = SS_DISABLE;
    printf("disable: %d\n", sigaltstack(&ss, NULL));
    return 0;
}
