/* SIGILL from ud2 (inline asm with a label, and __builtin_trap), caught with
   SA_SIGINFO: si_code ILL_ILLOPN, si_addr and EIP at the instruction, trap
   number 6. Recovery by advancing EIP for the first, siglongjmp for the
   second. Also an SA_RESETHAND handler: the second ud2 would be fatal, so
   it reinstalls before trying again. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char fault_ud2[];
static sigjmp_buf recover;
static int step_over = 1;

static void handler(int sig, siginfo_t* si, void* ctx) {
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    printf("  signal %d (%s) si_code %d%s trapno %d err %d\n", sig, strsignal(sig), si->si_code,
           si->si_code == ILL_ILLOPN ? " (ILL_ILLOPN)" : "", (int)g[REG_TRAPNO], (int)g[REG_ERR]);
    printf("  si_addr == eip: %d, eip at ud2 bytes: %d\n", (uintptr_t)si->si_addr == (uintptr_t)g[REG_EIP],
           ((unsigned char*)g[REG_EIP])[0] == 0x0f && ((unsigned char*)g[REG_EIP])[1] == 0x0b);
    if (step_over) printf("  eip - fault_ud2 %ld\n", (long)((uintptr_t)g[REG_EIP] - (uintptr_t)fault_ud2));
    if (step_over) g[REG_EIP] += 2;
    else siglongjmp(recover, 1);
}

__attribute__((noinline, noclone)) static int run_ud2(int x) {
    __asm__ volatile(".globl fault_ud2\nfault_ud2: ud2" ::: "memory");
    return x + 1;
}

__attribute__((noinline, noclone)) static void trap(int really) {
    if (really) __builtin_trap();
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    printf("ud2 with step-over:\n");
    printf("  run_ud2 returned %d\n", run_ud2(41));
    printf("__builtin_trap with siglongjmp:\n");
    step_over = 0;
    if (sigsetjmp(recover, 1) == 0) trap(1);
    printf("  recovered\n");
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    step_over = 1;
    sigaction(SIGILL, &sa, NULL);
    printf("SA_RESETHAND:\n");
    run_ud2(0);
    struct sigaction now;
    sigaction(SIGILL, NULL, &now);
    printf("  handler reset to SIG_DFL: %d\n", now.sa_handler == SIG_DFL);
    return 0;
}
