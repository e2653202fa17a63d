// File calls: descriptors, reading and writing, paths, directories, stat,
// fcntl, ioctl, poll/select. Host calls do the work; this file translates
// guest descriptors to host ones and i386 structures to host ones.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "fd_helpers.hpp"
#include "fw/files.hpp"
#include "fw/process.hpp"
#include "fw/syscalls.hpp"
#include "fw/vm.hpp"
#include "guest_io.hpp"

namespace cm::fw {

using x86::GuestMemory;

uint64_t nofile_limit(const Process& p) {
    return std::min<uint64_t>(p.rlimits[RLIMIT_NOFILE].cur, INT_MAX);
}

/// Gives a new host descriptor a guest number (lowest free >= from). Host
/// descriptors stay above 2 so that the simulator's own stdio is never
/// reused by a guest file. Closes `h` on failure.
int32_t adopt_fd(Process& p, int h, int from, bool largefile) {
    if (h < 3) {
        int moved = ::fcntl(h, F_DUPFD_CLOEXEC, 3);
        int e = errno;
        ::close(h);
        if (moved < 0) return -e;
        h = moved;
    }
    int g = p.fds->lowest_free(from, nofile_limit(p));
    if (g < 0) {
        ::close(h);
        return -EMFILE;
    }
    GuestFd gf;
    gf.host = h;
    gf.largefile = largefile;
    struct stat st;
    if (::fstat(h, &st) == 0 && S_ISDIR(st.st_mode)) gf.dir = std::make_shared<DirOffsets>();
    p.fds->fds[g] = gf;
    return g;
}

/// Number of bytes from `addr` that are accessible with `perm`, up to len.
uint32_t accessible(const GuestMemory& mem, uint32_t addr, uint32_t len, uint8_t perm) {
    if (len == 0) return 0;
    uint64_t end = std::min<uint64_t>(uint64_t(addr) + len, 1ull << 32);
    uint64_t a = addr;
    while (a < end) {
        if (!mem.check(uint32_t(a), 1, perm)) break;
        a = (a | (GuestMemory::kPageSize - 1)) + 1;
    }
    return uint32_t(std::min<uint64_t>(a, end) - addr);
}

bool touches_code(const GuestMemory& mem, uint32_t addr, uint32_t len) {
    if (len == 0) return false;
    for (uint64_t pg = addr >> 12; pg <= ((uint64_t(addr) + len - 1) >> 12); ++pg)
        if (mem.page_flags(uint32_t(pg << 12)) & GuestMemory::kCode) return true;
    return false;
}

namespace {

constexpr int kAtFdcwd = -100;
constexpr uint32_t kMaxRw = 0x7ffff000; // MAX_RW_COUNT
constexpr int kOLargefile = 0100000;

int32_t err() {
    return -errno;
}
int32_t ret(long r) {
    return r < 0 ? -errno : int32_t(r);
}

// ---- special paths -------------------------------------------------------

bool is_self_proc(const std::string& path, const char* leaf, std::string* rest = nullptr) {
    std::string self = "/proc/self/", pid = "/proc/" + std::to_string(::getpid()) + "/";
    for (const std::string& pre : {self, pid, std::string("/proc/thread-self/")}) {
        if (path.compare(0, pre.size(), pre) != 0) continue;
        std::string tail = path.substr(pre.size());
        size_t n = std::strlen(leaf);
        if (tail.compare(0, n, leaf) != 0) continue;
        if (rest) {
            *rest = tail.substr(n);
            return true;
        }
        if (tail.size() == n) return true;
    }
    return false;
}

/// The host path for a guest path: /proc/self/exe names the guest program,
/// /proc/self/fd/N and /dev/fd/N name guest descriptors.
std::string host_path(Process& p, const std::string& path) {
    if (is_self_proc(path, "exe")) return p.exe_path;
    std::string rest;
    bool fd = is_self_proc(path, "fd/", &rest);
    if (!fd && path.compare(0, 8, "/dev/fd/") == 0) {
        rest = path.substr(8);
        fd = true;
    }
    if (fd && !rest.empty() && rest.find_first_not_of("0123456789") != std::string::npos) {
        size_t slash = rest.find('/');
        if (slash == std::string::npos ||
            rest.substr(0, slash).find_first_not_of("0123456789") != std::string::npos)
            return path;
    }
    if (fd && !rest.empty()) {
        size_t slash = rest.find('/');
        std::string num = rest.substr(0, slash);
        int h = num.size() < 10 ? p.fds->host(std::atoi(num.c_str())) : -1;
        if (h < 0) return "/proc/self/fd/" + rest; // names nothing, as it would in the guest
        return "/proc/self/fd/" + std::to_string(h) +
               (slash == std::string::npos ? "" : rest.substr(slash));
    }
    return path;
}

/// Reads a path argument and maps it to the host.
int read_host_path(Process& p, uint32_t addr, std::string& out) {
    int r = gio::read_path(p.mem, addr, out);
    if (r == 0) out = host_path(p, out);
    return r;
}

/// The host directory descriptor for a guest dirfd (AT_FDCWD passes; an
/// absolute path needs none). -EBADF if it names nothing.
int host_dirfd(Process& p, int32_t gdirfd, const std::string& path, bool empty_ok = false) {
    if (!path.empty() && path[0] == '/' && !empty_ok) return kAtFdcwd;
    if (gdirfd == kAtFdcwd) return kAtFdcwd;
    int h = p.fds->host(gdirfd);
    return h < 0 ? -EBADF : h;
}

/// A host descriptor holding `text` (for synthesized /proc files).
int memfd_with(const std::string& text) {
    int fd = ::memfd_create("codemorph-proc", MFD_CLOEXEC);
    if (fd < 0) return -errno;
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) break;
        done += size_t(n);
    }
    ::lseek(fd, 0, SEEK_SET);
    return fd;
}

// ---- open, close, dup, pipe ---------------------------------------------

int32_t do_openat(Process& p, int32_t gdirfd, uint32_t path_addr, uint32_t flags, uint32_t mode) {
    std::string path;
    if (int r = gio::read_path(p.mem, path_addr, path)) return r;
    if (p.fds->lowest_free(0, nofile_limit(p)) < 0) return -EMFILE;
    bool largefile = flags & kOLargefile;
    if (is_self_proc(path, "maps")) {
        int h = memfd_with(p.vm->maps_text());
        if (h < 0) return h;
        return adopt_fd(p, h, 0, largefile);
    }
    std::string hp = host_path(p, path);
    int dfd = host_dirfd(p, gdirfd, hp);
    if (dfd == -EBADF) return -EBADF;
    int h = ::openat(dfd, hp.c_str(), int(flags) | O_CLOEXEC, mode_t(mode));
    if (h < 0) return err();
    if (!(flags & O_CLOEXEC)) ::fcntl(h, F_SETFD, 0);
    return adopt_fd(p, h, 0, largefile);
}

int32_t sys_open(Process& p, const SyscallArgs& a) {
    return do_openat(p, kAtFdcwd, a.a[0], a.a[1], a.a[2]);
}
int32_t sys_creat(Process& p, const SyscallArgs& a) {
    return do_openat(p, kAtFdcwd, a.a[0], O_CREAT | O_WRONLY | O_TRUNC, a.a[1]);
}
int32_t sys_openat(Process& p, const SyscallArgs& a) {
    return do_openat(p, int32_t(a.a[0]), a.a[1], a.a[2], a.a[3]);
}

int32_t sys_close(Process& p, const SyscallArgs& a) {
    auto it = p.fds->fds.find(int(a.a[0]));
    if (it == p.fds->fds.end()) return -EBADF;
    int h = it->second.host;
    p.fds->fds.erase(it);
    // Linux always frees the descriptor; an error from close is still reported.
    return ::close(h) < 0 && errno != EINTR ? err() : 0;
}

/// Makes guest `newfd` a duplicate of guest `oldfd`, closing what it was.
int32_t dup_to(Process& p, int oldfd, int newfd, bool cloexec) {
    GuestFd* old = p.fds->get(oldfd);
    if (!old) return -EBADF;
    if (newfd < 0 || uint64_t(newfd) >= nofile_limit(p)) return -EBADF;
    int h = ::fcntl(old->host, cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, 3);
    if (h < 0) return err();
    GuestFd n = *old;
    n.host = h;
    if (GuestFd* prev = p.fds->get(newfd)) ::close(prev->host);
    p.fds->fds[newfd] = n;
    return newfd;
}

