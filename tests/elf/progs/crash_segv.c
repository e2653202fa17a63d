/* No libc: a read from address 0 with no handler. Linux kills the process
   with SIGSEGV (status 139). */
__asm__(".globl _start\n"
        "_start:\n"
        "    xorl %eax, %eax\n"
        "    movl (%eax), %ebx\n"
        "    movl $1, %eax\n"
        "    int $0x80\n");
