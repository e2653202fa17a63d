// Process calls: exit, ids, uname, resource limits and usage, scheduling
// queries, prctl/personality, the thread-library calls a single-threaded
// program makes at startup (set_tid_address, set_robust_list, rseq, futex),
// and process creation, which Codemorph refuses: it runs one process.
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "fw/process.hpp"
#include "fw/syscalls.hpp"
#include "fw/vm.hpp"
#include "guest_io.hpp"

namespace cm::fw {
namespace {

int32_t err() {
    return -errno;
}

int32_t sys_exit(Process& p, const SyscallArgs& a) {
    p.exit(int(a.a[0] & 0xff));
    return 0;
}

// ---- process creation: refused ------------------------------------------

void warn_single(Process& p, const char* call) {
    p.warn_once("process creation",
                std::string(call) +
                    ": Codemorph runs a single guest process and cannot create another; "
                    "the call fails");
}
int32_t sys_fork(Process& p, const SyscallArgs& a) {
    warn_single(p, syscall_name(a.nr));
    return -EAGAIN;
}
int32_t sys_clone3(Process& p, const SyscallArgs&) {
    // ENOSYS makes a C library fall back to clone, which then fails with EAGAIN.
    warn_single(p, "clone3");
    return -ENOSYS;
}
int32_t sys_execve(Process& p, const SyscallArgs& a) {
    std::string path;
    gio::read_cstr(p.mem, a.nr == 11 ? a.a[0] : a.a[1], path);
    p.warn_once(
        "execve",
        std::string(syscall_name(a.nr)) + " of '" + path +
            "': Codemorph runs a single guest program and cannot replace it; the call fails");
    return -ENOSYS;
}
int32_t sys_wait(Process&, const SyscallArgs&) {
    return -ECHILD;
}

// ---- ids -----------------------------------------------------------------

uint16_t id16(uint32_t id) {
    return id > 0xffff ? 65534 : uint16_t(id);
} // overflowuid
uint32_t from16(uint32_t v) {
    return (v & 0xffff) == 0xffff ? uint32_t(-1) : (v & 0xffff);
}

int32_t sys_getpid(Process&, const SyscallArgs&) {
    return ::getpid();
}
int32_t sys_getppid(Process&, const SyscallArgs&) {
    return ::getppid();
}
int32_t sys_getuid32(Process&, const SyscallArgs&) {
    return int32_t(::getuid());
}
int32_t sys_getgid32(Process&, const SyscallArgs&) {
    return int32_t(::getgid());
}
int32_t sys_geteuid32(Process&, const SyscallArgs&) {
    return int32_t(::geteuid());
}
int32_t sys_getegid32(Process&, const SyscallArgs&) {
    return int32_t(::getegid());
}
int32_t sys_getuid16(Process&, const SyscallArgs&) {
    return id16(::getuid());
}
int32_t sys_getgid16(Process&, const SyscallArgs&) {
    return id16(::getgid());
}
int32_t sys_geteuid16(Process&, const SyscallArgs&) {
    return id16(::geteuid());
}
int32_t sys_getegid16(Process&, const SyscallArgs&) {
    return id16(::getegid());
}

int32_t do_getres(Process& p, const SyscallArgs& a, bool gid, bool wide) {
    uint32_t v[3];
    uid_t u[3];
    gid_t g[3];
    if (gid) {
        ::getresgid(&g[0], &g[1], &g[2]);
        for (int i = 0; i < 3; ++i)
            v[i] = g[i];
    } else {
        ::getresuid(&u[0], &u[1], &u[2]);
        for (int i = 0; i < 3; ++i)
            v[i] = u[i];
    }
    for (int i = 0; i < 3; ++i) {
        bool ok = wide ? gio::put(p.mem, a.a[i], v[i]) : gio::put(p.mem, a.a[i], id16(v[i]));
        if (!ok) return -EFAULT;
    }
    return 0;
}
int32_t sys_getresuid32(Process& p, const SyscallArgs& a) {
    return do_getres(p, a, false, true);
}
int32_t sys_getresgid32(Process& p, const SyscallArgs& a) {
    return do_getres(p, a, true, true);
}
int32_t sys_getresuid16(Process& p, const SyscallArgs& a) {
    return do_getres(p, a, false, false);
}
int32_t sys_getresgid16(Process& p, const SyscallArgs& a) {
    return do_getres(p, a, true, false);
}

int32_t do_getgroups(Process& p, const SyscallArgs& a, bool wide) {
    int n = ::getgroups(0, nullptr);
    if (n < 0) return err();
    std::vector<gid_t> g(size_t(n) + 1);
    n = ::getgroups(n, g.data());
    if (n < 0) return err();
    int32_t size = int32_t(a.a[0]);
    if (size < 0) return -EINVAL;
    if (size == 0) return n;
    if (size < n) return -EINVAL;
    for (int i = 0; i < n; ++i) {
        bool ok = wide ? gio::put(p.mem, a.a[1] + 4 * i, uint32_t(g[i]))
                       : gio::put(p.mem, a.a[1] + 2 * i, id16(g[i]));
        if (!ok) return -EFAULT;
    }
    return n;
}
int32_t sys_getgroups32(Process& p, const SyscallArgs& a) {
    return do_getgroups(p, a, true);
}
int32_t sys_getgroups16(Process& p, const SyscallArgs& a) {
    return do_getgroups(p, a, false);
}

// Changing ids changes the simulator's own, as it would the native process's.
int32_t sys_setuid32(Process&, const SyscallArgs& a) {
    return ::setuid(a.a[0]) < 0 ? err() : 0;
}
int32_t sys_setgid32(Process&, const SyscallArgs& a) {
    return ::setgid(a.a[0]) < 0 ? err() : 0;
}
int32_t sys_setuid16(Process&, const SyscallArgs& a) {
    return ::setuid(from16(a.a[0])) < 0 ? err() : 0;
}
int32_t sys_setgid16(Process&, const SyscallArgs& a) {
    return ::setgid(from16(a.a[0])) < 0 ? err() : 0;
}
int32_t sys_setreuid32(Process&, const SyscallArgs& a) {
    return ::setreuid(a.a[0], a.a[1]) < 0 ? err() : 0;
}
int32_t sys_setregid32(Process&, const SyscallArgs& a) {
    return ::setregid(a.a[0], a.a[1]) < 0 ? err() : 0;
}
int32_t sys_setresuid32(Process&, const SyscallArgs& a) {
    return ::setresuid(a.a[0], a.a[1], a.a[2]) < 0 ? err() : 0;
}
int32_t sys_setresgid32(Process&, const SyscallArgs& a) {
    return ::setresgid(a.a[0], a.a[1], a.a[2]) < 0 ? err() : 0;
}

int32_t sys_getpgrp(Process&, const SyscallArgs&) {
    return ::getpgrp();
}
int32_t sys_getpgid(Process&, const SyscallArgs& a) {
    return ::getpgid(pid_t(a.a[0])) < 0 ? err() : ::getpgid(pid_t(a.a[0]));
}
int32_t sys_getsid(Process&, const SyscallArgs& a) {
    return ::getsid(pid_t(a.a[0])) < 0 ? err() : ::getsid(pid_t(a.a[0]));
}
int32_t sys_setpgid(Process&, const SyscallArgs& a) {
    return ::setpgid(pid_t(a.a[0]), pid_t(a.a[1])) < 0 ? err() : 0;
}
int32_t sys_setsid(Process&, const SyscallArgs&) {
    pid_t r = ::setsid();
    return r < 0 ? err() : r;
}

// ---- uname ---------------------------------------------------------------

int32_t sys_uname(Process& p, const SyscallArgs& a) {
    struct utsname u;
    if (::uname(&u) < 0) return err();
    char g[6][65] = {};
    const char* f[6] = {u.sysname, u.nodename, u.release, u.version, "i686", u.domainname};
    for (int i = 0; i < 6; ++i)
        std::strncpy(g[i], f[i], 64);
    return gio::put(p.mem, a.a[0], g) ? 0 : -EFAULT;
}

// ---- resource limits and usage ------------------------------------------

constexpr uint64_t kInf = ~0ull;

int32_t sys_ugetrlimit(Process& p, const SyscallArgs& a) {
    if (a.a[0] >= 16) return -EINVAL;
    const Process::Rlimit& r = p.rlimits[a.a[0]];
    uint32_t v[2] = {uint32_t(std::min<uint64_t>(r.cur, 0xffffffffu)),
                     uint32_t(std::min<uint64_t>(r.max, 0xffffffffu))};
    return gio::put(p.mem, a.a[1], v) ? 0 : -EFAULT;
}

/// The old getrlimit: "infinity" was 0x7fffffff.
int32_t sys_old_getrlimit(Process& p, const SyscallArgs& a) {
    if (a.a[0] >= 16) return -EINVAL;
    const Process::Rlimit& r = p.rlimits[a.a[0]];
    uint32_t v[2] = {uint32_t(std::min<uint64_t>(r.cur, 0x7fffffffu)),
                     uint32_t(std::min<uint64_t>(r.max, 0x7fffffffu))};
    return gio::put(p.mem, a.a[1], v) ? 0 : -EFAULT;
}

/// do_prlimit's checks; the limits are the guest's own and do not touch the host's.
int32_t set_limit(Process& p, unsigned res, uint64_t cur, uint64_t max) {
    if (cur > max) return -EINVAL;
    Process::Rlimit& r = p.rlimits[res];
    if (max > r.max && !gio::host_capable(24 /* CAP_SYS_RESOURCE */)) return -EPERM;
    if (res == RLIMIT_NOFILE && max > 1048576) return -EPERM; // fs.nr_open
    r = {cur, max};
    return 0;
}

int32_t sys_setrlimit(Process& p, const SyscallArgs& a) {
    if (a.a[0] >= 16) return -EINVAL;
    uint32_t v[2];
    if (!gio::get(p.mem, a.a[1], v)) return -EFAULT;
    auto wide = [](uint32_t x) { return x == 0xffffffffu ? kInf : uint64_t(x); };
    return set_limit(p, a.a[0], wide(v[0]), wide(v[1]));
}

int32_t sys_prlimit64(Process& p, const SyscallArgs& a) {
    pid_t pid = pid_t(a.a[0]);
    if (pid != 0 && pid != ::getpid()) return -ESRCH;
    unsigned res = a.a[1];
    if (res >= 16) return -EINVAL;
    uint64_t nv[2];
    if (a.a[2] && !gio::get(p.mem, a.a[2], nv)) return -EFAULT;
    Process::Rlimit old = p.rlimits[res];
    if (a.a[2])
        if (int32_t r = set_limit(p, res, nv[0], nv[1])) return r;
    if (a.a[3]) {
        uint64_t ov[2] = {old.cur, old.max};
        if (!gio::put(p.mem, a.a[3], ov)) return -EFAULT;
    }
    return 0;
}

/// struct rusage of i386: two 32-bit timevals and fourteen longs.
int32_t sys_getrusage(Process& p, const SyscallArgs& a) {
    int who = int32_t(a.a[0]);
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD) return -EINVAL;
    struct rusage r;
    if (::getrusage(who == RUSAGE_CHILDREN ? RUSAGE_CHILDREN : RUSAGE_SELF, &r) < 0) return err();
    int32_t g[18] = {int32_t(r.ru_utime.tv_sec), int32_t(r.ru_utime.tv_usec),
                     int32_t(r.ru_stime.tv_sec), int32_t(r.ru_stime.tv_usec)};
    const long* rest = &r.ru_maxrss;
    for (int i = 0; i < 14; ++i)
        g[4 + i] = int32_t(rest[i]);
    return gio::put(p.mem, a.a[1], g) ? 0 : -EFAULT;
}

int32_t sys_times(Process& p, const SyscallArgs& a) {
    struct tms t;
    clock_t now = ::times(&t);
    if (a.a[0]) {
        int32_t g[4] = {int32_t(t.tms_utime), int32_t(t.tms_stime), int32_t(t.tms_cutime),
                        int32_t(t.tms_cstime)};
        if (!gio::put(p.mem, a.a[0], g)) return -EFAULT;
    }
    return int32_t(uint32_t(now));
}

/// struct sysinfo of i386 (64 bytes), scaled as the compat kernel does when
/// sizes overflow 32 bits.
int32_t sys_sysinfo(Process& p, const SyscallArgs& a) {
    struct sysinfo s;
    if (::sysinfo(&s) < 0) return err();
    uint64_t unit = s.mem_unit ? s.mem_unit : 1;
    uint64_t v[8] = {s.totalram * unit,  s.freeram * unit,  s.sharedram * unit, s.bufferram * unit,
                     s.totalswap * unit, s.freeswap * unit, s.totalhigh * unit, s.freehigh * unit};
    uint32_t mem_unit = 1;
    if ((v[0] >> 32) || (v[4] >> 32)) {
        int shift = 0;
        while (mem_unit < 4096) {
            mem_unit <<= 1;
            ++shift;
        }
        for (uint64_t& x : v)
            x >>= shift;
    }
    struct G {
        int32_t uptime;
        uint32_t loads[3];
        uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
        uint16_t procs, pad;
        uint32_t totalhigh, freehigh, mem_unit;
        char f[8];
    } g{};
    static_assert(sizeof(G) == 64);
    g.uptime = int32_t(s.uptime);
    for (int i = 0; i < 3; ++i)
        g.loads[i] = uint32_t(s.loads[i]);
    g.totalram = uint32_t(v[0]);
    g.freeram = uint32_t(v[1]);
    g.sharedram = uint32_t(v[2]);
    g.bufferram = uint32_t(v[3]);
    g.totalswap = uint32_t(v[4]);
    g.freeswap = uint32_t(v[5]);
    g.totalhigh = uint32_t(v[6]);
    g.freehigh = uint32_t(v[7]);
    g.procs = s.procs;
    g.mem_unit = mem_unit;
    return gio::put(p.mem, a.a[0], g) ? 0 : -EFAULT;
}

// ---- scheduling ----------------------------------------------------------

int32_t sys_sched_yield(Process&, const SyscallArgs&) {
    return 0;
}

int32_t sys_sched_getaffinity(Process& p, const SyscallArgs& a) {
    pid_t pid = pid_t(a.a[0]);
    if (pid != 0 && pid != ::getpid()) return -ESRCH;
    uint32_t len = a.a[1];
    long ncpu = ::sysconf(_SC_NPROCESSORS_CONF);
    if (uint64_t(len) * 8 < uint64_t(ncpu) || (len & 3)) return -EINVAL;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) < 0) return err();
    // The kernel copies its cpumask: as many bytes as the configured CPUs need, in longs.
    uint32_t size = uint32_t((ncpu + 63) / 64 * 8);
    uint32_t n = std::min(len, size);
    if (!p.mem.write_bytes(a.a[2], &set, n)) return -EFAULT;
    return int32_t(n);
}

