/* SIGSEGV with SEGV_ACCERR: a write to a const object in the read-only data
   segment, and to a page made read-only with mprotect (si_addr as an offset
   from the object / page); a read of a PROT_NONE page. Then mprotect back
   and the write succeeds. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

extern char fault_ro[], fault_page[], fault_none[];
static const int ro_table[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static sigjmp_buf recover;
static uintptr_t expected_eip, base;

static void handler(int sig, siginfo_t* si, void* ctx) {
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    printf("  signal %d si_code %d si_addr - base %ld trapno %d err %#x eip - label %ld\n", sig, si->si_code,
           (long)((uintptr_t)si->si_addr - base), (int)g[REG_TRAPNO], (unsigned)g[REG_ERR],
           (long)((uintptr_t)g[REG_EIP] - expected_eip));
    siglongjmp(recover, 1);
}

__attribute__((noinline, noclone)) static void store(volatile int* p, int v) {
    __asm__ volatile(".globl fault_ro\nfault_ro: movl %1, (%0)" : : "r"(p), "r"(v) : "memory");
}
__attribute__((noinline, noclone)) static void store_byte(volatile char* p) {
    __asm__ volatile(".globl fault_page\nfault_page: movb $7, 100(%0)" : : "r"(p) : "memory");
}
__attribute__((noinline, noclone)) static int load(volatile int* p) {
    int v;
    __asm__ volatile(".globl fault_none\nfault_none: movl 8(%1), %0" : "=r"(v) : "r"(p) : "memory");
    return v;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    printf("write to const table[5]:\n");
    base = (uintptr_t)ro_table;
    expected_eip = (uintptr_t)fault_ro;
    if (sigsetjmp(recover, 1) == 0) store((volatile int*)&ro_table[5], 99);
    printf("  table[5] still %d\n", ro_table[5]);

    long page = 4096;
    char* p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[100] = 1;
    mprotect(p, page, PROT_READ);
    printf("write to mprotect(PROT_READ) page:\n");
    base = (uintptr_t)p;
    expected_eip = (uintptr_t)fault_page;
    if (sigsetjmp(recover, 1) == 0) store_byte(p);
    printf("  byte still %d; second page writable: ", p[100]);
    store_byte(p + page);
    printf("%d\n", p[page + 100]);
    mprotect(p, page, PROT_READ | PROT_WRITE);
    store_byte(p);
    printf("  after mprotect(RW): %d\n", p[100]);

    mprotect(p + page, page, PROT_NONE);
    printf("read of PROT_NONE page:\n");
    base = (uintptr_t)p + page;
    expected_eip = (uintptr_t)fault_none;
    if (sigsetjmp(recover, 1) == 0) printf("read %d\n", load((volatile int*)(p + page)));
    munmap(p, 2 * page);
    printf("read of unmapped page:\n");
    if (sigsetjmp(recover, 1) == 0) printf("read %d\n", load((volatile int*)(p + page)));
    printf("done\n");
    return 0;
}
