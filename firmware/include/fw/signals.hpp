// Signal state of the process (handlers, mask, pending signals, alternate
// stack, interval timers) and what other firmware code may use to send the
// guest a signal. Delivery builds the i386 kernel's signal frames
// (signals.cpp, signal_frames.cpp, signal_timers.cpp).
#pragma once
#include <cstdint>
#include <vector>

namespace cm::fw {

class Process;

/// Guest signal numbers and the constants of the i386 signal ABI.
namespace gsig {
constexpr int kNsig = 64; ///< signals 1..64
constexpr int kHup = 1, kInt = 2, kQuit = 3, kIll = 4, kTrap = 5, kAbrt = 6, kBus = 7, kFpe = 8,
              kKill = 9, kUsr1 = 10, kSegv = 11, kUsr2 = 12, kPipe = 13, kAlrm = 14, kTerm = 15,
              kStkflt = 16, kChld = 17, kCont = 18, kStop = 19, kTstp = 20, kTtin = 21, kTtou = 22,
              kUrg = 23, kXcpu = 24, kXfsz = 25, kVtalrm = 26, kProf = 27, kWinch = 28, kIo = 29,
              kPwr = 30, kSys = 31;
constexpr uint32_t kSigDfl = 0, kSigIgn = 1;
constexpr uint32_t kSaNocldstop = 1, kSaNocldwait = 2, kSaSiginfo = 4, kSaExposeTagbits = 0x800,
                   kSaRestorer = 0x04000000, kSaOnstack = 0x08000000, kSaRestart = 0x10000000,
                   kSaNodefer = 0x40000000, kSaResethand = 0x80000000;
/// The flags the kernel keeps (and reports back); others are dropped.
constexpr uint32_t kKnownSaFlags = kSaNocldstop | kSaNocldwait | kSaSiginfo | kSaExposeTagbits |
                                   kSaRestorer | kSaOnstack | kSaRestart | kSaNodefer |
                                   kSaResethand;
constexpr uint32_t kSsOnstack = 1, kSsDisable = 2, kSsAutodisarm = 1u << 31;
constexpr uint32_t kMinSigStkSz = 2048; ///< MINSIGSTKSZ
/// si_code values.
constexpr int32_t kSiUser = 0, kSiKernel = 0x80, kSiQueue = -1, kSiTkill = -6;
constexpr int32_t kSegvMaperr = 1, kSegvAccerr = 2, kIllIllopn = 2, kFpeIntdiv = 1, kFpeFltdiv = 3,
                  kFpeFltovf = 4, kFpeFltund = 5, kFpeFltres = 6, kFpeFltinv = 7, kTrapBrkpt = 1,
                  kTrapTrace = 2;
/// Kernel-internal results asking for a system call to be restarted (never
/// seen by the guest): a blocking call interrupted by a signal returns one
/// of these and delivery turns it into -EINTR or a restart.
constexpr int32_t kErestartsys = 512, kErestartnointr = 513, kErestartnohand = 514,
                  kErestartRestartblock = 516;

constexpr uint64_t bit(int sig) {
    return uint64_t(1) << (sig - 1);
}
/// Signals whose mask bit cannot be set.
constexpr uint64_t kUnblockable = bit(kKill) | bit(kStop);
} // namespace gsig

/// A handler as rt_sigaction sets it.
struct GuestSigaction {
    uint32_t handler = gsig::kSigDfl; ///< guest address, SIG_DFL or SIG_IGN
    uint32_t flags = 0;               ///< SA_*
    uint32_t restorer = 0;            ///< guest address (with SA_RESTORER)
    uint64_t mask = 0;                ///< added to the mask while the handler runs
};

/// The guest's siginfo_t (i386 layout, 128 bytes).
struct GuestSiginfo {
    uint8_t b[128] = {};
    int32_t signo() const { return get(0); }
    int32_t code() const { return get(8); }
    int32_t get(unsigned off) const;
    void set(unsigned off, uint32_t v);
    /// signo, errno 0, code; the union fields zero.
    static GuestSiginfo make(int sig, int32_t code);
    /// From a process (kill, tgkill): si_pid and si_uid of the host process.
    static GuestSiginfo from_process(int sig, int32_t code);
};

/// One of the three interval timers (ITIMER_REAL, _VIRTUAL, _PROF).
struct IntervalTimer {
    int64_t deadline_ns = 0; ///< expiry on the timer's clock; 0 when disarmed
    int64_t interval_ns = 0; ///< reload value; 0 for one-shot
};

struct SignalState {
    SignalState();
    ~SignalState(); ///< disarms the host timer that wakes blocking calls

    GuestSigaction action[gsig::kNsig + 1]; ///< indexed by signal number
    uint64_t blocked = 0;                   ///< bit (sig-1): the signal mask
    uint64_t pending = 0;                   ///< bit (sig-1) set when sig is pending
    struct Queued {
        int sig;
        GuestSiginfo info;
    };
    std::vector<Queued> queue; ///< pending instances in arrival order (real-time ones queue)

    /// sigsuspend: the mask to put back once a handler frame has saved it.
    bool restore_mask = false;
    uint64_t saved_mask = 0;

    /// sigaltstack; size 0 means disabled.
    uint32_t ss_sp = 0, ss_size = 0, ss_flags = 0;

    /// What the last exception left in the thread (the frame's trapno, err
    /// and cr2 come from here, even for a later kill()).
    uint32_t trap_nr = 0, error_code = 0, cr2 = 0;

    IntervalTimer timer[3];
    int64_t host_alarm_ns = 0; ///< when the host SIGALRM is armed for (0: not)
};

/// Sends `info.signo()` to the guest (as the kernel's send_signal): it is
/// queued, or dropped if ignored; delivery happens at the next poll.
void send_signal(Process& p, const GuestSiginfo& info);
/// Sends `sig` with si_code kSiKernel (as timers and forced signals do).
/// A write to a pipe with no reader sends SIGPIPE as the kernel's send_sig
/// does: `send_signal(p, GuestSiginfo::from_process(gsig::kPipe, gsig::kSiUser))`.
void send_kernel_signal(Process& p, int sig);

} // namespace cm::fw
