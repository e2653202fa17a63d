/* Single-stepping (EFLAGS.TF) over a system call: the call completes, and no
 * trap follows `int $0x80` itself (a software interrupt clears TF; its
 * return restores it), so the next trap comes after the following nop.
 * Regression: the interpreter once trapped before executing the call. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

extern char step_start[], after_nop[], after_syscall[], after_nop2[];
static volatile int traps;
static volatile unsigned long trap_eip[8];

static void on_trap(int sig, siginfo_t* si, void* ctx) {
    ucontext_t* uc = ctx;
    (void)sig;
    (void)si;
    if (traps < 8) trap_eip[traps] = uc->uc_mcontext.gregs[REG_EIP];
    traps++;
    if ((char*)uc->uc_mcontext.gregs[REG_EIP] != after_nop)
        uc->uc_mcontext.gregs[REG_EFL] &= ~0x100; /* stop stepping */
}

static const char* where(unsigned long eip) {
    if ((char*)eip == after_nop) return "after_nop";
    if ((char*)eip == after_syscall) return "after_syscall";
    if ((char*)eip == after_nop2) return "after_nop2";
    return "elsewhere";
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, 0);

    static const char msg[] = "written under single-step\n";
    int ret;
    __asm__ volatile(
        "pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n"
        ".globl step_start\nstep_start:\n\t"
        "nop\n"
        ".globl after_nop\nafter_nop:\n\t"
        "int $0x80\n"
        ".globl after_syscall\nafter_syscall:\n\t"
        "nop\n"
        ".globl after_nop2\nafter_nop2:\n\t"
        "nop\n"
        : "=a"(ret)
        : "a"(4), "b"(1), "c"(msg), "d"(sizeof msg - 1)
        : "memory", "cc");
    printf("write returned %d\n", ret);
    printf("traps: %d\n", traps);
    for (int i = 0; i < traps && i < 8; ++i) printf("  trap %d at %s\n", i, where(trap_eip[i]));
    return 0;
}
