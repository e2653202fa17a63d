/* POSIX file I/O: open read write lseek close pread pwrite dup dup2 ftruncate
   stat fstat lstat access rename unlink, O_APPEND O_EXCL O_TRUNC, symlink
   readlink, fcntl flags, pipe. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show_stat(const char* what, const struct stat* st) {
    printf("%s: size %lld mode %o reg %d dir %d lnk %d nlink %lu\n", what, (long long)st->st_size,
           (unsigned)(st->st_mode & 07777), S_ISREG(st->st_mode) != 0, S_ISDIR(st->st_mode) != 0,
           S_ISLNK(st->st_mode) != 0, (unsigned long)st->st_nlink);
}

int main(void) {
    const char* name = "posix_test.tmp";
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0640);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    char buf[256];
    for (int i = 0; i < 100; ++i) {
        int n = snprintf(buf, sizeof buf, "record %03d\n", i);
        if (write(fd, buf, (size_t)n) != n) perror("write");
    }
    printf("lseek cur %ld end %ld\n", (long)lseek(fd, 0, SEEK_CUR), (long)lseek(fd, 0, SEEK_END));
    printf("lseek set %ld\n", (long)lseek(fd, 11 * 42, SEEK_SET));
    ssize_t r = read(fd, buf, 11);
    printf("read %zd: %.10s\n", r, buf);
    r = pread(fd, buf, 11, 11 * 7);
    printf("pread %zd: %.10s, offset still %ld\n", r, buf, (long)lseek(fd, 0, SEEK_CUR));
    pwrite(fd, "RECORD", 6, 0);
    lseek(fd, 0, SEEK_SET);
    r = read(fd, buf, 22);
    printf("after pwrite: %.21s\n", buf);
    struct stat st;
    fstat(fd, &st);
    show_stat("fstat", &st);
    ftruncate(fd, 55);
    fstat(fd, &st);
    show_stat("after ftruncate", &st);
    lseek(fd, 100, SEEK_SET);
    write(fd, "X", 1);
    fstat(fd, &st);
    show_stat("after write past end", &st);
    lseek(fd, 55, SEEK_SET);
    r = read(fd, buf, 50);
    int zeros = 0;
    for (int i = 0; i < r; ++i) zeros += buf[i] == 0;
    printf("hole: read %zd, %d zero bytes, last '%c'\n", r, zeros, buf[r - 1]);
    r = read(fd, buf, 10);
    printf("read at eof: %zd\n", r);

    int fd2 = dup(fd);
    lseek(fd2, 0, SEEK_SET);
    printf("dup shares offset: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    int fd3 = dup2(fd, 20);
    printf("dup2 -> %d\n", fd3);
    close(fd2);
    close(fd3);
    printf("fcntl getfl accmode rdwr: %d, cloexec %d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR,
           fcntl(fd, F_GETFD) & FD_CLOEXEC);
    close(fd);
    r = read(fd, buf, 1);
    printf("read on closed fd: %zd errno %s\n", r, errno == EBADF ? "EBADF" : strerror(errno));

    fd = open(name, O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, "END\n", 4);
    close(fd);
    stat(name, &st);
    show_stat("stat after append", &st);
    fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0600);
    printf("O_EXCL on existing: %d %s\n", fd, errno == EEXIST ? "EEXIST" : "?");
    fd = open(name, O_RDONLY);
    r = write(fd, "x", 1);
    printf("write to O_RDONLY: %zd %s\n", r, errno == EBADF ? "EBADF" : "?");
    close(fd);

    if (symlink(name, "link.tmp") == 0) {
        lstat("link.tmp", &st);
        printf("lstat link: lnk %d\n", S_ISLNK(st.st_mode) != 0);
        stat("link.tmp", &st);
        printf("stat via link: size %lld\n", (long long)st.st_size);
        ssize_t n = readlink("link.tmp", buf, sizeof buf - 1);
        buf[n < 0 ? 0 : n] = 0;
        printf("readlink: %s\n", buf);
        unlink("link.tmp");
    }
    chmod(name, 0400);
    stat(name, &st);
    show_stat("after chmod", &st);
    printf("access R %d X %d\n", access(name, R_OK), access(name, X_OK));
    rename(name, "moved.tmp");
    int rc = stat(name, &st);
    printf("stat old: %d %s\n", rc, errno == ENOENT ? "ENOENT" : "?");
    printf("unlink: %d\n", unlink("moved.tmp"));

    int p[2];
    if (pipe(p) == 0) {
        write(p[1], "through the pipe", 16);
        close(p[1]);
        r = read(p[0], buf, sizeof buf);
        printf("pipe: %zd [%.*s]\n", r, (int)r, buf);
        r = read(p[0], buf, sizeof buf);
        printf("pipe eof: %zd\n", r);
        close(p[0]);
    }
    char cwd[4096];
    printf("getcwd works: %d\n", getcwd(cwd, sizeof cwd) != NULL && cwd[0] == '/');
    return 0;
}
