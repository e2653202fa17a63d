/* errno as programs see it: failing calls set the right errno, perror and
   strerror print the right messages (perror to stderr), errno survives
   successful calls, strerror of several codes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char* what, int rc) {
    int e = errno;
    printf("%s: rc %d errno %d (%s)\n", what, rc, e, strerror(e));
}

int main(void) {
    errno = 0;
    int fd = open("no/such/file", O_RDONLY);
    report("open missing", fd);
    perror("open no/such/file");
    fd = open("missing.txt", O_RDONLY);
    report("open missing in cwd", fd);
    FILE* f = fopen("missing.txt", "r");
    printf("fopen missing: %s errno %d\n", f ? "opened" : "null", errno);
    perror("fopen");
    report("close bad fd", close(9999));
    report("read bad fd", (int)read(-1, NULL, 0));
    mkdir("adir", 0755);
    report("open dir for write", open("adir", O_WRONLY));
    report("mkdir existing", mkdir("adir", 0755));
    report("rmdir missing", rmdir("nodir"));
    close(open("afile", O_CREAT | O_WRONLY, 0644));
    report("open file as dir", open("afile/x", O_RDONLY));
    report("unlink dir", unlink("adir"));
    report("chdir to file", chdir("afile"));
    report("lseek on pipe-less bad whence", (int)lseek(0, 0, 12345));
    struct stat st;
    report("stat empty path", stat("", &st));
    char name[300];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = 0;
    report("open long name", open(name, O_RDONLY));
    unlink("afile");
    rmdir("adir");
    errno = 0;
    report("successful getpid keeps errno 0", getpid() > 0 ? 0 : -1);
    errno = EINTR;
    (void)strlen("x");
    printf("errno preserved across a libc call: %d\n", errno == EINTR);
    for (int e = 0; e <= 40; e += 1)
        if (e % 5 == 0 || e == ENOENT || e == EACCES || e == ENOMEM) printf("strerror(%d) = %s\n", e, strerror(e));
    printf("strerror(12345) = %s\n", strerror(12345));
    char buf[64];
    strerror_r(ERANGE, buf, sizeof buf);
    printf("strerror_r: %s\n", buf);
    errno = 0;
    strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow errno ERANGE: %d\n", errno == ERANGE);
    errno = ENOSPC;
    perror(NULL);
    errno = 0;
    perror("no error");
    return 0;
}
