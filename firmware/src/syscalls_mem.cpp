// Memory calls: brk, mmap, mmap2, munmap, mprotect, mremap, madvise, msync,
// mincore, mlock. The areas are kept in VmMap; page permissions in
// GuestMemory.
//
// File mappings: MAP_PRIVATE copies the file's bytes in (Linux's copy-on-write
// is invisible to a single process, except that later writes to the file do
// not show through unwritten pages, which POSIX leaves unspecified).
// MAP_SHARED maps the host file into the guest's reservation, so writes reach
// the file and other mappings; only the part inside the file at mmap time is
// file-backed (Linux raises SIGBUS beyond it; here those pages read as zero).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "fw/files.hpp"
#include "fw/process.hpp"
#include "fw/syscalls.hpp"
#include "fw/vm.hpp"
#include "guest_io.hpp"

namespace cm::fw {
namespace {

using x86::GuestMemory;

constexpr uint32_t kPage = GuestMemory::kPageSize;
constexpr uint64_t kTask = VmMap::kTaskSize;

// Linux i386 mmap flags.
constexpr uint32_t kMapShared = 0x01, kMapPrivate = 0x02, kMapSharedValidate = 0x03,
                   kMapType = 0x0f, kMapFixed = 0x10, kMapAnon = 0x20, kMapGrowsdown = 0x100,
                   kMapDenywrite = 0x800, kMapExecutable = 0x1000, kMapLocked = 0x2000,
                   kMapNoreserve = 0x4000, kMapPopulate = 0x8000, kMapNonblock = 0x10000,
                   kMapStack = 0x20000, kMapHugetlb = 0x40000, kMapSync = 0x80000,
                   kMapFixedNoreplace = 0x100000;
// Flags MAP_SHARED_VALIDATE accepts (LEGACY_MAP_MASK | MAP_SYNC).
constexpr uint32_t kLegacyMapMask =
    kMapShared | kMapPrivate | kMapFixed | kMapAnon | kMapDenywrite | kMapExecutable |
    0x4000000 /* MAP_UNINITIALIZED */ | kMapGrowsdown | kMapLocked | kMapNoreserve | kMapPopulate |
    kMapNonblock | kMapStack | kMapHugetlb;
constexpr uint32_t kProtGrowsdown = 0x01000000, kProtGrowsup = 0x02000000;

uint64_t page_up(uint64_t v) {
    return (v + kPage - 1) & ~uint64_t(kPage - 1);
}

/// Maps the bytes of a file for an area at [start, start+len): private ones
/// are copied, shared ones mapped from the host file. Returns 0 or -errno.
int32_t fill_from_file(Process& p, const VmArea& a, uint32_t start, uint32_t len) {
    uint64_t off = a.offset + (start - a.start);
    struct stat st;
    if (::fstat(a.file->fd, &st) != 0) return -errno;
    uint64_t fsize = uint64_t(st.st_size);
    if (off >= fsize) return 0;
    uint64_t in_file = std::min<uint64_t>(len, fsize - off);
    if (a.shared) {
        int hprot = PROT_READ | (a.file->writable ? PROT_WRITE : 0);
        void* want = p.mem.host(start);
        void* got =
            ::mmap(want, page_up(in_file), hprot, MAP_SHARED | MAP_FIXED, a.file->fd, off_t(off));
        if (got == MAP_FAILED) return -errno;
        return 0;
    }
    uint8_t* dst = p.mem.host(start);
    uint64_t done = 0;
    while (done < in_file) {
        ssize_t n = ::pread(a.file->fd, dst + done, in_file - done, off_t(off + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        if (n == 0) break;
        done += uint64_t(n);
    }
    return 0;
}

/// Creates the pages of area `a` (already validated and placed): replaces
/// whatever was mapped there, fills file contents and records the area.
int32_t install(Process& p, VmArea a) {
    uint32_t len = a.end - a.start;
    // Unmapping first tells the execution engine about replaced code pages.
    p.mem.unmap(a.start, len);
    p.vm->remove(a.start, a.end);
    p.mem.map(a.start, len, p.vm->page_perm(a.prot));
    if (a.file) {
        int32_t r = fill_from_file(p, a, a.start, len);
        if (r < 0) {
            p.mem.unmap(a.start, len);
            return r;
        }
    }
    p.vm->insert(std::move(a));
    return 0;
}

int32_t do_mmap(Process& p, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, int32_t gfd,
                uint64_t pgoff) {
    // Checks in the kernel's order: the descriptor first, then the length,
    // the placement, and last the mapping type and file access.
    bool anon = flags & kMapAnon;
    int hfd = -1;
    struct stat st;
    if (!anon) {
        hfd = p.fds->host(gfd);
        if (hfd < 0) return -EBADF;
        if (::fstat(hfd, &st) != 0) return -errno;
    }
    if (len == 0) return -EINVAL;
    uint64_t plen = page_up(len);
    if (plen > kTask) return -ENOMEM;
    if (pgoff + (plen >> 12) < pgoff) return -EOVERFLOW;

    uint32_t start;
    if (flags & (kMapFixed | kMapFixedNoreplace)) {
        if (addr & (kPage - 1)) return -EINVAL;
        if (uint64_t(addr) + plen > kTask) return -ENOMEM;
        if ((flags & kMapFixedNoreplace) && !p.vm->free(addr, uint64_t(addr) + plen))
            return -EEXIST;
        start = addr;
    } else {
        // A hint is taken if the range is free, as Linux does.
        uint32_t hint = addr & ~(kPage - 1);
        if (hint && hint >= p.vm->mmap_min_addr && uint64_t(hint) + plen <= kTask &&
            p.vm->free(hint, uint64_t(hint) + plen))
            start = hint;
        else
            start = p.vm->place(uint32_t(plen));
        if (!start) return -ENOMEM;
    }

    bool shared;
    switch (flags & kMapType) {
    case kMapShared: shared = true; break;
    case kMapSharedValidate:
        if (flags & ~(kLegacyMapMask | kMapSync | kMapFixedNoreplace)) return -EOPNOTSUPP;
        shared = true;
        break;
    case kMapPrivate: shared = false; break;
    default: return -EINVAL;
    }

    std::shared_ptr<MappedFile> file;
    if (!anon) {
        int fl = ::fcntl(hfd, F_GETFL);
        int acc = fl & O_ACCMODE;
        if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 5)) {
            anon = true; // /dev/zero: an anonymous mapping
        } else if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
            return -ENODEV;
        } else {
            if (acc == O_WRONLY) return -EACCES;
            if (shared && (prot & 2) && acc != O_RDWR) return -EACCES;
            if ((fl & O_APPEND) && shared && (prot & 2)) return -EACCES;
            file = std::make_shared<MappedFile>();
            file->fd = ::fcntl(hfd, F_DUPFD_CLOEXEC, 3);
            if (file->fd < 0) return -errno;
            file->writable = acc == O_RDWR;
            file->dev = st.st_dev;
            file->ino = st.st_ino;
            char link[64], path[4096];
            std::snprintf(link, sizeof link, "/proc/self/fd/%d", hfd);
            ssize_t n = ::readlink(link, path, sizeof path - 1);
            if (n > 0) file->path.assign(path, size_t(n));
        }
    }
    if (start < p.vm->mmap_min_addr && !gio::host_capable(17 /* CAP_SYS_RAWIO */)) return -EPERM;

