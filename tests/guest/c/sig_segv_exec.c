/* SIGSEGV when jumping into memory that is not executable: a page mapped
   without PROT_EXEC, and the program's own writable data. The handler
   reports EIP and si_addr relative to the target and recovers through
   siglongjmp. Then the page is made executable and the code runs. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf recover;
static uintptr_t target;
static unsigned char data_code[16] = {0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3}; /* mov eax, 42; ret */

static void handler(int sig, siginfo_t* si, void* ctx) {
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    printf("  signal %d si_code %d si_addr - target %ld eip - target %ld trapno %d err %#x\n", sig, si->si_code,
           (long)((uintptr_t)si->si_addr - target), (long)((uintptr_t)g[REG_EIP] - target), (int)g[REG_TRAPNO],
           (unsigned)g[REG_ERR]);
    siglongjmp(recover, 1);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    unsigned char* page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(page + 64, data_code, 6);
    int (*fn)(void) = (int (*)(void))(page + 64);
    printf("call into a RW page:\n");
    target = (uintptr_t)fn;
    if (sigsetjmp(recover, 1) == 0) printf("  returned %d (not expected)\n", fn());
    mprotect(page, 4096, PROT_READ | PROT_EXEC);
    printf("after mprotect(RX): returned %d\n", fn());
    printf("call into .data:\n");
    fn = (int (*)(void))data_code;
    target = (uintptr_t)fn;
    if (sigsetjmp(recover, 1) == 0) printf("  returned %d (not expected)\n", fn());
    printf("done\n");
    return 0;
}