int32_t sys_sched_setaffinity(Process&, const SyscallArgs& a) {
    pid_t pid = pid_t(a.a[0]);
    if (pid != 0 && pid != ::getpid()) return -ESRCH;
    return 0;
}

int32_t sys_sched_getscheduler(Process&, const SyscallArgs& a) {
    int r = ::sched_getscheduler(pid_t(a.a[0]));
    return r < 0 ? err() : r;
}
int32_t sys_sched_getparam(Process& p, const SyscallArgs& a) {
    struct sched_param sp;
    if (::sched_getparam(pid_t(a.a[0]), &sp) < 0) return err();
    return gio::put(p.mem, a.a[1], int32_t(sp.sched_priority)) ? 0 : -EFAULT;
}
int32_t sys_sched_prio_max(Process&, const SyscallArgs& a) {
    int r = ::sched_get_priority_max(int(a.a[0]));
    return r < 0 ? err() : r;
}
int32_t sys_sched_prio_min(Process&, const SyscallArgs& a) {
    int r = ::sched_get_priority_min(int(a.a[0]));
    return r < 0 ? err() : r;
}

int32_t sys_getpriority(Process&, const SyscallArgs& a) {
    errno = 0;
    int r = ::getpriority(int(a.a[0]), id_t(a.a[1]));
    if (r == -1 && errno) return err();
    return 20 - r; // the raw call returns 20 - nice
}
int32_t sys_setpriority(Process&, const SyscallArgs& a) {
    return ::setpriority(int(a.a[0]), id_t(a.a[1]), int(a.a[2])) < 0 ? err() : 0;
}

