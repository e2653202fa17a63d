/* SIGFPE from integer divide errors: divide by zero (div and idiv) and
   INT_MIN / -1 overflow. The handler reports si_code, si_addr and EIP
   relative to a label on the faulting instruction and the trap number, then
   recovers by stepping EIP over the 2-byte instruction and setting EAX/EDX
   in the ucontext, which sigreturn must restore. */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char fault_div[], fault_idiv[];
static uintptr_t expected;
static int hits;

static void handler(int sig, siginfo_t* si, void* ctx) {
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    ++hits;
    printf("  signal %d (%s) si_code %d%s si_addr - label %ld eip - label %ld trapno %d err %d\n", sig, strsignal(sig),
           si->si_code, si->si_code == FPE_INTDIV ? " (FPE_INTDIV)" : "", (long)((uintptr_t)si->si_addr - expected),
           (long)((uintptr_t)g[REG_EIP] - expected), (int)g[REG_TRAPNO], (int)g[REG_ERR]);
    g[REG_EIP] += 2;
    g[REG_EAX] = 0x1234;
    g[REG_EDX] = 0x5678;
}

__attribute__((noinline, noclone)) static unsigned udiv(unsigned hi, unsigned lo, unsigned d, unsigned* rem) {
    unsigned q, r;
    __asm__ volatile(".globl fault_div\nfault_div: divl %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(d));
    *rem = r;
    return q;
}
__attribute__((noinline, noclone)) static int sdiv(int a, int d, int* rem) {
    int q, r;
    __asm__ volatile("cltd\n.globl fault_idiv\nfault_idiv: idivl %3" : "=a"(q), "=&d"(r) : "a"(a), "r"(d));
    *rem = r;
    return q;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    unsigned ur;
    int sr;
    printf("100 / 7: %u rem ", udiv(0, 100, 7, &ur));
    printf("%u\n", ur);
    expected = (uintptr_t)fault_div;
    printf("div by zero:\n");
    unsigned q = udiv(0, 100, 0, &ur);
    printf("  resumed: q %#x r %#x\n", q, ur);
    printf("div overflow (quotient > 32 bits):\n");
    q = udiv(5, 0, 2, &ur);
    printf("  resumed: q %#x r %#x\n", q, ur);
    expected = (uintptr_t)fault_idiv;
    printf("idiv by zero:\n");
    int s = sdiv(-100, 0, &sr);
    printf("  resumed: q %#x r %#x\n", s, sr);
    printf("INT_MIN / -1:\n");
    s = sdiv(INT_MIN, -1, &sr);
    printf("  resumed: q %#x r %#x\n", s, sr);
    printf("-100 / 7 = %d rem ", sdiv(-100, 7, &sr));
    printf("%d\n", sr);
    printf("handler ran %d times\n", hits);
    return 0;
}
