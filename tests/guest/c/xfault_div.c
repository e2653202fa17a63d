/* A divide error inside a hot loop (translated code): the loop divides by
   the elements of a table, one of which is zero; the SIGFPE handler prints
   the faulting instruction's offset from the loop start and the registers
   as they were just before it (precise state: the earlier iterations
   retired, nothing of the faulting one), then resumes after the loop with
   siglongjmp. Done several times, with the zero at different positions,
   so the fault hits code that has already run hot and been translated. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char div_loop[], div_insn[];
static sigjmp_buf env;
int divisors[1024];
volatile uint32_t acc_out;

static void handler(int sig, siginfo_t* si, void* ctx) {
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    printf("signal %d code %d at loop+%ld (div at loop+%ld)\n", sig, si->si_code,
           (long)((uintptr_t)g[REG_EIP] - (uintptr_t)div_loop),
           (long)((uintptr_t)div_insn - (uintptr_t)div_loop));
    printf("  eax %08x ebx %08x ecx %08x edx %08x esi-table %ld edi %08x flags&0x8d5 %03x\n",
           (unsigned)g[REG_EAX], (unsigned)g[REG_EBX], (unsigned)g[REG_ECX], (unsigned)g[REG_EDX],
           (long)((uintptr_t)g[REG_ESI] - (uintptr_t)divisors), (unsigned)g[REG_EDI],
           (unsigned)g[REG_EFL] & 0x8d5);
    siglongjmp(env, 1);
}

/* EDI accumulates dividend / divisor over n table entries from ESI. */
__attribute__((noinline)) static uint32_t run(int n) {
    uint32_t acc;
    __asm__ volatile("xor %%edi, %%edi\n\t"
                     "mov $1000000, %%ebx\n\t"
                     ".globl div_loop\ndiv_loop:\n\t"
                     "mov (%%esi), %%ecx\n\t"
                     "add $4, %%esi\n\t"
                     "mov %%ebx, %%eax\n\t"
                     "xor %%edx, %%edx\n\t"
                     ".globl div_insn\ndiv_insn:\n\t"
                     "div %%ecx\n\t"
                     "add %%eax, %%edi\n\t"
                     "add $7, %%ebx\n\t"
                     "decl %1\n\t"
                     "jnz div_loop\n\t"
                     "mov %%edi, %0\n\t"
                     : "=m"(acc), "+m"(n)
                     : "S"(divisors)
                     : "eax", "ebx", "ecx", "edx", "edi", "memory", "cc");
    return acc;
}

static unsigned k; /* survives siglongjmp */

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    for (int i = 0; i < 1024; i++) divisors[i] = i % 13 + 1;
    for (int round = 0; round < 5; round++) printf("clean run %d: %08x\n", round, run(1000));
    static const int zero_at[] = {700, 3, 1000, 999, 0, 512};
    for (k = 0; k < sizeof zero_at / sizeof zero_at[0]; k++) {
        int z = zero_at[k];
        divisors[z] = 0;
        if (sigsetjmp(env, 1) == 0) printf("zero at %d: no fault, %08x\n", z, run(1001));
        else printf("zero at %d: resumed\n", z);
        divisors[z] = z % 13 + 1;
        printf("after: %08x\n", run(1000));
    }
    return 0;
}
