// Time calls: clocks, sleeps and getrandom. The old calls use i386's 32-bit
// struct timespec/timeval; the *_time64 calls use 64-bit seconds and
// nanoseconds.
#include <sys/random.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <vector>

#include "fw/process.hpp"
#include "fw/syscalls.hpp"
#include "guest_io.hpp"

namespace cm::fw {
namespace {

int32_t err() {
    return -errno;
}

/// Reads a guest timespec (32- or 64-bit); -EFAULT or -EINVAL if invalid.
int32_t get_timespec(Process& p, uint32_t addr, bool time64, struct timespec& ts) {
    int64_t sec, nsec;
    if (time64) {
        int64_t v[2];
        if (!p.mem.read_bytes(addr, v, sizeof v)) return -EFAULT;
        sec = v[0];
        // A 32-bit process's time64 nanoseconds: only the low 32 bits count.
        nsec = int32_t(uint32_t(v[1]));
    } else {
        int32_t v[2];
        if (!p.mem.read_bytes(addr, v, sizeof v)) return -EFAULT;
        sec = v[0];
        nsec = v[1];
    }
    if (nsec < 0 || nsec >= 1000000000) return -EINVAL;
    ts = {time_t(sec), long(nsec)};
    return 0;
}

bool put_timespec(Process& p, uint32_t addr, bool time64, const struct timespec& ts) {
    if (time64) {
        int64_t v[2] = {int64_t(ts.tv_sec), int64_t(ts.tv_nsec)};
        return gio::put(p.mem, addr, v);
    }
    int32_t v[2] = {int32_t(ts.tv_sec), int32_t(ts.tv_nsec)};
    return gio::put(p.mem, addr, v);
}

int32_t do_clock_gettime(Process& p, const SyscallArgs& a, bool time64) {
    struct timespec ts;
    if (::clock_gettime(clockid_t(int32_t(a.a[0])), &ts) < 0) return err();
    return put_timespec(p, a.a[1], time64, ts) ? 0 : -EFAULT;
}
int32_t sys_clock_gettime(Process& p, const SyscallArgs& a) {
    return do_clock_gettime(p, a, false);
}
int32_t sys_clock_gettime64(Process& p, const SyscallArgs& a) {
    return do_clock_gettime(p, a, true);
}

int32_t do_clock_getres(Process& p, const SyscallArgs& a, bool time64) {
    struct timespec ts;
    if (::clock_getres(clockid_t(int32_t(a.a[0])), &ts) < 0) return err();
    if (a.a[1] && !put_timespec(p, a.a[1], time64, ts)) return -EFAULT;
    return 0;
}
int32_t sys_clock_getres(Process& p, const SyscallArgs& a) {
    return do_clock_getres(p, a, false);
}
int32_t sys_clock_getres64(Process& p, const SyscallArgs& a) {
    return do_clock_getres(p, a, true);
}

int32_t sys_gettimeofday(Process& p, const SyscallArgs& a) {
    struct timeval tv;
    struct timezone tz;
    if (::gettimeofday(&tv, &tz) < 0) return err();
    if (a.a[0]) {
        int32_t v[2] = {int32_t(tv.tv_sec), int32_t(tv.tv_usec)};
        if (!gio::put(p.mem, a.a[0], v)) return -EFAULT;
    }
    if (a.a[1]) {
        int32_t v[2] = {tz.tz_minuteswest, tz.tz_dsttime};
        if (!gio::put(p.mem, a.a[1], v)) return -EFAULT;
    }
    return 0;
}

int32_t sys_time(Process& p, const SyscallArgs& a) {
    int32_t t = int32_t(::time(nullptr));
    if (a.a[0] && !gio::put(p.mem, a.a[0], t)) return -EFAULT;
    return t;
}

/// A sleep interrupted by a host signal returns -EINTR (and the time left),
/// so that the guest's handler runs as it would natively.
int32_t do_nanosleep(Process& p, uint32_t req, uint32_t rem, bool time64) {
    struct timespec ts, left;
    if (int32_t r = get_timespec(p, req, time64, ts)) return r;
    if (ts.tv_sec < 0) return -EINVAL;
    if (::nanosleep(&ts, &left) == 0) return 0;
    if (errno != EINTR) return err();
    if (rem && !put_timespec(p, rem, time64, left)) return -EFAULT;
    return -EINTR;
}
int32_t sys_nanosleep(Process& p, const SyscallArgs& a) {
    return do_nanosleep(p, a.a[0], a.a[1], false);
}

int32_t do_clock_nanosleep(Process& p, const SyscallArgs& a, bool time64) {
    clockid_t clk = clockid_t(int32_t(a.a[0]));
    int flags = int(a.a[1]);
    struct timespec ts, left;
    if (int32_t r = get_timespec(p, a.a[2], time64, ts)) return r;
    if (ts.tv_sec < 0) return -EINVAL;
    int r = ::clock_nanosleep(clk, flags, &ts, &left);
    if (r == 0) return 0;
    if (r == EINTR && !(flags & TIMER_ABSTIME) && a.a[3] && !put_timespec(p, a.a[3], time64, left))
        return -EFAULT;
    return -r;
}
int32_t sys_clock_nanosleep(Process& p, const SyscallArgs& a) {
    return do_clock_nanosleep(p, a, false);
}
int32_t sys_clock_nanosleep64(Process& p, const SyscallArgs& a) {
    return do_clock_nanosleep(p, a, true);
}

int32_t sys_getrandom(Process& p, const SyscallArgs& a) {
    uint32_t flags = a.a[2];
    if (flags & ~7u) return -EINVAL;
    if ((flags & 4) && (flags & 2)) return -EINVAL; // GRND_INSECURE with GRND_RANDOM
    uint32_t len = std::min<uint32_t>(a.a[1], 0x1ffffff);
    if (len == 0) return 0;
    if (!p.mem.check(a.a[0], len, x86::GuestMemory::W)) return -EFAULT;
    std::vector<uint8_t> buf(len);
    ssize_t n = ::getrandom(buf.data(), len, flags);
    if (n < 0) return err();
    p.mem.write_bytes(a.a[0], buf.data(), uint64_t(n));
    return int32_t(n);
}

} // namespace

void register_time_syscalls(SyscallTable& t) {
    t.set(13, "time", sys_time);
    t.set(78, "gettimeofday", sys_gettimeofday);
    t.set(162, "nanosleep", sys_nanosleep);
    t.set(265, "clock_gettime", sys_clock_gettime);
    t.set(266, "clock_getres", sys_clock_getres);
    t.set(267, "clock_nanosleep", sys_clock_nanosleep);
    t.set(355, "getrandom", sys_getrandom);
    t.set(403, "clock_gettime64", sys_clock_gettime64);
    t.set(406, "clock_getres_time64", sys_clock_getres64);
    t.set(407, "clock_nanosleep_time64", sys_clock_nanosleep64);
}

} // namespace cm::fw
