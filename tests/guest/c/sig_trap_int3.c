/* SIGTRAP from int3: the trap is reported after the instruction (EIP is the
   label after int3), si_code SI_KERNEL, trap number 3; execution continues
   from the handler's return. int3 repeated in a loop; also SIGTRAP from
   the two-byte form int $3 (CD 03). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char after_int3[], after_int_3[];
static uintptr_t expected;
static int count;

static void handler(int sig, siginfo_t* si, void* ctx) {
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    if (count++ < 2)
        printf("  signal %d (%s) si_code %#x trapno %d err %d eip - label %ld\n", sig, strsignal(sig), si->si_code,
               (int)g[REG_TRAPNO], (int)g[REG_ERR], (long)((uintptr_t)g[REG_EIP] - expected));
}

__attribute__((noinline, noclone)) static void breakpoint(void) {
    __asm__ volatile("int3\n.globl after_int3\nafter_int3:" ::: "memory");
}
__attribute__((noinline, noclone)) static void breakpoint2(void) {
    __asm__ volatile(".byte 0xcd, 0x03\n.globl after_int_3\nafter_int_3:" ::: "memory");
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    expected = (uintptr_t)after_int3;
    printf("int3:\n");
    breakpoint();
    breakpoint();
    for (int i = 0; i < 100; ++i) breakpoint();
    printf("handler ran %d times\n", count);
    count = 0;
    expected = (uintptr_t)after_int_3;
    printf("int $3:\n");
    breakpoint2();
    printf("handler ran %d times\n", count);
    return 0;
}
