/* SIGSEGV from a null-pointer read and a null-pointer write, caught by an
   SA_SIGINFO handler that reports signal number, si_code, si_addr, the trap
   number and page-fault error code from the ucontext and the faulting EIP
   relative to a label on the faulting instruction; recovery by siglongjmp. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char fault_read[], fault_write[], fault_read_far[];
static sigjmp_buf recover;
static uintptr_t expected_eip;

static void handler(int sig, siginfo_t* si, void* ctx) {
    ucontext_t* uc = ctx;
    greg_t* g = uc->uc_mcontext.gregs;
    printf("  signal %d (%s) si_signo %d si_code %d si_errno %d\n", sig, strsignal(sig), si->si_signo, si->si_code,
           si->si_errno);
    printf("  si_addr %#lx trapno %d err %#x\n", (unsigned long)(uintptr_t)si->si_addr, (int)g[REG_TRAPNO],
           (unsigned)g[REG_ERR]);
    printf("  eip - label = %ld, esp == uesp: %d\n", (long)((uintptr_t)g[REG_EIP] - expected_eip),
           g[REG_ESP] == g[REG_UESP]);
    siglongjmp(recover, sig);
}

__attribute__((noinline, noclone)) static int do_read(volatile int* p) {
    int v;
    __asm__ volatile(".globl fault_read\nfault_read: movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
    return v;
}
__attribute__((noinline, noclone)) static void do_write(volatile int* p) {
    __asm__ volatile(".globl fault_write\nfault_write: movl $42, (%0)" : : "r"(p) : "memory");
}
__attribute__((noinline, noclone)) static int do_read_far(volatile char* p) {
    int v;
    __asm__ volatile(".globl fault_read_far\nfault_read_far: movzbl 0x123(%1), %0" : "=r"(v) : "r"(p) : "memory");
    return v;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    volatile int* null = NULL;

    printf("null read:\n");
    expected_eip = (uintptr_t)fault_read;
    int r = sigsetjmp(recover, 1);
    if (r == 0) printf("read %d (not reached)\n", do_read(null));
    printf("recovered with %d\n", r);

    printf("null write:\n");
    expected_eip = (uintptr_t)fault_write;
    if ((r = sigsetjmp(recover, 1)) == 0) do_write(null);
    printf("recovered with %d\n", r);

    printf("read at 0x123:\n");
    expected_eip = (uintptr_t)fault_read_far;
    if ((r = sigsetjmp(recover, 1)) == 0) do_read_far(NULL);
    printf("recovered with %d\n", r);

    /* the handler's mask was restored by siglongjmp: a second fault is caught too */
    printf("again:\n");
    expected_eip = (uintptr_t)fault_read;
    if ((r = sigsetjmp(recover, 1)) == 0) do_read(null);
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("recovered with %d, SIGSEGV blocked: %d\n", r, sigismember(&cur, SIGSEGV));
    return 0;
}