    VmArea a;
    a.start = start;
    a.end = uint32_t(start + plen);
    a.prot = uint8_t(prot & 7);
    a.shared = shared;
    a.growsdown = (flags & kMapGrowsdown) != 0;
    a.origin = p.vm->next_origin++;
    if (file) {
        a.offset = pgoff << 12;
        a.file = std::move(file);
    }
    int32_t r = install(p, std::move(a));
    if (r < 0) return r;
    p.vm->merge();
    return int32_t(start);
}

int32_t sys_mmap2(Process& p, const SyscallArgs& a) {
    return do_mmap(p, a.a[0], a.a[1], a.a[2], a.a[3], int32_t(a.a[4]), a.a[5]);
}

/// Old mmap: one argument, a pointer to the six values; the offset in bytes.
int32_t sys_old_mmap(Process& p, const SyscallArgs& a) {
    uint32_t v[6];
    if (!p.mem.read_bytes(a.a[0], v, sizeof v)) return -EFAULT;
    if (v[5] & (kPage - 1)) return -EINVAL;
    return do_mmap(p, v[0], v[1], v[2], v[3], int32_t(v[4]), v[5] >> 12);
}

int32_t sys_munmap(Process& p, const SyscallArgs& a) {
    uint32_t start = a.a[0];
    uint64_t len = page_up(a.a[1]);
    if ((start & (kPage - 1)) || len == 0 || uint64_t(start) + len > kTask) return -EINVAL;
    uint64_t end = start + len;
    for (const VmArea* v = p.vm->next_from(start); v && v->start < end;
         v = p.vm->next_from(v->end)) {
        uint32_t lo = std::max(v->start, start);
        uint64_t hi = std::min<uint64_t>(v->end, end);
        p.mem.unmap(lo, hi - lo);
        if (v->end >= end) break;
    }
    p.vm->remove(start, end);
    return 0;
}

int32_t sys_mprotect(Process& p, const SyscallArgs& a) {
    uint32_t start = a.a[0], prot = a.a[2];
    if (start & (kPage - 1)) return -EINVAL;
    if (a.a[1] == 0) return 0;
    uint64_t end = uint64_t(start) + page_up(a.a[1]);
    if (end > (1ull << 32)) return -ENOMEM;
    if (prot & ~(7u | 8u | kProtGrowsdown | kProtGrowsup)) return -EINVAL;
    if ((prot & kProtGrowsdown) && (prot & kProtGrowsup)) return -EINVAL;
    const VmArea* first = p.vm->find(start);
    if (!first) return -ENOMEM;
    if (prot & kProtGrowsdown) {
        if (!first->growsdown) return -EINVAL;
        start = first->start;
    }
    // Linux changes areas in order and stops at the first hole or refusal.
    p.vm->split_at(start);
    if (end < (1ull << 32)) p.vm->split_at(uint32_t(end));
    uint64_t at = start;
    while (at < end) {
        auto it = p.vm->areas().find(uint32_t(at));
        if (it == p.vm->areas().end()) return -ENOMEM;
        VmArea& v = it->second;
        if (v.shared && v.file && (prot & 2) && !v.file->writable) return -EACCES;
        v.prot = uint8_t(prot & 7);
        uint8_t perm = p.vm->page_perm(v.prot);
        p.mem.protect(v.start, v.end - v.start, perm);
        at = v.end ? v.end : (1ull << 32);
    }
    p.vm->merge();
    return 0;
}

int32_t sys_brk(Process& p, const SyscallArgs& a) {
    uint32_t want = a.a[0];
    if (want < p.brk_start) return int32_t(p.brk);
    uint64_t new_page = page_up(want), old_page = page_up(p.brk);
    if (new_page == old_page) {
        p.brk = want;
        return int32_t(p.brk);
    }
    if (want < p.brk) {
        p.mem.unmap(uint32_t(new_page), old_page - new_page);
        p.vm->remove(uint32_t(new_page), old_page);
        p.brk = want;
        return int32_t(p.brk);
    }
    // RLIMIT_DATA counts the heap and the initialised data.
    uint64_t data_limit = p.rlimits[RLIMIT_DATA].cur;
    if (data_limit != RLIM_INFINITY && uint64_t(want - p.brk_start) > data_limit)
        return int32_t(p.brk);
    if (new_page > kTask) return int32_t(p.brk);
    // The heap must stay a page clear of the next area (its guard gap if it is the stack).
    const VmArea* next = p.vm->next_from(uint32_t(old_page));
    if (next) {
        uint64_t limit = next->start;
        if (next->growsdown) limit = limit > (256u * kPage) ? limit - 256u * kPage : 0;
        if (new_page + kPage > limit) return int32_t(p.brk);
    }
    p.mem.map(uint32_t(old_page), new_page - old_page, p.vm->page_perm(3));
    VmArea h;
    h.start = uint32_t(old_page);
    h.end = uint32_t(new_page);
    h.prot = 3;
    h.name = "[heap]";
    p.vm->insert(std::move(h));
    p.vm->merge();
    p.brk = want;
    return int32_t(p.brk);
}

/// Moves (or copies and extends) the pages of `v`'s range [old, old+old_len)
/// to [dst, dst+new_len).
int32_t move_area(Process& p, VmArea v, uint32_t old, uint32_t old_len, uint32_t dst,
                  uint32_t new_len) {
    VmArea n = v;
    n.offset = v.offset + (old - v.start);
    n.start = dst;
    n.end = dst + new_len;
    p.mem.unmap(dst, new_len);
    p.vm->remove(dst, uint64_t(dst) + new_len);
    p.mem.map(dst, new_len, p.vm->page_perm(n.prot));
    if (n.file && n.shared) {
        int32_t r = fill_from_file(p, n, dst, new_len);
        if (r < 0) return r;
    } else {
        std::memcpy(p.mem.host(dst), p.mem.host(old), std::min(old_len, new_len));
        if (n.file && new_len > old_len) fill_from_file(p, n, dst + old_len, new_len - old_len);
    }
    p.mem.unmap(old, old_len);
    p.vm->remove(old, uint64_t(old) + old_len);
    p.vm->insert(std::move(n));
    p.vm->merge();
    return int32_t(dst);
}

int32_t sys_mremap(Process& p, const SyscallArgs& a) {
    constexpr uint32_t kMayMove = 1, kFixed = 2, kDontUnmap = 4;
    uint32_t old = a.a[0], flags = a.a[3], new_addr = a.a[4];
    if (flags & ~(kMayMove | kFixed | kDontUnmap)) return -EINVAL;
    if ((flags & kFixed) && !(flags & kMayMove)) return -EINVAL;
    if (flags & kDontUnmap) return -EINVAL; // needs page-fault semantics Codemorph does not model
    if (old & (kPage - 1)) return -EINVAL;
    uint64_t old_len = page_up(a.a[1]), new_len = page_up(a.a[2]);
    if (new_len == 0 || new_len > kTask) return -EINVAL;
    const VmArea* vp = p.vm->find(old);
    if (old_len == 0) return vp && vp->shared ? -ENOSYS : -EINVAL;
    if (!vp || uint64_t(old) + old_len > vp->end) return -EFAULT;
    VmArea v = *vp;
    if (flags & kFixed) {
        if (new_addr & (kPage - 1)) return -EINVAL;
        if (uint64_t(new_addr) + new_len > kTask) return -EINVAL;
        if (new_addr < old + old_len && old < new_addr + new_len) return -EINVAL;
        return move_area(p, v, old, uint32_t(old_len), new_addr, uint32_t(new_len));
    }
    if (new_len <= old_len) {
        if (new_len < old_len) {
            p.mem.unmap(uint32_t(old + new_len), old_len - new_len);
            p.vm->remove(uint32_t(old + new_len), old + old_len);
        }
        return int32_t(old);
    }
    uint64_t ext_lo = old + old_len, ext_hi = old + new_len;
    // Growing in place needs the range to end at the area's end and free space after it.
    if (ext_lo == v.end && ext_hi <= kTask && p.vm->free(uint32_t(ext_lo), ext_hi)) {
        VmArea e = v;
        e.start = uint32_t(ext_lo);
        e.end = uint32_t(ext_hi);
        if (e.file) e.offset = v.offset + (ext_lo - v.start);
        p.mem.map(e.start, ext_hi - ext_lo, p.vm->page_perm(e.prot));
        if (e.file) fill_from_file(p, e, e.start, uint32_t(ext_hi - ext_lo));
        p.vm->insert(std::move(e));
        p.vm->merge();
        return int32_t(old);
    }
    if (!(flags & kMayMove)) return -ENOMEM;
    uint32_t dst = p.vm->place(uint32_t(new_len));
    if (!dst) return -ENOMEM;
    return move_area(p, v, old, uint32_t(old_len), dst, uint32_t(new_len));
}

int32_t sys_madvise(Process& p, const SyscallArgs& a) {
    uint32_t start = a.a[0], advice = a.a[2];
    if (start & (kPage - 1)) return -EINVAL;
    // Known advice values (MADV_NORMAL..MADV_COLLAPSE); anything else is EINVAL.
    bool known = advice <= 4 || (advice >= 8 && advice <= 25) || advice == 100 || advice == 101;
    if (!known) return -EINVAL;
    uint64_t end = uint64_t(start) + page_up(a.a[1]);
    if (end == start) return 0;
    if (end > (1ull << 32)) return -EINVAL;
    bool hole = false;
    uint64_t at = start;
    for (const VmArea* v = p.vm->next_from(start); at < end; v = p.vm->next_from(uint32_t(at))) {
        if (!v || v->start >= end) {
            hole = true;
            break;
        }
        if (v->start > at) hole = true;
        uint32_t lo = std::max<uint32_t>(v->start, uint32_t(at));
        uint64_t hi = std::min<uint64_t>(v->end ? v->end : (1ull << 32), end);
        // MADV_DONTNEED (4) and MADV_REMOVE (9) drop private pages: they read
        // back as zero (anonymous) or as the file's contents.
        if ((advice == 4 || advice == 9) && !(v->shared && v->file)) {
            VmArea copy = *v;
            uint8_t flags = p.mem.page_flags(lo);
            p.mem.unmap(lo, hi - lo);
            p.mem.map(lo, hi - lo, flags & GuestMemory::RWX);
            if (copy.file) fill_from_file(p, copy, lo, uint32_t(hi - lo));
        }
        at = hi;
    }
    return hole ? -ENOMEM : 0;
}

int32_t sys_msync(Process& p, const SyscallArgs& a) {
    uint32_t start = a.a[0], flags = a.a[2];
    if (start & (kPage - 1)) return -EINVAL;
    if (flags & ~7u) return -EINVAL;
    if ((flags & 1) && (flags & 4)) return -EINVAL;
    uint64_t end = uint64_t(start) + page_up(a.a[1]);
    uint64_t at = start;
    while (at < end) {
        const VmArea* v = p.vm->find(uint32_t(at));
        if (!v) return -ENOMEM;
        uint64_t hi = std::min<uint64_t>(v->end, end);
        if (v->shared && v->file)
            ::msync(p.mem.host(uint32_t(at)), hi - at, (flags & 4) ? MS_SYNC : MS_ASYNC);
        at = hi;
    }
    return 0;
}

int32_t sys_mincore(Process& p, const SyscallArgs& a) {
    uint32_t start = a.a[0];
    if (start & (kPage - 1)) return -EINVAL;
    uint64_t pages = page_up(a.a[1]) / kPage;
    if (uint64_t(start) + pages * kPage > kTask) return -ENOMEM;
    for (uint64_t i = 0; i < pages; ++i)
        if (!p.vm->find(uint32_t(start + i * kPage))) return -ENOMEM;
    std::string v(pages, '\1');
    if (!p.mem.write_bytes(a.a[2], v.data(), pages)) return -EFAULT;
    return 0;
}

// mlock and friends: all guest memory is resident host memory already.
int32_t sys_mlock(Process& p, const SyscallArgs& a) {
    uint64_t end = uint64_t(a.a[0] & ~(kPage - 1)) + page_up(a.a[1] + (a.a[0] & (kPage - 1)));
    for (uint64_t at = a.a[0] & ~(kPage - 1); at < end; at += kPage)
        if (!p.vm->find(uint32_t(at))) return -ENOMEM;
    return 0;
}
int32_t sys_zero(Process&, const SyscallArgs&) {
    return 0;
}

} // namespace

void register_mem_syscalls(SyscallTable& t) {
    t.set(45, "brk", sys_brk);
    t.set(90, "mmap", sys_old_mmap);
    t.set(91, "munmap", sys_munmap);
    t.set(125, "mprotect", sys_mprotect);
    t.set(144, "msync", sys_msync);
    t.set(150, "mlock", sys_mlock);
    t.set(151, "munlock", sys_mlock);
    t.set(152, "mlockall", sys_zero);
    t.set(153, "munlockall", sys_zero);
    t.set(163, "mremap", sys_mremap);
    t.set(192, "mmap2", sys_mmap2);
    t.set(218, "mincore", sys_mincore);
    t.set(219, "madvise", sys_madvise);
    t.set(376, "mlock2", sys_mlock);
}

} // namespace cm::fw
