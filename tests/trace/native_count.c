/* native_count PROGRAM [ARGS...]: runs a static i386 program natively under
 * ptrace, single-stepping, and prints the number of user-mode instructions
 * it executed (the reference for Codemorph's guest instruction count).
 * A rep-prefixed string instruction traps once per iteration, so programs
 * compared with it avoid rep. The final exit system call does not trap
 * after it; it is counted too. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: native_count PROGRAM [ARGS...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) return perror("fork"), 2;
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execv(argv[1], argv + 1);
        perror("execv");
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFSTOPPED(st)) return fprintf(stderr, "no exec stop\n"), 2;
    unsigned long long n = 0;
    for (;;) {
        if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0) < 0) return perror("ptrace"), 2;
        if (waitpid(pid, &st, 0) < 0) return perror("waitpid"), 2;
        ++n;
        if (WIFEXITED(st) || WIFSIGNALED(st)) break;
        if (WIFSTOPPED(st) && WSTOPSIG(st) != SIGTRAP) {
            fprintf(stderr, "stopped by signal %d\n", WSTOPSIG(st));
            return 2;
        }
    }
    printf("%llu\n", n);
    return 0;
}