int32_t sys_getcpu(Process& p, const SyscallArgs& a) {
    unsigned cpu = 0, node = 0;
    if (::getcpu(&cpu, &node) < 0) return err();
    if (a.a[0] && !gio::put(p.mem, a.a[0], uint32_t(cpu))) return -EFAULT;
    if (a.a[1] && !gio::put(p.mem, a.a[1], uint32_t(node))) return -EFAULT;
    return 0;
}

// ---- prctl, personality, arch_prctl -------------------------------------

int32_t sys_prctl(Process& p, const SyscallArgs& a) {
    switch (a.a[0]) {
    case PR_SET_NAME: {
        std::string name;
        int r = gio::read_cstr(p.mem, a.a[1], name, 16);
        if (r == -EFAULT) return r;
        p.comm = name.substr(0, 15);
        return 0;
    }
    case PR_GET_NAME: {
        char buf[16] = {};
        std::memcpy(buf, p.comm.data(), std::min<size_t>(p.comm.size(), 15));
        return gio::put(p.mem, a.a[1], buf) ? 0 : -EFAULT;
    }
    case PR_GET_DUMPABLE: return 1;
    case PR_SET_DUMPABLE: return a.a[1] <= 1 ? 0 : -EINVAL;
    case PR_GET_PDEATHSIG: return gio::put(p.mem, a.a[1], int32_t(0)) ? 0 : -EFAULT;
    case PR_SET_PDEATHSIG: return a.a[1] <= 64 ? 0 : -EINVAL;
    case PR_GET_NO_NEW_PRIVS: return 0;
    case PR_SET_VMA: return 0;
    default: return -EINVAL;
    }
}

