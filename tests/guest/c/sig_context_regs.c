/* The ucontext a handler sees holds the interrupted registers, and changes a
   handler makes to them are what the program continues with after
   sigreturn: all eight GPRs and the arithmetic flags, set to known values
   before a ud2. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char ctx_fault[];
uint32_t regs_out[8];
uint32_t esp_before, flags_out;

static void handler(int sig, siginfo_t* si, void* ctx) {
    (void)si;
    greg_t* g = ((ucontext_t*)ctx)->uc_mcontext.gregs;
    printf("signal %d at label+%ld\n", sig, (long)((uintptr_t)g[REG_EIP] - (uintptr_t)ctx_fault));
    printf("eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x\n", (unsigned)g[REG_EAX],
           (unsigned)g[REG_EBX], (unsigned)g[REG_ECX], (unsigned)g[REG_EDX], (unsigned)g[REG_ESI],
           (unsigned)g[REG_EDI], (unsigned)g[REG_EBP]);
    printf("esp matches %d, uesp matches %d\n", (uint32_t)g[REG_ESP] == esp_before, (uint32_t)g[REG_UESP] == esp_before);
    printf("eflags & (CF PF AF ZF SF IF DF OF) = %#x\n", (unsigned)g[REG_EFL] & 0xed5);
    g[REG_EAX] += 1;
    g[REG_EBX] ^= 0xffffffff;
    g[REG_ECX] = 0xc0ffee;
    g[REG_EDX] = 0;
    g[REG_ESI] = 0x12345678;
    g[REG_EDI] = 0x9abcdef0;
    g[REG_EBP] = 0x0badf00d;
    g[REG_EFL] = (g[REG_EFL] & ~0x8d5) | 0x1 | 0x40; /* CF and ZF set, the rest clear */
    g[REG_EIP] += 2;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    __asm__ volatile("pushl %%ebp\n\t"
                     "movl %%esp, esp_before\n\t"
                     "movl $0x22222222, %%ebx\n\t"
                     "movl $0x33333333, %%ecx\n\t"
                     "movl $0x44444444, %%edx\n\t"
                     "movl $0x55555555, %%esi\n\t"
                     "movl $0x66666666, %%edi\n\t"
                     "movl $0x77777777, %%ebp\n\t"
                     "movl $0x7fffffff, %%eax\n\t"
                     "addl $0x11111112, %%eax\n\t" /* OF SF AF PF known */
                     ".globl ctx_fault\nctx_fault: ud2\n\t"
                     "pushfl\n\t"
                     "popl flags_out\n\t"
                     "movl %%eax, regs_out\n\t"
                     "movl %%ebx, regs_out+4\n\t"
                     "movl %%ecx, regs_out+8\n\t"
                     "movl %%edx, regs_out+12\n\t"
                     "movl %%esi, regs_out+16\n\t"
                     "movl %%edi, regs_out+20\n\t"
                     "movl %%ebp, regs_out+24\n\t"
                     "popl %%ebp\n\t"
                     :
                     :
                     : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
    printf("after sigreturn: eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x\n", regs_out[0],
           regs_out[1], regs_out[2], regs_out[3], regs_out[4], regs_out[5], regs_out[6]);
    printf("flags after sigreturn & 0x8d5 = %#x\n", flags_out & 0x8d5);
    return 0;
}
