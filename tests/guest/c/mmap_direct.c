/* Memory mapping as programs do it directly: anonymous mmap of many sizes,
   munmap of part of a mapping, mprotect, mremap growth, a file mapped
   shared and private, MAP_FIXED over an existing mapping, brk/sbrk. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    printf("page size %ld\n", page);
    for (size_t n = 1; n <= (64u << 20); n *= 8) {
        unsigned char* p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            printf("mmap %zu failed\n", n);
            continue;
        }
        int zero = 1;
        for (size_t i = 0; i < n; i += 4096) zero &= p[i] == 0;
        for (size_t i = 0; i < n; i += 4096) p[i] = (unsigned char)i;
        printf("mmap %zu: aligned %d zeroed %d last %u\n", n, ((uintptr_t)p & (uintptr_t)(page - 1)) == 0, zero,
               p[(n - 1) / 4096 * 4096]);
        munmap(p, n);
    }
    unsigned char* p = mmap(NULL, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x11, 8 * page);
    printf("munmap middle: %d\n", munmap(p + 2 * page, 2 * page));
    printf("mprotect read-only: %d\n", mprotect(p, page, PROT_READ));
    printf("still readable: %u %u\n", p[0], p[7 * page]);
    unsigned char* q = mremap(p + 4 * page, 4 * page, 64 * page, MREMAP_MAYMOVE);
    printf("mremap: %s, kept data %u, new tail zero %u\n", q == MAP_FAILED ? "failed" : "ok", q[0], q[63 * page]);
    munmap(q, 64 * page);
    munmap(p, 2 * page);
    unsigned char* fx = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fx[page] = 9;
    unsigned char* fx2 = mmap(fx + page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED: same address %d, replaced content %u\n", fx2 == fx + page, fx[page]);
    munmap(fx, 4 * page);

    int fd = open("mapped.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, 3 * page);
    char* shared = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(shared + page, "written through a shared mapping");
    msync(shared, 3 * page, MS_SYNC);
    char buf[64] = "";
    pread(fd, buf, 40, page);
    printf("shared: %s\n", buf);
    char* priv = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    strcpy(priv + page, "private copy");
    pread(fd, buf, 40, page);
    printf("private: mapping says [%s], file still [%s]\n", priv + page, buf);
    pwrite(fd, "WRITTEN", 7, 0);
    printf("file write seen through shared mapping: %.7s\n", shared);
    munmap(shared, 3 * page);
    munmap(priv, 3 * page);
    close(fd);
    unlink("mapped.tmp");
    void* bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap of 0 bytes fails: %d\n", bad == MAP_FAILED);
    void* huge = mmap(NULL, 0xf0000000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap of 3.75 GiB fails: %d\n", huge == MAP_FAILED);

    char* b0 = sbrk(0);
    char* b1 = sbrk(100000);
    printf("sbrk: returned old break %d\n", b1 == b0);
    memset(b1, 1, 100000);
    char* b2 = sbrk(0);
    printf("sbrk: grew by %ld\n", (long)(b2 - b0));
    sbrk(-50000);
    printf("sbrk: shrank to %ld\n", (long)((char*)sbrk(0) - b0));
    return 0;
}