int32_t sys_personality(Process& p, const SyscallArgs& a) {
    uint32_t old = p.personality;
    if (a.a[0] != 0xffffffff) {
        p.personality = a.a[0];
        p.vm->read_implies_exec = a.a[0] & 0x0400000;
    }
    return int32_t(old);
}

int32_t sys_arch_prctl(Process&, const SyscallArgs&) {
    return -EINVAL;
}

// ---- thread-library startup calls and futex -----------------------------

int32_t sys_set_tid_address(Process&, const SyscallArgs&) {
    return ::getpid();
}
int32_t sys_set_robust_list(Process&, const SyscallArgs& a) {
    return a.a[1] == 12 ? 0 : -EINVAL;
}
int32_t sys_get_robust_list(Process& p, const SyscallArgs& a) {
    if (a.a[0] != 0 && pid_t(a.a[0]) != ::getpid()) return -ESRCH;
    if (!gio::put(p.mem, a.a[1], uint32_t(0)) || !gio::put(p.mem, a.a[2], uint32_t(12)))
        return -EFAULT;
    return 0;
}
// No restartable sequences: glibc and musl carry on without them.
int32_t sys_rseq(Process&, const SyscallArgs&) {
    return -ENOSYS;
}

/// Sleeps on a futex no other thread can wake: until the timeout (relative,
/// or absolute on `clock`), or a host signal interrupts.
int32_t futex_block(Process& p, uint32_t ts_addr, bool time64, bool absolute, clockid_t clock) {
    if (!ts_addr) {
        p.warn_once("futex wait",
                    "futex wait with no other thread to wake it: the guest blocks until a signal");
        ::ppoll(nullptr, 0, nullptr, nullptr);
        return -EINTR;
    }
    int64_t sec, nsec;
    if (time64) {
        int64_t v[2];
        if (!p.mem.read_bytes(ts_addr, v, sizeof v)) return -EFAULT;
        sec = v[0];
        nsec = v[1];
    } else {
        int32_t v[2];
        if (!p.mem.read_bytes(ts_addr, v, sizeof v)) return -EFAULT;
        sec = v[0];
        nsec = v[1];
    }
    if (sec < 0 || nsec < 0 || nsec >= 1000000000) return -EINVAL;
    struct timespec ts = {time_t(sec), long(nsec)};
    int r = ::clock_nanosleep(clock, absolute ? TIMER_ABSTIME : 0, &ts, nullptr);
    if (r == EINTR) return -EINTR;
    return -ETIMEDOUT;
}

