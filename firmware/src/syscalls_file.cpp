// File calls: write, ...
#include <cerrno>
#include <unistd.h>

#include "fw/files.hpp"
#include "fw/process.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw {
namespace {

int32_t sys_write(Process& p, const SyscallArgs& a) {
    int fd = p.fds->host(int(a.a[0]));
    if (fd < 0) return -EBADF;
    uint32_t buf = a.a[1], len = a.a[2];
    if (len == 0) return 0;
    if (!p.mem.check(buf, len, x86::GuestMemory::R)) return -EFAULT;
    ssize_t n = ::write(fd, p.mem.host(buf), len);
    return n < 0 ? -errno : int32_t(n);
}

} // namespace

void register_file_syscalls(SyscallTable& t) { t.set(4, "write", sys_write); }

} // namespace cm::fw