int32_t sys_dup(Process& p, const SyscallArgs& a) {
    GuestFd* old = p.fds->get(int(a.a[0]));
    if (!old) return -EBADF;
    int g = p.fds->lowest_free(0, nofile_limit(p));
    if (g < 0) return -EMFILE;
    return dup_to(p, int(a.a[0]), g, false);
}

int32_t sys_dup2(Process& p, const SyscallArgs& a) {
    int oldfd = int(a.a[0]), newfd = int(a.a[1]);
    if (oldfd == newfd) return p.fds->get(oldfd) ? newfd : -EBADF;
    return dup_to(p, oldfd, newfd, false);
}

int32_t sys_dup3(Process& p, const SyscallArgs& a) {
    int oldfd = int(a.a[0]), newfd = int(a.a[1]);
    uint32_t flags = a.a[2];
    if (flags & ~uint32_t(O_CLOEXEC)) return -EINVAL;
    if (oldfd == newfd) return -EINVAL;
    return dup_to(p, oldfd, newfd, flags & O_CLOEXEC);
}

int32_t do_pipe(Process& p, uint32_t addr, uint32_t flags) {
    if (flags & ~uint32_t(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) return -EINVAL;
    int h[2];
    if (::pipe2(h, int(flags)) < 0) return err();
    int32_t g0 = adopt_fd(p, h[0]);
    if (g0 < 0) {
        ::close(h[1]);
        return g0;
    }
    int32_t g1 = adopt_fd(p, h[1]);
    if (g1 < 0) {
        ::close(p.fds->host(g0));
        p.fds->fds.erase(g0);
        return g1;
    }
    int32_t g[2] = {g0, g1};
    if (!gio::put(p.mem, addr, g)) {
        for (int x : g) {
            ::close(p.fds->host(x));
            p.fds->fds.erase(x);
        }
        return -EFAULT;
    }
    return 0;
}

int32_t sys_pipe(Process& p, const SyscallArgs& a) {
    return do_pipe(p, a.a[0], 0);
}
int32_t sys_pipe2(Process& p, const SyscallArgs& a) {
    return do_pipe(p, a.a[0], a.a[1]);
}

// ---- read and write ------------------------------------------------------

int32_t do_read(Process& p, int h, uint32_t buf, uint32_t len, bool positional, int64_t off) {
    len = std::min(len, kMaxRw);
    uint32_t n = accessible(p.mem, buf, len, GuestMemory::W);
    if (n == 0 && len != 0) {
        // The kernel faults only when it copies: at end of file a read
        // returns 0 whatever the buffer. Peek where that can be done.
        uint8_t peek;
        off_t at = positional ? off : ::lseek(h, 0, SEEK_CUR);
        if (at < 0) return -EFAULT;
        ssize_t r = ::pread(h, &peek, 1, at);
        return r == 0 ? 0 : r < 0 && errno != ESPIPE ? err() : -EFAULT;
    }
    ssize_t r;
    if (touches_code(p.mem, buf, n)) {
        // Through a bounce buffer so that code-page writes are seen.
        std::vector<uint8_t> tmp(n);
        r = positional ? ::pread(h, tmp.data(), n, off) : ::read(h, tmp.data(), n);
        if (r > 0) p.mem.write_bytes(buf, tmp.data(), uint64_t(r));
    } else {
        r = positional ? ::pread(h, p.mem.host(buf), n, off) : ::read(h, p.mem.host(buf), n);
    }
    return ret(r);
}

int32_t do_write(Process& p, int h, uint32_t buf, uint32_t len, bool positional, int64_t off) {
    len = std::min(len, kMaxRw);
    uint32_t n = accessible(p.mem, buf, len, GuestMemory::R);
    if (n == 0 && len != 0) return -EFAULT;
    ssize_t r = positional ? ::pwrite(h, p.mem.host(buf), n, off) : ::write(h, p.mem.host(buf), n);
    return ret(r);
}

int32_t sys_read(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return do_read(p, h, a.a[1], a.a[2], false, 0);
}

int32_t sys_write(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return do_write(p, h, a.a[1], a.a[2], false, 0);
}

int64_t off64(uint32_t lo, uint32_t hi) {
    return int64_t((uint64_t(hi) << 32) | lo);
}

int32_t sys_pread64(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    int64_t off = off64(a.a[3], a.a[4]);
    if (off < 0) return -EINVAL;
    return do_read(p, h, a.a[1], a.a[2], true, off);
}

int32_t sys_pwrite64(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    int64_t off = off64(a.a[3], a.a[4]);
    if (off < 0) return -EINVAL;
    return do_write(p, h, a.a[1], a.a[2], true, off);
}

/// An i386 iovec array as host iovecs; stops at the first inaccessible byte
/// (the kernel copies up to a fault and returns the short count).
int32_t host_iovecs(Process& p, uint32_t iov_addr, uint32_t cnt, uint8_t perm,
                    std::vector<iovec>& out, uint64_t& total) {
    if (cnt > 1024) return -EINVAL;
    std::vector<uint32_t> raw(size_t(cnt) * 2);
    if (cnt && !p.mem.read_bytes(iov_addr, raw.data(), raw.size() * 4)) return -EFAULT;
    total = 0;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < cnt; ++i) {
        sum += raw[2 * i + 1];
        if (int32_t(raw[2 * i + 1]) < 0 || sum > INT32_MAX) return -EINVAL;
    }
    for (uint32_t i = 0; i < cnt; ++i) {
        uint32_t base = raw[2 * i], len = raw[2 * i + 1];
        if (len == 0) continue;
        uint32_t n = accessible(p.mem, base, len, perm);
        if (n) out.push_back({p.mem.host(base), n});
        total += n;
        if (n < len) {
            if (total == 0) return -EFAULT;
            break;
        }
    }
    return 0;
}

int32_t do_readv(Process& p, int h, uint32_t iov, uint32_t cnt, bool positional, int64_t off) {
    std::vector<iovec> v;
    uint64_t total;
    if (int32_t r = host_iovecs(p, iov, cnt, GuestMemory::W, v, total)) return r;
    bool code = false;
    for (const iovec& x : v)
        code =
            code || touches_code(p.mem, uint32_t(static_cast<uint8_t*>(x.iov_base) - p.mem.host(0)),
                                 uint32_t(x.iov_len));
    if (!code) {
        ssize_t r = positional ? ::preadv(h, v.data(), int(v.size()), off)
                               : ::readv(h, v.data(), int(v.size()));
        return ret(r);
    }
    std::vector<uint8_t> tmp(total);
    ssize_t r = positional ? ::pread(h, tmp.data(), total, off) : ::read(h, tmp.data(), total);
    if (r <= 0) return ret(r);
    size_t done = 0;
    for (const iovec& x : v) {
        if (done >= size_t(r)) break;
        size_t n = std::min(x.iov_len, size_t(r) - done);
        p.mem.write_bytes(uint32_t(static_cast<uint8_t*>(x.iov_base) - p.mem.host(0)),
                          tmp.data() + done, n);
        done += n;
    }
    return int32_t(r);
}

int32_t do_writev(Process& p, int h, uint32_t iov, uint32_t cnt, bool positional, int64_t off) {
    std::vector<iovec> v;
    uint64_t total;
    if (int32_t r = host_iovecs(p, iov, cnt, GuestMemory::R, v, total)) return r;
    ssize_t r = positional ? ::pwritev(h, v.data(), int(v.size()), off)
                           : ::writev(h, v.data(), int(v.size()));
    return ret(r);
}

int32_t sys_readv(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return do_readv(p, h, a.a[1], a.a[2], false, 0);
}
int32_t sys_writev(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return do_writev(p, h, a.a[1], a.a[2], false, 0);
}
int32_t sys_preadv(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    int64_t off = off64(a.a[3], a.a[4]);
    if (off < 0) return -EINVAL;
    return do_readv(p, h, a.a[1], a.a[2], true, off);
}
int32_t sys_pwritev(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    int64_t off = off64(a.a[3], a.a[4]);
    if (off < 0) return -EINVAL;
    return do_writev(p, h, a.a[1], a.a[2], true, off);
}

