/* No libc: a write into the program's own read-only code with no handler:
   SIGSEGV (status 139). */
__asm__(".globl _start\n"
        "_start:\n"
        "    movl $_start, %eax\n"
        "    movb $0x90, (%eax)\n"
        "    movl $1, %eax\n"
        "    xorl %ebx, %ebx\n"
        "    int $0x80\n");
