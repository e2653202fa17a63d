/* No libc: ud2 with no handler. Linux kills the process with SIGILL
   (status 132). */
__asm__(".globl _start\n"
        "_start:\n"
        "    ud2\n"
        "    movl $1, %eax\n"
        "    xorl %ebx, %ebx\n"
        "    int $0x80\n");
