/* SIGPIPE: writing to a pipe whose reader is gone, and sending on a stream
   socket whose peer is gone (send, sendto, sendmsg), returns EPIPE and
   raises SIGPIPE, except for sends with MSG_NOSIGNAL. With the default
   action the last write kills the process (exit status 141 as the shell
   shows it). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static volatile sig_atomic_t pipes;

static void on_pipe(int sig) {
    if (sig == SIGPIPE) pipes++;
}

static void report(const char* what, long r) {
    printf("%-22s -> %ld (%s), SIGPIPE seen %d\n", what, r, r < 0 ? strerror(errno) : "ok", (int)pipes);
}

static void dead_socket(int sv[2]) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        perror("socketpair");
        _exit(3);
    }
    close(sv[1]);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_pipe;
    sigaction(SIGPIPE, &sa, NULL);

    int fd[2];
    if (pipe(fd) != 0) return 2;
    close(fd[0]);
    report("write to pipe", (long)write(fd[1], "x", 1));
    struct iovec iov = {"yz", 2};
    report("writev to pipe", (long)writev(fd[1], &iov, 1));

    int sv[2];
    dead_socket(sv);
    report("send", (long)send(sv[0], "a", 1, 0));
    report("send MSG_NOSIGNAL", (long)send(sv[0], "a", 1, MSG_NOSIGNAL));
    report("sendto", (long)sendto(sv[0], "b", 1, 0, NULL, 0));
    report("sendto MSG_NOSIGNAL", (long)sendto(sv[0], "b", 1, MSG_NOSIGNAL, NULL, 0));
    struct msghdr m;
    memset(&m, 0, sizeof m);
    struct iovec one = {"c", 1};
    m.msg_iov = &one;
    m.msg_iovlen = 1;
    report("sendmsg", (long)sendmsg(sv[0], &m, 0));
    report("sendmsg MSG_NOSIGNAL", (long)sendmsg(sv[0], &m, MSG_NOSIGNAL));
    close(sv[0]);

    /* Ignored: EPIPE only. */
    signal(SIGPIPE, SIG_IGN);
    dead_socket(sv);
    report("send, SIGPIPE ignored", (long)send(sv[0], "d", 1, 0));

    /* Default action: the process dies of SIGPIPE. */
    fflush(stdout);
    signal(SIGPIPE, SIG_DFL);
    send(sv[0], "e", 1, 0);
    printf("not reached\n");
    return 1;
}