int32_t do_sendfile(Process& p, const SyscallArgs& a, bool off64bit) {
    int out = p.fds->host(int(a.a[0])), in = p.fds->host(int(a.a[1]));
    if (out < 0 || in < 0) return -EBADF;
    uint32_t count = std::min(a.a[3], kMaxRw);
    if (a.a[2] == 0) return ret(::sendfile(out, in, nullptr, count));
    off_t off;
    if (off64bit) {
        int64_t v;
        if (!gio::get(p.mem, a.a[2], v)) return -EFAULT;
        off = v;
    } else {
        int32_t v;
        if (!gio::get(p.mem, a.a[2], v)) return -EFAULT;
        off = v;
    }
    ssize_t r = ::sendfile(out, in, &off, count);
    if (r < 0) return err();
    bool ok =
        off64bit ? gio::put(p.mem, a.a[2], int64_t(off)) : gio::put(p.mem, a.a[2], int32_t(off));
    return ok ? int32_t(r) : -EFAULT;
}
int32_t sys_sendfile(Process& p, const SyscallArgs& a) {
    return do_sendfile(p, a, false);
}
int32_t sys_sendfile64(Process& p, const SyscallArgs& a) {
    return do_sendfile(p, a, true);
}

// ---- seeking -------------------------------------------------------------

/// lseek on the host with directory offsets translated. Returns the new
/// guest position or -errno.
int64_t do_lseek(Process& p, int gfd, int64_t off, int whence) {
    GuestFd* f = p.fds->get(gfd);
    if (!f) return -EBADF;
    if (f->dir && whence == SEEK_SET) off = f->dir->host(off);
    off_t r = ::lseek(f->host, off, whence);
    if (r < 0) return -errno;
    return f->dir ? f->dir->guest(r) : r;
}

int32_t sys_lseek(Process& p, const SyscallArgs& a) {
    int64_t r = do_lseek(p, int(a.a[0]), int32_t(a.a[1]), int(a.a[2]));
    if (r < 0) return int32_t(r);
    return r > INT32_MAX ? -EOVERFLOW : int32_t(r);
}

int32_t sys_llseek(Process& p, const SyscallArgs& a) {
    int64_t r = do_lseek(p, int(a.a[0]), off64(a.a[2], a.a[1]), int(a.a[4]));
    if (r < 0) return int32_t(r);
    return gio::put(p.mem, a.a[3], r) ? 0 : -EFAULT;
}

// ---- stat ----------------------------------------------------------------

uint32_t encode_dev(dev_t d) {
    uint32_t ma = major(d), mi = minor(d);
    return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}
uint16_t low16_id(uint32_t id) {
    return id > 0xffff ? 65534 : uint16_t(id);
} // overflowuid

/// struct stat64 of the i386 kernel (96 bytes, packed).
struct [[gnu::packed]] Stat64 {
    uint64_t st_dev;
    uint8_t pad0[4];
    uint32_t st_ino32;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint8_t pad3[4];
    int64_t st_size;
    uint32_t st_blksize;
    int64_t st_blocks;
    uint32_t st_atime_, st_atime_nsec;
    uint32_t st_mtime_, st_mtime_nsec;
    uint32_t st_ctime_, st_ctime_nsec;
    uint64_t st_ino;
};
static_assert(sizeof(Stat64) == 96);

/// struct stat (the "new" one of calls 106-108), 64 bytes.
struct OldStat {
    uint32_t st_dev, st_ino;
    uint16_t st_mode, st_nlink, st_uid, st_gid;
    uint32_t st_rdev, st_size, st_blksize, st_blocks;
    uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
    uint32_t unused4, unused5;
};
static_assert(sizeof(OldStat) == 64);

int32_t put_stat64(Process& p, uint32_t addr, const struct stat& s) {
    Stat64 g{};
    g.st_dev = encode_dev(s.st_dev);
    g.st_ino32 = uint32_t(s.st_ino);
    g.st_mode = s.st_mode;
    g.st_nlink = uint32_t(s.st_nlink);
    g.st_uid = s.st_uid;
    g.st_gid = s.st_gid;
    g.st_rdev = encode_dev(s.st_rdev);
    g.st_size = s.st_size;
    g.st_blksize = uint32_t(s.st_blksize);
    g.st_blocks = s.st_blocks;
    g.st_atime_ = uint32_t(s.st_atim.tv_sec);
    g.st_atime_nsec = uint32_t(s.st_atim.tv_nsec);
    g.st_mtime_ = uint32_t(s.st_mtim.tv_sec);
    g.st_mtime_nsec = uint32_t(s.st_mtim.tv_nsec);
    g.st_ctime_ = uint32_t(s.st_ctim.tv_sec);
    g.st_ctime_nsec = uint32_t(s.st_ctim.tv_nsec);
    g.st_ino = s.st_ino;
    return gio::put(p.mem, addr, g) ? 0 : -EFAULT;
}

int32_t put_old_stat(Process& p, uint32_t addr, const struct stat& s) {
    OldStat g{};
    g.st_dev = encode_dev(s.st_dev);
    g.st_ino = uint32_t(s.st_ino);
    if (g.st_ino != s.st_ino) return -EOVERFLOW;
    g.st_mode = uint16_t(s.st_mode);
    g.st_nlink = uint16_t(s.st_nlink);
    if (g.st_nlink != s.st_nlink) return -EOVERFLOW;
    g.st_uid = low16_id(s.st_uid);
    g.st_gid = low16_id(s.st_gid);
    g.st_rdev = encode_dev(s.st_rdev);
    if (uint64_t(s.st_size) > INT32_MAX) return -EOVERFLOW;
    g.st_size = uint32_t(s.st_size);
    g.st_blksize = uint32_t(s.st_blksize);
    g.st_blocks = uint32_t(s.st_blocks);
    g.st_atime_ = uint32_t(s.st_atim.tv_sec);
    g.st_atime_nsec = uint32_t(s.st_atim.tv_nsec);
    g.st_mtime_ = uint32_t(s.st_mtim.tv_sec);
    g.st_mtime_nsec = uint32_t(s.st_mtim.tv_nsec);
    g.st_ctime_ = uint32_t(s.st_ctim.tv_sec);
    g.st_ctime_nsec = uint32_t(s.st_ctim.tv_nsec);
    return gio::put(p.mem, addr, g) ? 0 : -EFAULT;
}

/// fstatat on the host with guest dirfd/path; `path_addr` 0 means fstat(dirfd).
int32_t host_stat(Process& p, int32_t gdirfd, uint32_t path_addr, int flags, struct stat& s,
                  bool fstat_only) {
    if (fstat_only) {
        int h = p.fds->host(gdirfd);
        if (h < 0) return -EBADF;
        return ::fstat(h, &s) < 0 ? err() : 0;
    }
    std::string path;
    int r = gio::read_cstr(p.mem, path_addr, path);
    if (r) return r;
    if (path.empty() && !(flags & AT_EMPTY_PATH)) return -ENOENT;
    path = host_path(p, path);
    int dfd = host_dirfd(p, gdirfd, path, path.empty());
    if (dfd == -EBADF) return -EBADF;
    return ::fstatat(dfd, path.c_str(), &s, flags) < 0 ? err() : 0;
}

int32_t sys_stat64(Process& p, const SyscallArgs& a) {
    struct stat s;
    if (int32_t r = host_stat(p, kAtFdcwd, a.a[0], 0, s, false)) return r;
    return put_stat64(p, a.a[1], s);
}
int32_t sys_lstat64(Process& p, const SyscallArgs& a) {
    struct stat s;
    if (int32_t r = host_stat(p, kAtFdcwd, a.a[0], AT_SYMLINK_NOFOLLOW, s, false)) return r;
    return put_stat64(p, a.a[1], s);
}
int32_t sys_fstat64(Process& p, const SyscallArgs& a) {
    struct stat s;
    if (int32_t r = host_stat(p, int32_t(a.a[0]), 0, 0, s, true)) return r;
    return put_stat64(p, a.a[1], s);
}
int32_t sys_fstatat64(Process& p, const SyscallArgs& a) {
    int flags = int(a.a[3]);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) return -EINVAL;
    struct stat s;
    if (int32_t r = host_stat(p, int32_t(a.a[0]), a.a[1], flags, s, false)) return r;
    return put_stat64(p, a.a[2], s);
}
int32_t sys_stat(Process& p, const SyscallArgs& a) {
    struct stat s;
    if (int32_t r = host_stat(p, kAtFdcwd, a.a[0], 0, s, false)) return r;
    return put_old_stat(p, a.a[1], s);
}
int32_t sys_lstat(Process& p, const SyscallArgs& a) {
    struct stat s;
    if (int32_t r = host_stat(p, kAtFdcwd, a.a[0], AT_SYMLINK_NOFOLLOW, s, false)) return r;
    return put_old_stat(p, a.a[1], s);
}
int32_t sys_fstat(Process& p, const SyscallArgs& a) {
    struct stat s;
    if (int32_t r = host_stat(p, int32_t(a.a[0]), 0, 0, s, true)) return r;
    return put_old_stat(p, a.a[1], s);
}

