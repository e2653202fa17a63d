/* A segmentation fault inside a hot loop (translated code): a loop sums
   values through a table of pointers, one of which points to an unmapped
   page (or to a read-only page, for the store variant). The SIGSEGV
   handler prints the faulting instruction's offset from the loop start,
   the fault address and the registers (precise: the state just before the
   faulting instruction), then resumes with siglongjmp. The bad pointer
   moves, so the fault hits code that has already been translated. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

extern char ld_loop[], st_loop[];
static sigjmp_buf env;
static int* ptrs[512];
static int values[512];
static char* hole; /* an unmapped page */
static int* ro;    /* a read-only page */

static void handler(int sig, siginfo_t* si, void* ctx) {
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    uintptr_t eip = (uintptr_t)g[REG_EIP];
    long off_ld = (long)(eip - (uintptr_t)ld_loop), off_st = (long)(eip - (uintptr_t)st_loop);
    printf("signal %d at %s+%ld, addr %s+%ld, err&2 %d\n", sig, off_st >= 0 && off_st < 64 ? "st_loop" : "ld_loop",
           off_st >= 0 && off_st < 64 ? off_st : off_ld,
           (char*)si->si_addr >= (char*)ro && (char*)si->si_addr < (char*)ro + 4096 ? "ro" : "hole",
           (long)((char*)si->si_addr - ((char*)si->si_addr >= (char*)ro && (char*)si->si_addr < (char*)ro + 4096 ? (char*)ro : hole)),
           (int)(g[REG_ERR] & 2));
    printf("  eax %08x ecx %08x edx-addr %ld esi-ptrs %ld edi %08x flags&0x8d5 %03x\n",
           (unsigned)g[REG_EAX], (unsigned)g[REG_ECX], (long)((char*)g[REG_EDX] - (char*)si->si_addr),
           (long)((uintptr_t)g[REG_ESI] - (uintptr_t)ptrs), (unsigned)g[REG_EDI],
           (unsigned)g[REG_EFL] & 0x8d5);
    siglongjmp(env, 1);
}

__attribute__((noinline)) static uint32_t sum_loads(int n) {
    uint32_t acc;
    __asm__ volatile("xor %%edi, %%edi\n\t"
                     "xor %%eax, %%eax\n\t"
                     ".globl ld_loop\nld_loop:\n\t"
                     "mov (%%esi), %%edx\n\t"
                     "add $4, %%esi\n\t"
                     "add (%%edx), %%edi\n\t"
                     "inc %%eax\n\t"
                     "dec %1\n\t"
                     "jnz ld_loop\n\t"
                     "mov %%edi, %0\n\t"
                     : "=m"(acc), "+c"(n)
                     : "S"(ptrs)
                     : "eax", "edx", "edi", "memory", "cc");
    return acc;
}

__attribute__((noinline)) static uint32_t bump_stores(int n) {
    uint32_t acc;
    __asm__ volatile("xor %%edi, %%edi\n\t"
                     ".globl st_loop\nst_loop:\n\t"
                     "mov (%%esi), %%edx\n\t"
                     "mov (%%edx), %%eax\n\t"
                     "add $4, %%esi\n\t"
                     "add %%eax, %%edi\n\t"
                     "inc %%eax\n\t"
                     "mov %%eax, (%%edx)\n\t"
                     "dec %1\n\t"
                     "jnz st_loop\n\t"
                     "mov %%edi, %0\n\t"
                     : "=m"(acc), "+c"(n)
                     : "S"(ptrs)
                     : "eax", "edx", "edi", "memory", "cc");
    return acc;
}

static unsigned k; /* survives siglongjmp */

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, 4096);
    ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 1024; i++) ro[i] = i;
    mprotect(ro, 4096, PROT_READ);
    for (int i = 0; i < 512; i++) {
        values[i] = i * 3;
        ptrs[i] = &values[(i * 7) & 511];
    }
    for (int round = 0; round < 4; round++) printf("loads %d: %08x\n", round, sum_loads(500));
    static const int bad_at[] = {400, 2, 499, 0, 250};
    for (k = 0; k < 5; k++) {
        int b = bad_at[k];
        int* keep = ptrs[b];
        ptrs[b] = (int*)(hole + 8 * k);
        if (sigsetjmp(env, 1) == 0) printf("bad %d: no fault %08x\n", b, sum_loads(500));
        else printf("bad %d: resumed\n", b);
        ptrs[b] = keep;
    }
    for (int round = 0; round < 4; round++) printf("stores %d: %08x\n", round, bump_stores(500));
    for (k = 0; k < 5; k++) {
        int b = bad_at[k];
        int* keep = ptrs[b];
        ptrs[b] = ro + k;
        if (sigsetjmp(env, 1) == 0) printf("ro %d: no fault %08x\n", b, bump_stores(500));
        else printf("ro %d: resumed\n", b);
        ptrs[b] = keep;
        printf("values hash after: ");
        uint32_t h = 0;
        for (int i = 0; i < 512; i++) h = h * 31 + (uint32_t)values[i];
        printf("%08x\n", h);
    }
    return 0;
}