int32_t do_futex(Process& p, const SyscallArgs& a, bool time64) {
    uint32_t uaddr = a.a[0], op = a.a[1], val = a.a[2], uaddr2 = a.a[4], val3 = a.a[5];
    uint32_t cmd = op & 127;
    bool realtime = op & 256;
    if (uaddr & 3) return -EINVAL;
    auto load = [&](uint32_t addr, uint32_t& v) { return gio::get(p.mem, addr, v); };
    uint32_t cur;
    switch (cmd) {
    case 0: // FUTEX_WAIT: relative timeout
    case 9: // FUTEX_WAIT_BITSET: absolute timeout
        if (cmd == 9 && val3 == 0) return -EINVAL;
        if (!load(uaddr, cur)) return -EFAULT;
        if (cur != val) return -EAGAIN;
        return futex_block(p, a.a[3], time64, cmd == 9,
                           cmd == 9 && !realtime ? CLOCK_MONOTONIC : CLOCK_REALTIME);
    case 1:  // FUTEX_WAKE
    case 10: // FUTEX_WAKE_BITSET
    case 3:  // FUTEX_REQUEUE
        return 0;
    case 4: // FUTEX_CMP_REQUEUE
        if (!load(uaddr, cur)) return -EFAULT;
        return cur == val3 ? 0 : -EAGAIN;
    case 5: { // FUTEX_WAKE_OP: the operation on uaddr2 happens even with no waiters
        uint32_t opv = (val3 >> 28) & 7, shift = (val3 >> 31) & 1;
        int32_t oparg = int32_t(val3 << 8) >> 20;
        if (shift) oparg = int32_t(1u << (oparg & 31));
        uint32_t old;
        if (!load(uaddr2, old)) return -EFAULT;
        uint32_t nv;
        switch (opv) {
        case 0: nv = uint32_t(oparg); break;
        case 1: nv = old + uint32_t(oparg); break;
        case 2: nv = old | uint32_t(oparg); break;
        case 3: nv = old & ~uint32_t(oparg); break;
        case 4: nv = old ^ uint32_t(oparg); break;
        default: return -ENOSYS;
        }
        if (!gio::put(p.mem, uaddr2, nv)) return -EFAULT;
        return 0;
    }
    case 6:    // FUTEX_LOCK_PI
    case 8:    // FUTEX_TRYLOCK_PI
    case 13: { // FUTEX_LOCK_PI2
        uint32_t tid = uint32_t(::getpid());
        if (!load(uaddr, cur)) return -EFAULT;
        if ((cur & 0x3fffffff) == tid) return -EDEADLK;
        if ((cur & 0x3fffffff) == 0)
            return gio::put(p.mem, uaddr, tid | (cur & 0x40000000)) ? 0 : -EFAULT;
        return cmd == 8 ? -EAGAIN : -ESRCH; // held by a thread that does not exist
    }
    case 7: { // FUTEX_UNLOCK_PI
        if (!load(uaddr, cur)) return -EFAULT;
        if ((cur & 0x3fffffff) != uint32_t(::getpid())) return -EPERM;
        return gio::put(p.mem, uaddr, uint32_t(0)) ? 0 : -EFAULT;
    }
    default: return -ENOSYS;
    }
}
int32_t sys_futex(Process& p, const SyscallArgs& a) {
    return do_futex(p, a, false);
}
int32_t sys_futex_time64(Process& p, const SyscallArgs& a) {
    return do_futex(p, a, true);
}

} // namespace