// statx's structure is the same on every architecture.
int32_t sys_statx(Process& p, const SyscallArgs& a) {
    std::string path;
    if (int r = gio::read_cstr(p.mem, a.a[1], path)) return r;
    int flags = int(a.a[2]);
    if (path.empty() && !(flags & AT_EMPTY_PATH)) return -ENOENT;
    path = host_path(p, path);
    int dfd = host_dirfd(p, int32_t(a.a[0]), path, path.empty());
    if (dfd == -EBADF) return -EBADF;
    struct statx sx;
    if (::statx(dfd, path.c_str(), flags, a.a[3], &sx) < 0) return err();
    return gio::put(p.mem, a.a[4], sx) ? 0 : -EFAULT;
}

/// struct statfs64 of i386 (84 bytes, packed) and struct statfs (64).
struct [[gnu::packed]] Statfs64 {
    uint32_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};
static_assert(sizeof(Statfs64) == 84);
struct Statfs32 {
    uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};
static_assert(sizeof(Statfs32) == 64);

int32_t put_statfs(Process& p, uint32_t addr, const struct statfs& s, bool is64) {
    if (is64) {
        Statfs64 g{};
        g.f_type = uint32_t(s.f_type);
        g.f_bsize = uint32_t(s.f_bsize);
        g.f_blocks = s.f_blocks;
        g.f_bfree = s.f_bfree;
        g.f_bavail = s.f_bavail;
        g.f_files = s.f_files;
        g.f_ffree = s.f_ffree;
        std::memcpy(g.f_fsid, &s.f_fsid, 8);
        g.f_namelen = uint32_t(s.f_namelen);
        g.f_frsize = uint32_t(s.f_frsize);
        g.f_flags = uint32_t(s.f_flags);
        return gio::put(p.mem, addr, g) ? 0 : -EFAULT;
    }
    // put_compat_statfs: sizes must fit in 32 bits (file counts of ~0 pass as -1).
    if ((s.f_blocks | s.f_bfree | s.f_bavail | uint64_t(s.f_bsize) | uint64_t(s.f_frsize)) >> 32)
        return -EOVERFLOW;
    if ((s.f_files != ~0ull && (s.f_files >> 32)) || (s.f_ffree != ~0ull && (s.f_ffree >> 32)))
        return -EOVERFLOW;
    Statfs32 g{};
    g.f_type = uint32_t(s.f_type);
    g.f_bsize = uint32_t(s.f_bsize);
    g.f_blocks = uint32_t(s.f_blocks);
    g.f_bfree = uint32_t(s.f_bfree);
    g.f_bavail = uint32_t(s.f_bavail);
    g.f_files = uint32_t(s.f_files);
    g.f_ffree = uint32_t(s.f_ffree);
    std::memcpy(g.f_fsid, &s.f_fsid, 8);
    g.f_namelen = uint32_t(s.f_namelen);
    g.f_frsize = uint32_t(s.f_frsize);
    g.f_flags = uint32_t(s.f_flags);
    return gio::put(p.mem, addr, g) ? 0 : -EFAULT;
}

int32_t sys_statfs(Process& p, const SyscallArgs& a) {
    std::string path;
    if (int r = read_host_path(p, a.a[0], path)) return r;
    struct statfs s;
    if (::statfs(path.c_str(), &s) < 0) return err();
    return put_statfs(p, a.a[1], s, false);
}
int32_t sys_fstatfs(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    struct statfs s;
    if (::fstatfs(h, &s) < 0) return err();
    return put_statfs(p, a.a[1], s, false);
}
int32_t sys_statfs64(Process& p, const SyscallArgs& a) {
    if (a.a[1] != sizeof(Statfs64)) return -EINVAL;
    std::string path;
    if (int r = read_host_path(p, a.a[0], path)) return r;
    struct statfs s;
    if (::statfs(path.c_str(), &s) < 0) return err();
    return put_statfs(p, a.a[2], s, true);
}
int32_t sys_fstatfs64(Process& p, const SyscallArgs& a) {
    if (a.a[1] != sizeof(Statfs64)) return -EINVAL;
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    struct statfs s;
    if (::fstatfs(h, &s) < 0) return err();
    return put_statfs(p, a.a[2], s, true);
}

// ---- paths ---------------------------------------------------------------

int32_t sys_access(Process& p, const SyscallArgs& a) {
    std::string path;
    if (int r = read_host_path(p, a.a[0], path)) return r;
    return ::access(path.c_str(), int(a.a[1])) < 0 ? err() : 0;
}
int32_t do_faccessat(Process& p, int32_t gdirfd, uint32_t path_addr, uint32_t mode,
                     uint32_t flags) {
    std::string path;
    if (int r = read_host_path(p, path_addr, path)) return r;
    int dfd = host_dirfd(p, gdirfd, path);
    if (dfd == -EBADF) return -EBADF;
    return ::faccessat(dfd, path.c_str(), int(mode), int(flags)) < 0 ? err() : 0;
}
int32_t sys_faccessat(Process& p, const SyscallArgs& a) {
    return do_faccessat(p, int32_t(a.a[0]), a.a[1], a.a[2], 0);
}
int32_t sys_faccessat2(Process& p, const SyscallArgs& a) {
    return do_faccessat(p, int32_t(a.a[0]), a.a[1], a.a[2], a.a[3]);
}

int32_t do_readlinkat(Process& p, int32_t gdirfd, uint32_t path_addr, uint32_t buf, int32_t size) {
    std::string path;
    if (int r = gio::read_path(p.mem, path_addr, path)) return r;
    if (size <= 0) return -EINVAL;
    std::string target;
    if (is_self_proc(path, "exe")) {
        target = p.exe_path;
    } else {
        std::string hp = host_path(p, path);
        int dfd = host_dirfd(p, gdirfd, hp);
        if (dfd == -EBADF) return -EBADF;
        std::vector<char> tmp(4096);
        ssize_t n = ::readlinkat(dfd, hp.c_str(), tmp.data(), tmp.size());
        if (n < 0) return err();
        target.assign(tmp.data(), size_t(n));
    }
    uint32_t n = std::min<uint32_t>(uint32_t(size), uint32_t(target.size()));
    if (!p.mem.write_bytes(buf, target.data(), n)) return -EFAULT;
    return int32_t(n);
}
int32_t sys_readlink(Process& p, const SyscallArgs& a) {
    return do_readlinkat(p, kAtFdcwd, a.a[0], a.a[1], int32_t(a.a[2]));
}
int32_t sys_readlinkat(Process& p, const SyscallArgs& a) {
    return do_readlinkat(p, int32_t(a.a[0]), a.a[1], a.a[2], int32_t(a.a[3]));
}

int32_t sys_getcwd(Process& p, const SyscallArgs& a) {
    std::vector<char> tmp(4096 + 1);
    if (!::getcwd(tmp.data(), tmp.size())) return err();
    uint32_t len = uint32_t(std::strlen(tmp.data())) + 1;
    if (len > a.a[1]) return -ERANGE;
    if (!p.mem.write_bytes(a.a[0], tmp.data(), len)) return -EFAULT;
    return int32_t(len);
}

int32_t sys_chdir(Process& p, const SyscallArgs& a) {
    std::string path;
    if (int r = read_host_path(p, a.a[0], path)) return r;
    return ::chdir(path.c_str()) < 0 ? err() : 0;
}
int32_t sys_fchdir(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::fchdir(h) < 0 ? err() : 0;
}

/// Calls f(host_dirfd, host_path) for a (dirfd, path) pair.
template <class F> int32_t at_path(Process& p, int32_t gdirfd, uint32_t path_addr, F f) {
    std::string path;
    if (int r = read_host_path(p, path_addr, path)) return r;
    int dfd = host_dirfd(p, gdirfd, path);
    if (dfd == -EBADF) return -EBADF;
    return f(dfd, path.c_str()) < 0 ? err() : 0;
}
/// The same for two (dirfd, path) pairs.
template <class F>
int32_t at_paths(Process& p, int32_t gd1, uint32_t a1, int32_t gd2, uint32_t a2, F f) {
    std::string p1, p2;
    if (int r = read_host_path(p, a1, p1)) return r;
    if (int r = read_host_path(p, a2, p2)) return r;
    int d1 = host_dirfd(p, gd1, p1), d2 = host_dirfd(p, gd2, p2);
    if (d1 == -EBADF || d2 == -EBADF) return -EBADF;
    return f(d1, p1.c_str(), d2, p2.c_str()) < 0 ? err() : 0;
}

