// Interval timers: alarm, setitimer, getitimer. ITIMER_REAL runs on the
// host's monotonic clock (as the kernel's hrtimer does); ITIMER_VIRTUAL and
// ITIMER_PROF on the host process CPU clock, which stands in for the guest's
// CPU time. Expiry is checked whenever signals are polled (between
// instruction slices and after every system call).
//
// So that a blocking host call the guest made (nanosleep, read...) ends with
// EINTR when the guest's real timer is due, as the guest's would, the host's
// own ITIMER_REAL is armed for the same moment with a handler that does
// nothing and without SA_RESTART.
#include <sys/time.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <ctime>

#include "fw/process.hpp"
#include "fw/signals.hpp"
#include "fw/syscalls.hpp"
#include "signal_internal.hpp"

namespace cm::fw {

namespace {
constexpr int kReal = 0, kVirtual = 1, kProf = 2;
constexpr int64_t kNsPerSec = 1000000000, kNsPerUsec = 1000;

int64_t cpu_ns() {
    struct timespec ts;
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * kNsPerSec + ts.tv_nsec;
}

int64_t clock_ns(int which) {
    return which == kReal ? sig::now_ns() : cpu_ns();
}

int timer_signal(int which) {
    return which == kReal ? gsig::kAlrm : which == kVirtual ? gsig::kVtalrm : gsig::kProf;
}

void host_alarm_handler(int) {}

void set_host_itimer(int64_t delay_ns) {
    static bool installed = false;
    if (!installed && delay_ns) {
        struct sigaction sa = {};
        sa.sa_handler = host_alarm_handler;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGALRM, &sa, nullptr); // no SA_RESTART: blocking calls end with EINTR
        installed = true;
    }
    struct itimerval v = {};
    if (delay_ns) {
        delay_ns = std::max<int64_t>(delay_ns, kNsPerUsec);
        v.it_value.tv_sec = time_t(delay_ns / kNsPerSec);
        v.it_value.tv_usec = suseconds_t((delay_ns % kNsPerSec + kNsPerUsec - 1) / kNsPerUsec);
        if (v.it_value.tv_usec >= 1000000) {
            v.it_value.tv_sec += 1;
            v.it_value.tv_usec -= 1000000;
        }
    }
    ::setitimer(ITIMER_REAL, &v, nullptr);
}

/// Time left on a timer (0 if disarmed); an overdue armed one reports 1 us,
/// as itimer_get_remtime does.
int64_t remaining(const IntervalTimer& t, int which) {
    if (!t.deadline_ns) return 0;
    int64_t rem = t.deadline_ns - clock_ns(which);
    return rem > 0 ? rem : kNsPerUsec;
}

/// struct itimerval with 32-bit timevals: interval, then value.
void to_itimerval(int64_t interval, int64_t value, int32_t out[4]) {
    out[0] = int32_t(interval / kNsPerSec);
    out[1] = int32_t(interval % kNsPerSec / kNsPerUsec);
    out[2] = int32_t(value / kNsPerSec);
    out[3] = int32_t(value % kNsPerSec / kNsPerUsec);
}

void arm(SignalState& s, int which, int64_t value, int64_t interval) {
    IntervalTimer& t = s.timer[which];
    t.deadline_ns = value ? clock_ns(which) + value : 0;
    t.interval_ns = interval;
    if (which == kReal) sig::update_host_alarm(s);
}

int32_t sys_alarm(Process& p, const SyscallArgs& a) {
    SignalState& s = *p.signals;
    int64_t rem = remaining(s.timer[kReal], kReal);
    arm(s, kReal, int64_t(a.a[0]) * kNsPerSec, 0);
    // alarm_setitimer: never 0 while an alarm was pending; round to nearest.
    int64_t sec = rem / kNsPerSec, nsec = rem % kNsPerSec;
    if ((!sec && nsec) || nsec >= 500000000) ++sec;
    return int32_t(sec);
}

int32_t sys_setitimer(Process& p, const SyscallArgs& a) {
    uint32_t which = a.a[0];
    if (which > kProf) return -EINVAL;
    int32_t v[4] = {};
    if (a.a[1] && !p.mem.read_bytes(a.a[1], v, sizeof v)) return -EFAULT;
    for (int i = 0; i < 4; i += 2)
        if (v[i] < 0 || v[i + 1] < 0 || v[i + 1] >= 1000000) return -EINVAL;
    SignalState& s = *p.signals;
    int32_t old[4];
    to_itimerval(s.timer[which].interval_ns, remaining(s.timer[which], int(which)), old);
    arm(s, int(which), int64_t(v[2]) * kNsPerSec + int64_t(v[3]) * kNsPerUsec,
        int64_t(v[0]) * kNsPerSec + int64_t(v[1]) * kNsPerUsec);
    if (a.a[2] && !p.mem.write_bytes(a.a[2], old, sizeof old)) return -EFAULT;
    return 0;
}

int32_t sys_getitimer(Process& p, const SyscallArgs& a) {
    uint32_t which = a.a[0];
    if (which > kProf) return -EINVAL;
    const SignalState& s = *p.signals;
    int32_t v[4];
    to_itimerval(s.timer[which].interval_ns, remaining(s.timer[which], int(which)), v);
    return p.mem.write_bytes(a.a[1], v, sizeof v) ? 0 : -EFAULT;
}

} // namespace

SignalState::~SignalState() {
    if (host_alarm_ns) set_host_itimer(0);
}

namespace sig {

int64_t now_ns() {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

void fire_timers(Process& p) {
    SignalState& s = *p.signals;
    for (int w = kReal; w <= kProf; ++w) {
        IntervalTimer& t = s.timer[w];
        if (!t.deadline_ns) continue;
        int64_t now = clock_ns(w);
        if (now < t.deadline_ns) continue;
        send_kernel_signal(p, timer_signal(w));
        // Overruns collapse into one signal, as hrtimer_forward does.
        if (t.interval_ns)
            t.deadline_ns += t.interval_ns * ((now - t.deadline_ns) / t.interval_ns + 1);
        else
            t.deadline_ns = 0;
    }
}

int64_t next_wakeup_ns(const SignalState& s) {
    // Only the real timer advances while the process sleeps.
    return s.timer[kReal].deadline_ns;
}

void update_host_alarm(SignalState& s) {
    int64_t want = s.timer[kReal].deadline_ns;
    if (want == s.host_alarm_ns) return;
    s.host_alarm_ns = want;
    set_host_itimer(want ? std::max<int64_t>(want - now_ns(), 1) : 0);
}

void register_timer_syscalls(SyscallTable& t) {
    t.set(27, "alarm", sys_alarm);
    t.set(104, "setitimer", sys_setitimer);
    t.set(105, "getitimer", sys_getitimer);
}

} // namespace sig
} // namespace cm::fw
