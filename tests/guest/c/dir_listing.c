/* Directories: mkdir a tree in the working directory, fill it, list it with
   opendir/readdir/closedir (names sorted, since readdir order is the file
   system's), rewinddir, chdir into it, rmdir errors, then remove it all. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static int list(const char* path) {
    DIR* d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return -1;
    }
    char* names[256];
    int n = 0;
    struct dirent* e;
    while ((e = readdir(d)) && n < 256) {
        names[n++] = strdup(e->d_name);
    }
    rewinddir(d);
    int again = 0;
    while (readdir(d)) ++again;
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp);
    printf("%s (%d entries, %d after rewind):", path, n, again);
    for (int i = 0; i < n; ++i) {
        struct stat st;
        char full[512];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        lstat(full, &st);
        printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : "");
        free(names[i]);
    }
    printf("\n");
    return n;
}

int main(void) {
    if (mkdir("tree", 0755) != 0) {
        perror("mkdir tree");
        return 1;
    }
    int rc = mkdir("tree", 0755);
    printf("mkdir existing: %d %s\n", rc, errno == EEXIST ? "EEXIST" : "?");
    mkdir("tree/sub", 0755);
    mkdir("tree/sub/deeper", 0700);
    mkdir("tree/empty", 0755);
    const char* files[] = {"tree/zeta.txt", "tree/alpha.txt", "tree/Beta", "tree/.hidden", "tree/sub/one",
                           "tree/sub/two", "tree/sub/deeper/three"};
    for (size_t i = 0; i < sizeof files / sizeof *files; ++i) {
        int fd = open(files[i], O_WRONLY | O_CREAT, 0644);
        write(fd, files[i], strlen(files[i]));
        close(fd);
    }
    for (int i = 0; i < 40; ++i) {
        char n[64];
        snprintf(n, sizeof n, "tree/sub/f%02d", i);
        close(open(n, O_WRONLY | O_CREAT, 0644));
    }
    list("tree");
    list("tree/sub");
    list("tree/sub/deeper");
    list("tree/empty");
    list("tree/missing");
    rc = rmdir("tree/sub");
    printf("rmdir non-empty: %d %s\n", rc, errno == ENOTEMPTY || errno == EEXIST ? "ENOTEMPTY" : "?");
    rc = rmdir("tree/alpha.txt");
    printf("rmdir a file: %d %s\n", rc, errno == ENOTDIR ? "ENOTDIR" : "?");
    DIR* notdir = opendir("tree/alpha.txt");
    printf("opendir a file: %s %s\n", notdir ? "opened" : "null", errno == ENOTDIR ? "ENOTDIR" : "?");
    if (chdir("tree/sub") != 0) perror("chdir");
    list(".");
    struct stat st;
    rc = stat("../zeta.txt", &st);
    printf("stat ../zeta.txt: %d size %lld\n", rc, (long long)st.st_size);
    chdir("../..");
    /* clean up */
    for (size_t i = 0; i < sizeof files / sizeof *files; ++i) unlink(files[i]);
    for (int i = 0; i < 40; ++i) {
        char n[64];
        snprintf(n, sizeof n, "tree/sub/f%02d", i);
        unlink(n);
    }
    int r1 = rmdir("tree/sub/deeper");
    int r2 = rmdir("tree/sub");
    int r3 = rmdir("tree/empty");
    int r4 = rmdir("tree");
    printf("rmdir: %d %d %d %d\n", r1, r2, r3, r4);
    printf("gone: %d\n", access("tree", F_OK) != 0);
    return 0;
}