int32_t sys_unlink(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0], [](int d, const char* s) { return ::unlinkat(d, s, 0); });
}
int32_t sys_unlinkat(Process& p, const SyscallArgs& a) {
    int flags = int(a.a[2]);
    if (flags & ~AT_REMOVEDIR) return -EINVAL;
    return at_path(p, int32_t(a.a[0]), a.a[1],
                   [&](int d, const char* s) { return ::unlinkat(d, s, flags); });
}
int32_t sys_rmdir(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0],
                   [](int d, const char* s) { return ::unlinkat(d, s, AT_REMOVEDIR); });
}
int32_t sys_mkdir(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0],
                   [&](int d, const char* s) { return ::mkdirat(d, s, mode_t(a.a[1])); });
}
int32_t sys_mkdirat(Process& p, const SyscallArgs& a) {
    return at_path(p, int32_t(a.a[0]), a.a[1],
                   [&](int d, const char* s) { return ::mkdirat(d, s, mode_t(a.a[2])); });
}
int32_t sys_mknod(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0], [&](int d, const char* s) {
        return ::mknodat(
            d, s, mode_t(a.a[1]),
            makedev((a.a[2] >> 8) & 0xfff, (a.a[2] & 0xff) | ((a.a[2] >> 12) & 0xfff00)));
    });
}
int32_t sys_mknodat(Process& p, const SyscallArgs& a) {
    return at_path(p, int32_t(a.a[0]), a.a[1], [&](int d, const char* s) {
        return ::mknodat(
            d, s, mode_t(a.a[2]),
            makedev((a.a[3] >> 8) & 0xfff, (a.a[3] & 0xff) | ((a.a[3] >> 12) & 0xfff00)));
    });
}
int32_t sys_rename(Process& p, const SyscallArgs& a) {
    return at_paths(
        p, kAtFdcwd, a.a[0], kAtFdcwd, a.a[1],
        [](int d1, const char* s1, int d2, const char* s2) { return ::renameat(d1, s1, d2, s2); });
}
int32_t sys_renameat(Process& p, const SyscallArgs& a) {
    return at_paths(
        p, int32_t(a.a[0]), a.a[1], int32_t(a.a[2]), a.a[3],
        [](int d1, const char* s1, int d2, const char* s2) { return ::renameat(d1, s1, d2, s2); });
}
int32_t sys_renameat2(Process& p, const SyscallArgs& a) {
    return at_paths(p, int32_t(a.a[0]), a.a[1], int32_t(a.a[2]), a.a[3],
                    [&](int d1, const char* s1, int d2, const char* s2) {
                        return ::renameat2(d1, s1, d2, s2, a.a[4]);
                    });
}
int32_t sys_link(Process& p, const SyscallArgs& a) {
    return at_paths(
        p, kAtFdcwd, a.a[0], kAtFdcwd, a.a[1],
        [](int d1, const char* s1, int d2, const char* s2) { return ::linkat(d1, s1, d2, s2, 0); });
}
int32_t sys_linkat(Process& p, const SyscallArgs& a) {
    return at_paths(p, int32_t(a.a[0]), a.a[1], int32_t(a.a[2]), a.a[3],
                    [&](int d1, const char* s1, int d2, const char* s2) {
                        return ::linkat(d1, s1, d2, s2, int(a.a[4]));
                    });
}
int32_t do_symlinkat(Process& p, uint32_t target_addr, int32_t gdirfd, uint32_t path_addr) {
    std::string target;
    if (int r = gio::read_path(p.mem, target_addr, target)) return r;
    return at_path(p, gdirfd, path_addr,
                   [&](int d, const char* s) { return ::symlinkat(target.c_str(), d, s); });
}
int32_t sys_symlink(Process& p, const SyscallArgs& a) {
    return do_symlinkat(p, a.a[0], kAtFdcwd, a.a[1]);
}
int32_t sys_symlinkat(Process& p, const SyscallArgs& a) {
    return do_symlinkat(p, a.a[0], int32_t(a.a[1]), a.a[2]);
}
int32_t sys_chmod(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0],
                   [&](int d, const char* s) { return ::fchmodat(d, s, mode_t(a.a[1]), 0); });
}
int32_t sys_fchmodat(Process& p, const SyscallArgs& a) {
    return at_path(p, int32_t(a.a[0]), a.a[1],
                   [&](int d, const char* s) { return ::fchmodat(d, s, mode_t(a.a[2]), 0); });
}
int32_t sys_fchmod(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::fchmod(h, mode_t(a.a[1])) < 0 ? err() : 0;
}
uint32_t id16(uint32_t v) {
    return (v & 0xffff) == 0xffff ? uint32_t(-1) : (v & 0xffff);
}
int32_t sys_chown32(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0],
                   [&](int d, const char* s) { return ::fchownat(d, s, a.a[1], a.a[2], 0); });
}
int32_t sys_lchown32(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0], [&](int d, const char* s) {
        return ::fchownat(d, s, a.a[1], a.a[2], AT_SYMLINK_NOFOLLOW);
    });
}
int32_t sys_chown16(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0], [&](int d, const char* s) {
        return ::fchownat(d, s, id16(a.a[1]), id16(a.a[2]), 0);
    });
}
int32_t sys_lchown16(Process& p, const SyscallArgs& a) {
    return at_path(p, kAtFdcwd, a.a[0], [&](int d, const char* s) {
        return ::fchownat(d, s, id16(a.a[1]), id16(a.a[2]), AT_SYMLINK_NOFOLLOW);
    });
}
int32_t sys_fchownat(Process& p, const SyscallArgs& a) {
    std::string path;
    if (int r = gio::read_cstr(p.mem, a.a[1], path)) return r;
    int flags = int(a.a[4]);
    if (path.empty() && !(flags & AT_EMPTY_PATH)) return -ENOENT;
    path = host_path(p, path);
    int dfd = host_dirfd(p, int32_t(a.a[0]), path, path.empty());
    if (dfd == -EBADF) return -EBADF;
    return ::fchownat(dfd, path.c_str(), a.a[2], a.a[3], flags) < 0 ? err() : 0;
}
int32_t sys_fchown32(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::fchown(h, a.a[1], a.a[2]) < 0 ? err() : 0;
}
int32_t sys_fchown16(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::fchown(h, id16(a.a[1]), id16(a.a[2])) < 0 ? err() : 0;
}

int32_t sys_truncate(Process& p, const SyscallArgs& a) {
    std::string path;
    if (int r = read_host_path(p, a.a[0], path)) return r;
    return ::truncate(path.c_str(), int32_t(a.a[1])) < 0 ? err() : 0;
}
int32_t sys_truncate64(Process& p, const SyscallArgs& a) {
    std::string path;
    if (int r = read_host_path(p, a.a[0], path)) return r;
    return ::truncate(path.c_str(), off64(a.a[1], a.a[2])) < 0 ? err() : 0;
}
int32_t sys_ftruncate(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::ftruncate(h, int32_t(a.a[1])) < 0 ? err() : 0;
}
int32_t sys_ftruncate64(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::ftruncate(h, off64(a.a[1], a.a[2])) < 0 ? err() : 0;
}
int32_t sys_fallocate(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::fallocate(h, int(a.a[1]), off64(a.a[2], a.a[3]), off64(a.a[4], a.a[5])) < 0 ? err()
                                                                                         : 0;
}
int32_t sys_fsync(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::fsync(h) < 0 ? err() : 0;
}
int32_t sys_fdatasync(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::fdatasync(h) < 0 ? err() : 0;
}
int32_t sys_sync(Process&, const SyscallArgs&) {
    ::sync();
    return 0;
}
int32_t sys_flock(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    return ::flock(h, int(a.a[1])) < 0 ? err() : 0;
}

