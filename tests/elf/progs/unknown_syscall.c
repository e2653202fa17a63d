/* No libc: system call 999 (no such call on i386 Linux) returns -ENOSYS
   (-38) and the program carries on; it exits 0 if it saw -ENOSYS, else 1. */
__asm__(".globl _start\n"
        "_start:\n"
        "    movl $999, %eax\n"
        "    int $0x80\n"
        "    cmpl $-38, %eax\n"
        "    jne 1f\n"
        "    movl $1, %eax\n"
        "    xorl %ebx, %ebx\n"
        "    int $0x80\n"
        "1:  movl $1, %eax\n"
        "    movl $1, %ebx\n"
        "    int $0x80\n");
