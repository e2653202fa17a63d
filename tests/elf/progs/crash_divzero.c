/* No libc: an unsigned divide by zero with no handler. Linux kills the
   process with SIGFPE (status 136). */
__asm__(".globl _start\n"
        "_start:\n"
        "    movl $100, %eax\n"
        "    xorl %edx, %edx\n"
        "    xorl %ecx, %ecx\n"
        "    divl %ecx\n"
        "    movl $1, %eax\n"
        "    xorl %ebx, %ebx\n"
        "    int $0x80\n");