/// utimensat with i386 (32-bit) or time64 timespecs.
int32_t do_utimensat(Process& p, const SyscallArgs& a, bool time64) {
    struct timespec ts[2];
    struct timespec* tp = nullptr;
    if (a.a[2]) {
        if (time64) {
            int64_t v[4];
            if (!p.mem.read_bytes(a.a[2], v, sizeof v)) return -EFAULT;
            ts[0] = {time_t(v[0]), long(v[1])};
            ts[1] = {time_t(v[2]), long(v[3])};
        } else {
            int32_t v[4];
            if (!p.mem.read_bytes(a.a[2], v, sizeof v)) return -EFAULT;
            ts[0] = {time_t(v[0]), long(v[1])};
            ts[1] = {time_t(v[2]), long(v[3])};
        }
        tp = ts;
    }
    int flags = int(a.a[3]);
    if (a.a[1] == 0) { // futimens(dirfd)
        int h = p.fds->host(int32_t(a.a[0]));
        if (h < 0) return -EBADF;
        return ::futimens(h, tp) < 0 ? err() : 0;
    }
    return at_path(p, int32_t(a.a[0]), a.a[1],
                   [&](int d, const char* s) { return ::utimensat(d, s, tp, flags); });
}
int32_t sys_utimensat(Process& p, const SyscallArgs& a) {
    return do_utimensat(p, a, false);
}
int32_t sys_utimensat64(Process& p, const SyscallArgs& a) {
    return do_utimensat(p, a, true);
}
int32_t sys_utime(Process& p, const SyscallArgs& a) {
    struct timespec ts[2];
    struct timespec* tp = nullptr;
    if (a.a[1]) {
        int32_t v[2];
        if (!p.mem.read_bytes(a.a[1], v, sizeof v)) return -EFAULT;
        ts[0] = {v[0], 0};
        ts[1] = {v[1], 0};
        tp = ts;
    }
    return at_path(p, kAtFdcwd, a.a[0],
                   [&](int d, const char* s) { return ::utimensat(d, s, tp, 0); });
}
int32_t do_futimesat(Process& p, int32_t gdirfd, uint32_t path_addr, uint32_t tv_addr) {
    struct timespec ts[2];
    struct timespec* tp = nullptr;
    if (tv_addr) {
        int32_t v[4];
        if (!p.mem.read_bytes(tv_addr, v, sizeof v)) return -EFAULT;
        if (v[1] < 0 || v[1] >= 1000000 || v[3] < 0 || v[3] >= 1000000) return -EINVAL;
        ts[0] = {v[0], long(v[1]) * 1000};
        ts[1] = {v[2], long(v[3]) * 1000};
        tp = ts;
    }
    return at_path(p, gdirfd, path_addr,
                   [&](int d, const char* s) { return ::utimensat(d, s, tp, 0); });
}
int32_t sys_utimes(Process& p, const SyscallArgs& a) {
    return do_futimesat(p, kAtFdcwd, a.a[0], a.a[1]);
}
int32_t sys_futimesat(Process& p, const SyscallArgs& a) {
    return do_futimesat(p, int32_t(a.a[0]), a.a[1], a.a[2]);
}

int32_t sys_umask(Process&, const SyscallArgs& a) {
    return int32_t(::umask(mode_t(a.a[0] & 0777)));
}

// ---- directories ---------------------------------------------------------

struct HostDirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[1];
};

int32_t sys_getdents64(Process& p, const SyscallArgs& a) {
    GuestFd* f = p.fds->get(int(a.a[0]));
    if (!f) return -EBADF;
    uint32_t count = std::min(a.a[2], kMaxRw);
    if (!p.mem.check(a.a[1], count, GuestMemory::W)) return -EFAULT;
    std::vector<uint8_t> buf(count);
    long n = ::syscall(SYS_getdents64, f->host, buf.data(), count);
    if (n < 0) return err();
    // The record layout is the same on every architecture; only offsets change.
    if (f->dir)
        for (long at = 0; at < n;) {
            auto* d = reinterpret_cast<HostDirent64*>(buf.data() + at);
            d->d_off = f->dir->guest(d->d_off);
            at += d->d_reclen;
        }
    if (!p.mem.write_bytes(a.a[1], buf.data(), uint64_t(n))) return -EFAULT;
    return int32_t(n);
}

/// The old getdents: struct linux_dirent with 32-bit inode and offset, the
/// type in the record's last byte.
int32_t sys_getdents(Process& p, const SyscallArgs& a) {
    GuestFd* f = p.fds->get(int(a.a[0]));
    if (!f) return -EBADF;
    uint32_t count = std::min(a.a[2], kMaxRw);
    if (!p.mem.check(a.a[1], count, GuestMemory::W)) return -EFAULT;
    std::vector<uint8_t> in(count), out;
    // Each 32-bit record is smaller than its 64-bit one, so all fit.
    long n = ::syscall(SYS_getdents64, f->host, in.data(), count);
    if (n < 0) return err();
    for (long at = 0; at < n;) {
        auto* d = reinterpret_cast<HostDirent64*>(in.data() + at);
        at += d->d_reclen;
        size_t namelen = std::strlen(d->d_name);
        size_t reclen = (10 + namelen + 2 + 3) & ~size_t(3);
        if (uint32_t(d->d_ino) != d->d_ino) return -EOVERFLOW;
        int64_t off = f->dir ? f->dir->guest(d->d_off) : d->d_off;
        size_t base = out.size();
        out.resize(base + reclen, 0);
        uint32_t ino = uint32_t(d->d_ino), off32 = uint32_t(off);
        uint16_t rl = uint16_t(reclen);
        std::memcpy(&out[base], &ino, 4);
        std::memcpy(&out[base + 4], &off32, 4);
        std::memcpy(&out[base + 8], &rl, 2);
        std::memcpy(&out[base + 10], d->d_name, namelen);
        out[base + reclen - 1] = d->d_type;
    }
    if (!p.mem.write_bytes(a.a[1], out.data(), out.size())) return -EFAULT;
    return int32_t(out.size());
}

// ---- fcntl ---------------------------------------------------------------

/// struct flock (32-bit offsets) and struct flock64 of i386.
struct Flock32 {
    int16_t l_type, l_whence;
    int32_t l_start, l_len, l_pid;
};
struct [[gnu::packed]] Flock64 {
    int16_t l_type, l_whence;
    int64_t l_start, l_len;
    int32_t l_pid;
};
static_assert(sizeof(Flock32) == 16 && sizeof(Flock64) == 24);

int32_t do_fcntl(Process& p, const SyscallArgs& a, bool is64) {
    int gfd = int(a.a[0]);
    GuestFd* f = p.fds->get(gfd);
    if (!f) return -EBADF;
    int h = f->host;
    uint32_t cmd = a.a[1], arg = a.a[2];
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        if (uint64_t(arg) >= nofile_limit(p)) return -EINVAL;
        int g = p.fds->lowest_free(int(arg), nofile_limit(p));
        if (g < 0) return -EMFILE;
        return dup_to(p, gfd, g, cmd == F_DUPFD_CLOEXEC);
    }
    case F_GETFD:
    case F_SETFD:
    case F_SETOWN:
    case F_GETOWN:
    case F_SETSIG:
    case F_GETSIG:
    case F_SETLEASE:
    case F_GETLEASE:
    case F_NOTIFY:
    case F_SETPIPE_SZ:
    case F_GETPIPE_SZ:
    case F_ADD_SEALS:
    case F_GET_SEALS: return ret(::fcntl(h, int(cmd), int(arg)));
    case F_GETFL: {
        int r = ::fcntl(h, F_GETFL);
        if (r < 0) return err();
        return (r & ~kOLargefile) | (f->largefile ? kOLargefile : 0);
    }
    case F_SETFL: {
        int r = ::fcntl(h, F_SETFL, int(arg));
        if (r < 0) return err();
        f->largefile = arg & kOLargefile;
        return r;
    }
    case 5:   // F_GETLK with struct flock
    case 6:   // F_SETLK
    case 7: { // F_SETLKW
        Flock32 g;
        if (!gio::get(p.mem, arg, g)) return -EFAULT;
        struct flock hl {};
        hl.l_type = g.l_type;
        hl.l_whence = g.l_whence;
        hl.l_start = g.l_start;
        hl.l_len = g.l_len;
        int hcmd = cmd == 5 ? F_GETLK : cmd == 6 ? F_SETLK : F_SETLKW;
        if (::fcntl(h, hcmd, &hl) < 0) return err();
        if (cmd == 5) {
            if (hl.l_start != int32_t(hl.l_start) || hl.l_len != int32_t(hl.l_len))
                return -EOVERFLOW;
            g = {int16_t(hl.l_type), int16_t(hl.l_whence), int32_t(hl.l_start), int32_t(hl.l_len),
                 hl.l_pid};
            if (!gio::put(p.mem, arg, g)) return -EFAULT;
        }
        return 0;
    }
    case 12: // F_GETLK64
    case 13: // F_SETLK64
    case 14: // F_SETLKW64
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW: {
        if (!is64) return -EINVAL;
        Flock64 g;
        if (!gio::get(p.mem, arg, g)) return -EFAULT;
        struct flock hl {};
        hl.l_type = g.l_type;
        hl.l_whence = g.l_whence;
        hl.l_start = g.l_start;
        hl.l_len = g.l_len;
        int hcmd = cmd == 12 ? F_GETLK : cmd == 13 ? F_SETLK : cmd == 14 ? F_SETLKW : int(cmd);
        if (::fcntl(h, hcmd, &hl) < 0) return err();
        if (cmd == 12 || cmd == F_OFD_GETLK) {
            g.l_type = int16_t(hl.l_type);
            g.l_whence = int16_t(hl.l_whence);
            g.l_start = hl.l_start;
            g.l_len = hl.l_len;
            g.l_pid = hl.l_pid;
            if (!gio::put(p.mem, arg, g)) return -EFAULT;
        }
        return 0;
    }
    default: return -EINVAL;
    }
}