void register_proc_syscalls(SyscallTable& t) {
    t.set(1, "exit", sys_exit);
    t.set(2, "fork", sys_fork);
    t.set(7, "waitpid", sys_wait);
    t.set(11, "execve", sys_execve);
    t.set(20, "getpid", sys_getpid);
    t.set(23, "setuid", sys_setuid16);
    t.set(24, "getuid", sys_getuid16);
    t.set(43, "times", sys_times);
    t.set(46, "setgid", sys_setgid16);
    t.set(47, "getgid", sys_getgid16);
    t.set(49, "geteuid", sys_geteuid16);
    t.set(50, "getegid", sys_getegid16);
    t.set(57, "setpgid", sys_setpgid);
    t.set(64, "getppid", sys_getppid);
    t.set(65, "getpgrp", sys_getpgrp);
    t.set(66, "setsid", sys_setsid);
    t.set(75, "setrlimit", sys_setrlimit);
    t.set(76, "getrlimit", sys_old_getrlimit);
    t.set(77, "getrusage", sys_getrusage);
    t.set(80, "getgroups", sys_getgroups16);
    t.set(96, "getpriority", sys_getpriority);
    t.set(97, "setpriority", sys_setpriority);
    t.set(114, "wait4", sys_wait);
    t.set(116, "sysinfo", sys_sysinfo);
    t.set(120, "clone", sys_fork);
    t.set(122, "uname", sys_uname);
    t.set(132, "getpgid", sys_getpgid);
    t.set(136, "personality", sys_personality);
    t.set(147, "getsid", sys_getsid);
    t.set(155, "sched_getparam", sys_sched_getparam);
    t.set(157, "sched_getscheduler", sys_sched_getscheduler);
    t.set(158, "sched_yield", sys_sched_yield);
    t.set(159, "sched_get_priority_max", sys_sched_prio_max);
    t.set(160, "sched_get_priority_min", sys_sched_prio_min);
    t.set(165, "getresuid", sys_getresuid16);
    t.set(171, "getresgid", sys_getresgid16);
    t.set(172, "prctl", sys_prctl);
    t.set(190, "vfork", sys_fork);
    t.set(191, "ugetrlimit", sys_ugetrlimit);
    t.set(199, "getuid32", sys_getuid32);
    t.set(200, "getgid32", sys_getgid32);
    t.set(201, "geteuid32", sys_geteuid32);
    t.set(202, "getegid32", sys_getegid32);
    t.set(203, "setreuid32", sys_setreuid32);
    t.set(204, "setregid32", sys_setregid32);
    t.set(205, "getgroups32", sys_getgroups32);
    t.set(208, "setresuid32", sys_setresuid32);
    t.set(209, "getresuid32", sys_getresuid32);
    t.set(210, "setresgid32", sys_setresgid32);
    t.set(211, "getresgid32", sys_getresgid32);
    t.set(213, "setuid32", sys_setuid32);
    t.set(214, "setgid32", sys_setgid32);
    t.set(224, "gettid", sys_getpid);
    t.set(240, "futex", sys_futex);
    t.set(241, "sched_setaffinity", sys_sched_setaffinity);
    t.set(242, "sched_getaffinity", sys_sched_getaffinity);
    t.set(252, "exit_group", sys_exit);
    t.set(258, "set_tid_address", sys_set_tid_address);
    t.set(284, "waitid", sys_wait);
    t.set(311, "set_robust_list", sys_set_robust_list);
    t.set(312, "get_robust_list", sys_get_robust_list);
    t.set(318, "getcpu", sys_getcpu);
    t.set(340, "prlimit64", sys_prlimit64);
    t.set(358, "execveat", sys_execve);
    t.set(384, "arch_prctl", sys_arch_prctl);
    t.set(386, "rseq", sys_rseq);
    t.set(422, "futex_time64", sys_futex_time64);
    t.set(435, "clone3", sys_clone3);
}

} // namespace cm::fw