int32_t sys_fcntl(Process& p, const SyscallArgs& a) {
    return do_fcntl(p, a, false);
}
int32_t sys_fcntl64(Process& p, const SyscallArgs& a) {
    return do_fcntl(p, a, true);
}

// ---- ioctl ---------------------------------------------------------------

int32_t sys_ioctl(Process& p, const SyscallArgs& a) {
    int h = p.fds->host(int(a.a[0]));
    if (h < 0) return -EBADF;
    uint32_t req = a.a[1], arg = a.a[2];
    // Terminal and descriptor requests whose arguments have the same layout
    // on i386 and x86-64: {size copied out, size copied in}.
    struct Io {
        uint32_t req;
        uint32_t out, in;
        bool value; ///< the argument is a value, not a pointer
    };
    static const Io known[] = {
        {0x5401, 36, 0, false},     // TCGETS (struct termios, kernel layout)
        {0x5402, 0, 36, false},     // TCSETS
        {0x5403, 0, 36, false},     // TCSETSW
        {0x5404, 0, 36, false},     // TCSETSF
        {0x5409, 0, 0, true},       // TCSBRK
        {0x540a, 0, 0, true},       // TCXONC
        {0x540b, 0, 0, true},       // TCFLSH
        {0x540f, 4, 0, false},      // TIOCGPGRP
        {0x5410, 0, 4, false},      // TIOCSPGRP
        {0x5411, 4, 0, false},      // TIOCOUTQ
        {0x5413, 8, 0, false},      // TIOCGWINSZ
        {0x5414, 0, 8, false},      // TIOCSWINSZ
        {0x541b, 4, 0, false},      // FIONREAD
        {0x5421, 0, 4, false},      // FIONBIO
        {0x5429, 4, 0, false},      // TIOCGSID
        {0x5450, 0, 0, true},       // FIONCLEX
        {0x5451, 0, 0, true},       // FIOCLEX
        {0x5452, 0, 4, false},      // FIOASYNC
        {0x802c542a, 44, 0, false}, // TCGETS2
        {0x402c542b, 0, 44, false}, // TCSETS2
        {0x402c542c, 0, 44, false}, // TCSETSW2
        {0x402c542d, 0, 44, false}, // TCSETSF2
    };
    for (const Io& io : known) {
        if (io.req != req) continue;
        if (io.value) return ret(::ioctl(h, req, (unsigned long)arg));
        uint8_t buf[64] = {};
        if (io.in && !p.mem.read_bytes(arg, buf, io.in)) return -EFAULT;
        if (io.out && !p.mem.check(arg, io.out, GuestMemory::W)) return -EFAULT;
        if (::ioctl(h, req, buf) < 0) return err();
        if (io.out) p.mem.write_bytes(arg, buf, io.out);
        return 0;
    }
    return -ENOTTY;
}

// ---- poll and select -----------------------------------------------------

int32_t do_poll(Process& p, uint32_t fds_addr, uint32_t nfds, int timeout_ms,
                const struct timespec* ts) {
    if (nfds > nofile_limit(p)) return -EINVAL;
    std::vector<struct pollfd> v(nfds);
    if (nfds && !p.mem.read_bytes(fds_addr, v.data(), nfds * sizeof(struct pollfd))) return -EFAULT;
    std::vector<int> guest(nfds);
    int bad = 0;
    for (uint32_t i = 0; i < nfds; ++i) {
        guest[i] = v[i].fd;
        if (v[i].fd < 0) continue;
        int h = p.fds->host(v[i].fd);
        if (h < 0) ++bad;
        v[i].fd = h; // -1: ignored by the host; reported as POLLNVAL below
    }
    int r;
    if (bad) {
        // The kernel reports invalid descriptors at once without sleeping.
        r = ::poll(v.data(), nfds, 0);
    } else {
        r = ts ? ::ppoll(v.data(), nfds, ts, nullptr) : ::poll(v.data(), nfds, timeout_ms);
    }
    if (r < 0) return err();
    for (uint32_t i = 0; i < nfds; ++i) {
        if (guest[i] >= 0 && v[i].fd < 0) {
            v[i].revents = POLLNVAL;
            ++r;
        }
        v[i].fd = guest[i];
    }
    if (nfds && !p.mem.write_bytes(fds_addr, v.data(), nfds * sizeof(struct pollfd)))
        return -EFAULT;
    return r;
}

int32_t sys_poll(Process& p, const SyscallArgs& a) {
    return do_poll(p, a.a[0], a.a[1], int32_t(a.a[2]), nullptr);
}

int32_t do_ppoll(Process& p, const SyscallArgs& a, bool time64) {
    struct timespec ts;
    struct timespec* tp = nullptr;
    if (a.a[2]) {
        if (time64) {
            int64_t v[2];
            if (!p.mem.read_bytes(a.a[2], v, sizeof v)) return -EFAULT;
            ts = {time_t(v[0]), long(v[1])};
        } else {
            int32_t v[2];
            if (!p.mem.read_bytes(a.a[2], v, sizeof v)) return -EFAULT;
            ts = {v[0], v[1]};
        }
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -EINVAL;
        tp = &ts;
    }
    if (a.a[3])
        p.warn_once("ppoll sigmask",
                    "ppoll with a signal mask: the mask is not applied while waiting");
    return do_poll(p, a.a[0], a.a[1], -1, tp);
}
int32_t sys_ppoll(Process& p, const SyscallArgs& a) {
    return do_ppoll(p, a, false);
}
int32_t sys_ppoll64(Process& p, const SyscallArgs& a) {
    return do_ppoll(p, a, true);
}

/// select with guest fd_sets (arrays of 32-bit words) and an optional
/// timeout in microseconds (updated with the time left, as Linux does).
int32_t do_select(Process& p, int32_t nfds, uint32_t sets[3], struct timeval* tv) {
    if (nfds < 0) return -EINVAL;
    nfds = int32_t(std::min<uint64_t>(uint64_t(nfds), nofile_limit(p)));
    uint32_t words = (uint32_t(nfds) + 31) / 32;
    std::vector<uint32_t> g[3];
    fd_set h[3];
    int hmax = -1;
    for (int k = 0; k < 3; ++k) {
        FD_ZERO(&h[k]);
        if (!sets[k]) continue;
        g[k].assign(words, 0);
        if (words && !p.mem.read_bytes(sets[k], g[k].data(), words * 4)) return -EFAULT;
        for (int fd = 0; fd < nfds; ++fd) {
            if (!(g[k][fd / 32] >> (fd % 32) & 1)) continue;
            int hf = p.fds->host(fd);
            if (hf < 0) return -EBADF;
            if (hf >= FD_SETSIZE) return -EINVAL;
            FD_SET(hf, &h[k]);
            hmax = std::max(hmax, hf);
        }
    }
    int r = ::select(hmax + 1, sets[0] ? &h[0] : nullptr, sets[1] ? &h[1] : nullptr,
                     sets[2] ? &h[2] : nullptr, tv);
    if (r < 0) return err();
    for (int k = 0; k < 3; ++k) {
        if (!sets[k]) continue;
        for (int fd = 0; fd < nfds; ++fd) {
            if (!(g[k][fd / 32] >> (fd % 32) & 1)) continue;
            if (!FD_ISSET(p.fds->host(fd), &h[k])) g[k][fd / 32] &= ~(1u << (fd % 32));
        }
        if (words && !p.mem.write_bytes(sets[k], g[k].data(), words * 4)) return -EFAULT;
    }
    return r;
}

int32_t sys_newselect(Process& p, const SyscallArgs& a) {
    uint32_t sets[3] = {a.a[1], a.a[2], a.a[3]};
    struct timeval tv, *tp = nullptr;
    int32_t v[2];
    if (a.a[4]) {
        if (!p.mem.read_bytes(a.a[4], v, sizeof v)) return -EFAULT;
        if (v[0] < 0 || v[1] < 0) return -EINVAL;
        tv = {v[0] + v[1] / 1000000, v[1] % 1000000};
        tp = &tv;
    }
    int32_t r = do_select(p, int32_t(a.a[0]), sets, tp);
    if (tp && r >= 0) {
        v[0] = int32_t(tv.tv_sec);
        v[1] = int32_t(tv.tv_usec);
        p.mem.write_bytes(a.a[4], v, sizeof v);
    }
    return r;
}

/// The old select: one argument pointing at the five.
int32_t sys_old_select(Process& p, const SyscallArgs& a) {
    uint32_t v[5];
    if (!p.mem.read_bytes(a.a[0], v, sizeof v)) return -EFAULT;
    SyscallArgs b{142, {v[0], v[1], v[2], v[3], v[4], 0}};
    return sys_newselect(p, b);
}

int32_t do_pselect(Process& p, const SyscallArgs& a, bool time64) {
    uint32_t sets[3] = {a.a[1], a.a[2], a.a[3]};
    struct timeval tv, *tp = nullptr;
    if (a.a[4]) {
        int64_t sec, nsec;
        if (time64) {
            int64_t v[2];
            if (!p.mem.read_bytes(a.a[4], v, sizeof v)) return -EFAULT;
            sec = v[0];
            nsec = v[1];
        } else {
            int32_t v[2];
            if (!p.mem.read_bytes(a.a[4], v, sizeof v)) return -EFAULT;
            sec = v[0];
            nsec = v[1];
        }
        if (sec < 0 || nsec < 0 || nsec >= 1000000000) return -EINVAL;
        tv = {time_t(sec), suseconds_t((nsec + 999) / 1000)};
        tp = &tv;
    }
    if (a.a[5]) {
        uint32_t sig[2];
        if (p.mem.read_bytes(a.a[5], sig, sizeof sig) && sig[0])
            p.warn_once("pselect sigmask",
                        "pselect6 with a signal mask: the mask is not applied while waiting");
    }
    int32_t r = do_select(p, int32_t(a.a[0]), sets, tp);
    if (tp && r >= 0) {
        if (time64) {
            int64_t v[2] = {tv.tv_sec, int64_t(tv.tv_usec) * 1000};
            p.mem.write_bytes(a.a[4], v, sizeof v);
        } else {
            int32_t v[2] = {int32_t(tv.tv_sec), int32_t(tv.tv_usec * 1000)};
            p.mem.write_bytes(a.a[4], v, sizeof v);
        }
    }
    return r;
}
int32_t sys_pselect6(Process& p, const SyscallArgs& a) {
    return do_pselect(p, a, false);
}
int32_t sys_pselect6_64(Process& p, const SyscallArgs& a) {
    return do_pselect(p, a, true);
}

} // namespace

void register_file_syscalls(SyscallTable& t) {
    register_net_syscalls(t);
    t.set(3, "read", sys_read);
    t.set(4, "write", sys_write);
    t.set(5, "open", sys_open);
    t.set(6, "close", sys_close);
    t.set(8, "creat", sys_creat);
    t.set(9, "link", sys_link);
    t.set(10, "unlink", sys_unlink);
    t.set(12, "chdir", sys_chdir);
    t.set(14, "mknod", sys_mknod);
    t.set(15, "chmod", sys_chmod);
    t.set(16, "lchown", sys_lchown16);
    t.set(19, "lseek", sys_lseek);
    t.set(30, "utime", sys_utime);
    t.set(33, "access", sys_access);
    t.set(36, "sync", sys_sync);
    t.set(38, "rename", sys_rename);
    t.set(39, "mkdir", sys_mkdir);
    t.set(40, "rmdir", sys_rmdir);
    t.set(41, "dup", sys_dup);
    t.set(42, "pipe", sys_pipe);
    t.set(54, "ioctl", sys_ioctl);
    t.set(55, "fcntl", sys_fcntl);
    t.set(60, "umask", sys_umask);
    t.set(63, "dup2", sys_dup2);
    t.set(82, "select", sys_old_select);
    t.set(83, "symlink", sys_symlink);
    t.set(85, "readlink", sys_readlink);
    t.set(92, "truncate", sys_truncate);
    t.set(93, "ftruncate", sys_ftruncate);
    t.set(94, "fchmod", sys_fchmod);
    t.set(95, "fchown", sys_fchown16);
    t.set(99, "statfs", sys_statfs);
    t.set(100, "fstatfs", sys_fstatfs);
    t.set(106, "stat", sys_stat);
    t.set(107, "lstat", sys_lstat);
    t.set(108, "fstat", sys_fstat);
    t.set(118, "fsync", sys_fsync);
    t.set(133, "fchdir", sys_fchdir);
    t.set(140, "_llseek", sys_llseek);
    t.set(141, "getdents", sys_getdents);
    t.set(142, "_newselect", sys_newselect);
    t.set(143, "flock", sys_flock);
    t.set(145, "readv", sys_readv);
    t.set(146, "writev", sys_writev);
    t.set(148, "fdatasync", sys_fdatasync);
    t.set(168, "poll", sys_poll);
    t.set(180, "pread64", sys_pread64);
    t.set(181, "pwrite64", sys_pwrite64);
    t.set(182, "chown", sys_chown16);
    t.set(183, "getcwd", sys_getcwd);
    t.set(187, "sendfile", sys_sendfile);
    t.set(193, "truncate64", sys_truncate64);
    t.set(194, "ftruncate64", sys_ftruncate64);
    t.set(195, "stat64", sys_stat64);
    t.set(196, "lstat64", sys_lstat64);
    t.set(197, "fstat64", sys_fstat64);
    t.set(198, "lchown32", sys_lchown32);
    t.set(207, "fchown32", sys_fchown32);
    t.set(212, "chown32", sys_chown32);
    t.set(220, "getdents64", sys_getdents64);
    t.set(221, "fcntl64", sys_fcntl64);
    t.set(239, "sendfile64", sys_sendfile64);
    t.set(268, "statfs64", sys_statfs64);
    t.set(269, "fstatfs64", sys_fstatfs64);
    t.set(271, "utimes", sys_utimes);
    t.set(295, "openat", sys_openat);
    t.set(296, "mkdirat", sys_mkdirat);
    t.set(297, "mknodat", sys_mknodat);
    t.set(298, "fchownat", sys_fchownat);
    t.set(299, "futimesat", sys_futimesat);
    t.set(300, "fstatat64", sys_fstatat64);
    t.set(301, "unlinkat", sys_unlinkat);
    t.set(302, "renameat", sys_renameat);
    t.set(303, "linkat", sys_linkat);
    t.set(304, "symlinkat", sys_symlinkat);
    t.set(305, "readlinkat", sys_readlinkat);
    t.set(306, "fchmodat", sys_fchmodat);
    t.set(307, "faccessat", sys_faccessat);
    t.set(308, "pselect6", sys_pselect6);
    t.set(309, "ppoll", sys_ppoll);
    t.set(320, "utimensat", sys_utimensat);
    t.set(324, "fallocate", sys_fallocate);
    t.set(330, "dup3", sys_dup3);
    t.set(331, "pipe2", sys_pipe2);
    t.set(333, "preadv", sys_preadv);
    t.set(334, "pwritev", sys_pwritev);
    t.set(353, "renameat2", sys_renameat2);
    t.set(383, "statx", sys_statx);
    t.set(412, "utimensat_time64", sys_utimensat64);
    t.set(413, "pselect6_time64", sys_pselect6_64);
    t.set(414, "ppoll_time64", sys_ppoll64);
    t.set(439, "faccessat2", sys_faccessat2);
}

} // namespace cm::fw
