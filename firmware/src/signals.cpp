// Signals: dispositions, the mask, the pending queue, delivery from the run
// loop and from guest faults, and the system calls that manage them. The
// behaviour follows kernel/signal.c and arch/x86/kernel/{signal,traps}.c;
// the frames themselves are built in signal_frames.cpp.
#include "fw/signals.hpp"

#include <unistd.h>

#include <bit>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>

#include "fw/process.hpp"
#include "fw/syscalls.hpp"
#include "signal_internal.hpp"

namespace cm::fw {

using namespace cm::x86;
using namespace gsig;

int32_t GuestSiginfo::get(unsigned off) const {
    int32_t v;
    std::memcpy(&v, b + off, 4);
    return v;
}
void GuestSiginfo::set(unsigned off, uint32_t v) {
    std::memcpy(b + off, &v, 4);
}

GuestSiginfo GuestSiginfo::make(int sig, int32_t code) {
    GuestSiginfo i;
    i.set(0, uint32_t(sig));
    i.set(8, uint32_t(code));
    return i;
}

GuestSiginfo GuestSiginfo::from_process(int sig, int32_t code) {
    GuestSiginfo i = make(sig, code);
    i.set(12, uint32_t(sig::guest_pid())); // si_pid
    i.set(16, uint32_t(::getuid()));       // si_uid
    return i;
}

SignalState::SignalState() = default;

namespace {

enum class Default { Terminate, Core, Ignore, Stop, Continue };

Default default_action(int sig) {
    switch (sig) {
    case kChld:
    case kUrg:
    case kWinch: return Default::Ignore;
    case kCont: return Default::Continue;
    case kStop:
    case kTstp:
    case kTtin:
    case kTtou: return Default::Stop;
    case kQuit:
    case kIll:
    case kTrap:
    case kAbrt:
    case kBus:
    case kFpe:
    case kSegv:
    case kXcpu:
    case kXfsz:
    case kSys: return Default::Core;
    default: return Default::Terminate;
    }
}

/// Signals a fault raises; the kernel dequeues these before any other.
constexpr uint64_t kSynchronous =
    bit(kSegv) | bit(kBus) | bit(kIll) | bit(kTrap) | bit(kFpe) | bit(kSys);

bool valid(int32_t sig) {
    return sig >= 1 && sig <= kNsig;
}

/// The signal get_signal would take next from `candidates`: synchronous
/// ones first, then the lowest number.
int next_signal(uint64_t candidates) {
    if (!candidates) return 0;
    if (uint64_t sync = candidates & kSynchronous) candidates = sync;
    return std::countr_zero(candidates) + 1;
}

/// Removes the oldest pending instance of `sig` and returns its siginfo.
GuestSiginfo dequeue(SignalState& s, int sig) {
    GuestSiginfo info = GuestSiginfo::make(sig, kSiKernel);
    bool more = false, taken = false;
    for (auto it = s.queue.begin(); it != s.queue.end();) {
        if (it->sig != sig) {
            ++it;
            continue;
        }
        if (taken) {
            more = true;
            break;
        }
        info = it->info;
        taken = true;
        it = s.queue.erase(it);
    }
    if (!more) s.pending &= ~bit(sig);
    return info;
}

/// Drops every pending instance of `sig`.
void discard(SignalState& s, int sig) {
    std::erase_if(s.queue, [sig](const SignalState::Queued& q) { return q.sig == sig; });
    s.pending &= ~bit(sig);
}

/// Turns a system call's restart request into -EINTR or a restart (EIP back
/// onto the int 0x80, EAX the call number again), as handle_signal does;
/// `act` is the handler about to run, or null if none runs.
void apply_restart(Process& p, int32_t nr, const GuestSigaction* act) {
    CpuState& cpu = p.cpu;
    switch (-int32_t(cpu.gpr[EAX])) {
    case kErestartRestartblock:
    case kErestartnohand:
        if (act) {
            cpu.gpr[EAX] = uint32_t(-EINTR);
            return;
        }
        break;
    case kErestartsys:
        if (act && !(act->flags & kSaRestart)) {
            cpu.gpr[EAX] = uint32_t(-EINTR);
            return;
        }
        break;
    case kErestartnointr: break;
    default: return;
    }
    // The kernel resumes a restart block through restart_syscall; the calls
    // Codemorph interrupts are simply issued again with their arguments.
    cpu.gpr[EAX] = uint32_t(nr);
    cpu.eip -= 2;
}

/// The kernel's force_sigsegv after a frame could not be written.
void force_sigsegv(Process& p, int sig) {
    if (sig == kSegv) p.signals->action[kSegv].handler = kSigDfl;
    sig::force_signal(p, GuestSiginfo::make(kSegv, kSiKernel));
}

/// Runs the handler for `sig`: frame, then the mask the handler runs under.
bool run_handler(Process& p, int sig, const GuestSiginfo& info, sig::Entry entry) {
    SignalState& s = *p.signals;
    GuestSigaction act = s.action[sig];
    if (act.flags & kSaResethand) s.action[sig].handler = kSigDfl;
    uint64_t saved = s.restore_mask ? s.saved_mask : s.blocked;
    if (!sig::setup_frame(p, sig, info, act, saved, entry)) {
        force_sigsegv(p, sig);
        return false;
    }
    s.restore_mask = false;
    uint64_t blocked = s.blocked | act.mask;
    if (!(act.flags & kSaNodefer)) blocked |= bit(sig);
    sig::set_blocked(s, blocked);
    return true;
}

/// How a fault becomes a signal: the siginfo and what goes into the
/// thread's trap_nr / error_code (as arch/x86/kernel/traps.c and
/// arch/x86/mm/fault.c fill them; checked against a native i386 process).
struct FaultSignal {
    GuestSiginfo info;
    uint32_t trapno = 0, err = 0;
    bool trap = false; ///< EIP is after the instruction; no RF in the saved EFLAGS
};

FaultSignal classify(const Process& p, const FaultInfo& f) {
    FaultSignal fs;
    fs.trapno = uint32_t(f.kind);
    auto with_addr = [&](int sig, int32_t code, uint32_t addr) {
        fs.info = GuestSiginfo::make(sig, code);
        fs.info.set(12, addr);
    };
    switch (f.kind) {
    case Fault::DivideError: with_addr(kFpe, kFpeIntdiv, f.eip); break;
    case Fault::Debug: {
        // icebp (int1) reports a breakpoint; a TF single step a trace trap.
        uint8_t op = 0;
        if (p.mem.page_flags(f.eip) & GuestMemory::kMapped) op = *p.mem.host(f.eip);
        with_addr(kTrap, op == 0xf1 ? kTrapBrkpt : kTrapTrace, p.cpu.eip);
        fs.trap = true;
        break;
    }
    case Fault::Breakpoint: // do_trap with no si_code: SI_KERNEL, no address
        fs.info = GuestSiginfo::make(kTrap, kSiKernel);
        fs.trap = true;
        break;
    case Fault::Overflow:
        fs.info = GuestSiginfo::make(kSegv, kSiKernel);
        fs.trap = true;
        break;
    case Fault::BoundRange: fs.info = GuestSiginfo::make(kSegv, kSiKernel); break;
    case Fault::InvalidOpcode: with_addr(kIll, kIllIllopn, f.eip); break;
    case Fault::GeneralProtection:
        fs.info = GuestSiginfo::make(kSegv, kSiKernel);
        fs.err = f.error_code;
        break;
    case Fault::PageFault: {
        // MAPERR when no mapping covers the address, ACCERR when one does.
        // The error code is the hardware's: a PROT_NONE page is not present
        // in the page tables, any other mapped page is.
        uint8_t pf = p.mem.page_flags(f.addr);
        bool mapped = pf & GuestMemory::kMapped;
        bool present = mapped && (pf & GuestMemory::RWX);
        fs.err = 4u | (f.write ? 2u : 0u) | (present ? 1u : 0u) | (f.error_code & 16u);
        with_addr(kSegv, mapped ? kSegvAccerr : kSegvMaperr, f.addr);
        break;
    }
    case Fault::FpError: {
        // math_error: the first unmasked exception decides the code.
        uint16_t e = p.cpu.fpu.sw & ~p.cpu.fpu.cw & 0x3f;
        int32_t code = (e & 0x01)   ? kFpeFltinv
                       : (e & 0x04) ? kFpeFltdiv
                       : (e & 0x08) ? kFpeFltovf
                       : (e & 0x12) ? kFpeFltund
                       : (e & 0x20) ? kFpeFltres
                                    : 0;
        with_addr(kFpe, code, f.eip);
        break;
    }
    default: fs.info = GuestSiginfo::make(kSegv, kSiKernel); break;
    }
    return fs;
}

/// Stops the host process, as the guest would be stopped (until SIGCONT).
void stop_process(Process& p) {
    p.warn_once("stop", "the guest stopped itself: stopping codemorph (continue it with kCont)");
    ::kill(::getpid(), SIGSTOP);
}

enum class WaitEnd { Signal, Timeout, NoWaker };

/// Sleeps until a signal that would interrupt the wait is pending: an
/// unblocked one that is not ignored, or one in `wanted`. Only Codemorph's
/// own timers can send one while the guest sleeps; with none armed and no
/// deadline the wait would never end, so it warns and gives up.
WaitEnd wait_for_signal(Process& p, uint64_t wanted, int64_t deadline_ns, const char* what) {
    SignalState& s = *p.signals;
    for (;;) {
        sig::fire_timers(p);
        for (uint64_t m = s.pending & ~s.blocked & ~wanted; m; m &= m - 1) {
            int sig = std::countr_zero(m) + 1;
            if (sig::ignored(s, sig)) discard(s, sig);
        }
        if ((s.pending & wanted) || (s.pending & ~s.blocked)) return WaitEnd::Signal;
        int64_t now = sig::now_ns();
        if (deadline_ns && now >= deadline_ns) return WaitEnd::Timeout;
        int64_t wake = sig::next_wakeup_ns(s);
        if (deadline_ns && (!wake || deadline_ns < wake)) wake = deadline_ns;
        if (!wake) {
            p.warn_once(std::string("wait ") + what,
                        std::string(what) +
                            " with no timer armed would wait forever: returning -EINTR");
            return WaitEnd::NoWaker;
        }
        int64_t d = std::max<int64_t>(wake - now, 0);
        struct timespec ts = {time_t(d / 1000000000), long(d % 1000000000)};
        ::nanosleep(&ts, nullptr);
    }
}

bool read_mask(Process& p, uint32_t addr, uint64_t& m) {
    return p.mem.read_bytes(addr, &m, 8);
}
bool write_mask(Process& p, uint32_t addr, uint64_t m) {
    return p.mem.write_bytes(addr, &m, 8);
}

// --- actions -------------------------------------------------------------

/// do_sigaction: validates, swaps in `act` (if any), returns the old one.
int32_t do_sigaction(Process& p, int32_t sig, const GuestSigaction* act, GuestSigaction* old) {
    if (!valid(sig) || (act && (sig == kKill || sig == kStop))) return -EINVAL;
    SignalState& s = *p.signals;
    if (old) *old = s.action[sig];
    if (act) {
        GuestSigaction a = *act;
        a.flags &= kKnownSaFlags;
        a.mask &= ~kUnblockable;
        s.action[sig] = a;
        // POSIX: setting SIG_IGN (or a default that ignores) discards the
        // pending signal, blocked or not.
        if (sig::ignored(s, sig)) discard(s, sig);
    }
    return 0;
}

int32_t sys_rt_sigaction(Process& p, const SyscallArgs& a) {
    if (a.a[3] != 8) return -EINVAL;
    GuestSigaction act, old;
    if (a.a[1]) {
        uint32_t w[5];
        if (!p.mem.read_bytes(a.a[1], w, sizeof w)) return -EFAULT;
        act = {w[0], w[1], w[2], w[3] | uint64_t(w[4]) << 32};
    }
    int32_t r = do_sigaction(p, int32_t(a.a[0]), a.a[1] ? &act : nullptr, &old);
    if (r) return r;
    if (a.a[2]) {
        uint32_t w[5] = {old.handler, old.flags, old.restorer, uint32_t(old.mask),
                         uint32_t(old.mask >> 32)};
        if (!p.mem.write_bytes(a.a[2], w, sizeof w)) return -EFAULT;
    }
    return 0;
}

/// sigaction (67): struct old_sigaction { handler, mask (32 bits), flags, restorer }.
int32_t sys_sigaction(Process& p, const SyscallArgs& a) {
    GuestSigaction act, old;
    if (a.a[1]) {
        uint32_t w[4];
        if (!p.mem.read_bytes(a.a[1], w, sizeof w)) return -EFAULT;
        act = {w[0], w[2], w[3], w[1]};
    }
    int32_t r = do_sigaction(p, int32_t(a.a[0]), a.a[1] ? &act : nullptr, &old);
    if (r) return r;
    if (a.a[2]) {
        uint32_t w[4] = {old.handler, uint32_t(old.mask), old.flags, old.restorer};
        if (!p.mem.write_bytes(a.a[2], w, sizeof w)) return -EFAULT;
    }
    return 0;
}

/// signal (48): System V semantics (one-shot, not deferred).
int32_t sys_signal(Process& p, const SyscallArgs& a) {
    GuestSigaction act{a.a[1], kSaResethand | kSaNodefer, 0, 0}, old;
    int32_t r = do_sigaction(p, int32_t(a.a[0]), &act, &old);
    return r ? r : int32_t(old.handler);
}

// --- masks ---------------------------------------------------------------

int32_t sys_rt_sigprocmask(Process& p, const SyscallArgs& a) {
    if (a.a[3] != 8) return -EINVAL;
    SignalState& s = *p.signals;
    uint64_t old = s.blocked;
    if (a.a[1]) {
        uint64_t m;
        if (!read_mask(p, a.a[1], m)) return -EFAULT;
        switch (a.a[0]) {
        case 0: m = s.blocked | m; break;  // SIG_BLOCK
        case 1: m = s.blocked & ~m; break; // SIG_UNBLOCK
        case 2: break;                     // SIG_SETMASK
        default: return -EINVAL;
        }
        sig::set_blocked(s, m);
    }
    if (a.a[2] && !write_mask(p, a.a[2], old)) return -EFAULT;
    return 0;
}

/// sigprocmask (126): the first 32 signals only.
int32_t sys_sigprocmask(Process& p, const SyscallArgs& a) {
    SignalState& s = *p.signals;
    uint32_t old = uint32_t(s.blocked);
    if (a.a[1]) {
        uint32_t m;
        if (!p.mem.read_bytes(a.a[1], &m, 4)) return -EFAULT;
        uint64_t b = s.blocked;
        switch (a.a[0]) {
        case 0: b |= m; break;
        case 1: b &= ~uint64_t(m); break;
        case 2: b = (b & ~uint64_t(0xffffffff)) | m; break;
        default: return -EINVAL;
        }
        sig::set_blocked(s, b);
    }
    if (a.a[2] && !p.mem.write_bytes(a.a[2], &old, 4)) return -EFAULT;
    return 0;
}

int32_t sys_sgetmask(Process& p, const SyscallArgs&) {
    return int32_t(uint32_t(p.signals->blocked));
}

int32_t sys_ssetmask(Process& p, const SyscallArgs& a) {
    uint32_t old = uint32_t(p.signals->blocked);
    sig::set_blocked(*p.signals, a.a[0]);
    return int32_t(old);
}

int32_t sys_rt_sigpending(Process& p, const SyscallArgs& a) {
    if (a.a[1] > 8) return -EINVAL;
    uint64_t m = p.signals->pending & p.signals->blocked;
    return p.mem.write_bytes(a.a[0], &m, a.a[1]) ? 0 : -EFAULT;
}

int32_t sys_sigpending(Process& p, const SyscallArgs& a) {
    uint32_t m = uint32_t(p.signals->pending & p.signals->blocked);
    return p.mem.write_bytes(a.a[0], &m, 4) ? 0 : -EFAULT;
}

// --- sending -------------------------------------------------------------

bool is_self(int32_t pid) {
    return pid == sig::guest_pid();
}

int32_t sys_kill(Process& p, const SyscallArgs& a) {
    int32_t pid = int32_t(a.a[0]), sig = int32_t(a.a[1]);
    if (sig < 0 || sig > kNsig) return -EINVAL;
    // The guest is the only process of its group Codemorph knows.
    if (is_self(pid) || pid == 0 || (pid < -1 && -pid == ::getpgrp())) {
        if (sig) send_signal(p, GuestSiginfo::from_process(sig, kSiUser));
        return 0;
    }
    if (pid == -1) {
        p.warn_once("kill -1", "kill(-1, ...) to every process is not passed to the host: ignored");
        return 0;
    }
    // Another host process: as the guest asked.
    return ::kill(pid, sig) < 0 ? -errno : 0;
}

int32_t tkill_self(Process& p, int32_t tgid, int32_t tid, int32_t sig) {
    if (tid <= 0 || tgid == 0 || tgid < -1) return -EINVAL;
    if (sig < 0 || sig > kNsig) return -EINVAL;
    if (!is_self(tid) || (tgid > 0 && !is_self(tgid))) return -ESRCH;
    if (sig) send_signal(p, GuestSiginfo::from_process(sig, kSiTkill));
    return 0;
}

int32_t sys_tkill(Process& p, const SyscallArgs& a) {
    return tkill_self(p, -1, int32_t(a.a[0]), int32_t(a.a[1]));
}

int32_t sys_tgkill(Process& p, const SyscallArgs& a) {
    if (int32_t(a.a[0]) <= 0) return -EINVAL;
    return tkill_self(p, int32_t(a.a[0]), int32_t(a.a[1]), int32_t(a.a[2]));
}

int32_t queue_info(Process& p, int32_t pid, int32_t sig, uint32_t uinfo) {
    GuestSiginfo info;
    if (!p.mem.read_bytes(uinfo, info.b, sizeof info.b)) return -EFAULT;
    if (!valid(sig)) return -EINVAL;
    if (!is_self(pid)) return -ESRCH;
    info.set(0, uint32_t(sig));
    send_signal(p, info);
    return 0;
}

int32_t sys_rt_sigqueueinfo(Process& p, const SyscallArgs& a) {
    return queue_info(p, int32_t(a.a[0]), int32_t(a.a[1]), a.a[2]);
}

int32_t sys_rt_tgsigqueueinfo(Process& p, const SyscallArgs& a) {
    if (int32_t(a.a[0]) <= 0 || int32_t(a.a[1]) <= 0) return -EINVAL;
    if (!is_self(int32_t(a.a[0]))) return -ESRCH;
    return queue_info(p, int32_t(a.a[1]), int32_t(a.a[2]), a.a[3]);
}

// --- waiting -------------------------------------------------------------

int32_t sys_pause(Process& p, const SyscallArgs&) {
    return wait_for_signal(p, 0, 0, "pause") == WaitEnd::NoWaker ? -EINTR : -kErestartnohand;
}

/// sigsuspend: wait under `mask`; the frame of the handler that ends the
/// wait saves the old mask, which sigreturn puts back.
int32_t suspend(Process& p, uint64_t mask) {
    SignalState& s = *p.signals;
    s.saved_mask = s.blocked;
    s.restore_mask = true;
    sig::set_blocked(s, mask);
    return wait_for_signal(p, 0, 0, "sigsuspend") == WaitEnd::NoWaker ? -EINTR : -kErestartnohand;
}

int32_t sys_rt_sigsuspend(Process& p, const SyscallArgs& a) {
    if (a.a[1] != 8) return -EINVAL;
    uint64_t m;
    if (!read_mask(p, a.a[0], m)) return -EFAULT;
    return suspend(p, m);
}

/// sigsuspend (72): i386 passes two unused words, then the 32-bit mask.
int32_t sys_sigsuspend(Process& p, const SyscallArgs& a) {
    return suspend(p, (p.signals->blocked & ~uint64_t(0xffffffff)) | a.a[2]);
}

int32_t sigtimedwait(Process& p, const SyscallArgs& a, bool time64) {
    if (a.a[3] != 8) return -EINVAL;
    uint64_t set;
    if (!read_mask(p, a.a[0], set)) return -EFAULT;
    set &= ~kUnblockable;
    int64_t deadline = 0;
    bool poll = false;
    if (a.a[2]) {
        int64_t sec, nsec;
        if (time64) {
            int64_t v[2];
            if (!p.mem.read_bytes(a.a[2], v, sizeof v)) return -EFAULT;
            sec = v[0];
            nsec = int64_t(int32_t(v[1])); // the upper half of tv_nsec is padding
        } else {
            int32_t v[2];
            if (!p.mem.read_bytes(a.a[2], v, sizeof v)) return -EFAULT;
            sec = v[0];
            nsec = v[1];
        }
        if (sec < 0 || nsec < 0 || nsec >= 1000000000) return -EINVAL;
        poll = sec == 0 && nsec == 0;
        deadline = sig::now_ns() + sec * 1000000000 + nsec;
    }
    SignalState& s = *p.signals;
    auto take = [&]() -> int32_t {
        int sig = next_signal(s.pending & set);
        GuestSiginfo info = dequeue(s, sig);
        if (a.a[1] && !p.mem.write_bytes(a.a[1], info.b, sizeof info.b)) return -EFAULT;
        return sig;
    };
    if (s.pending & set) return take();
    if (poll) return -EAGAIN;
    // While waiting, the signals of `set` count as unblocked.
    WaitEnd e = wait_for_signal(p, set, deadline, "sigtimedwait");
    if (s.pending & set) return take();
    return e == WaitEnd::Timeout ? -EAGAIN : -EINTR;
}

int32_t sys_rt_sigtimedwait(Process& p, const SyscallArgs& a) {
    return sigtimedwait(p, a, false);
}
int32_t sys_rt_sigtimedwait_time64(Process& p, const SyscallArgs& a) {
    return sigtimedwait(p, a, true);
}

// --- alternate stack -----------------------------------------------------

int32_t sys_sigaltstack(Process& p, const SyscallArgs& a) {
    SignalState& s = *p.signals;
    uint32_t sp = p.cpu.gpr[ESP];
    uint32_t old[3] = {s.ss_sp, sig::sas_ss_flags(s, sp) | s.ss_flags, s.ss_size};
    if (a.a[0]) {
        uint32_t w[3]; // ss_sp, ss_flags, ss_size
        if (!p.mem.read_bytes(a.a[0], w, sizeof w)) return -EFAULT;
        if (int32_t r = sig::set_altstack(s, sp, w[0], w[1], w[2])) return r;
    }
    if (a.a[1] && !p.mem.write_bytes(a.a[1], old, sizeof old)) return -EFAULT;
    return 0;
}

} // namespace

// --- shared helpers ------------------------------------------------------

namespace sig {

void set_blocked(SignalState& s, uint64_t mask) {
    s.blocked = mask & ~kUnblockable;
}

bool ignored(const SignalState& s, int sig) {
    uint32_t h = s.action[sig].handler;
    if (h == kSigIgn) return true;
    if (h != kSigDfl) return false;
    Default d = default_action(sig);
    return d == Default::Ignore || d == Default::Continue;
}

void force_signal(Process& p, const GuestSiginfo& info) {
    SignalState& s = *p.signals;
    int sig = info.signo();
    bool blocked = s.blocked & bit(sig);
    if (blocked || s.action[sig].handler == kSigIgn) {
        s.action[sig].handler = kSigDfl;
        s.blocked &= ~bit(sig);
    }
    if (!(s.pending & bit(sig)) || sig >= 32) {
        s.queue.push_back({sig, info});
        s.pending |= bit(sig);
    }
}

int32_t guest_pid() {
    return int32_t(::getpid());
}

bool on_sig_stack(const SignalState& s, uint32_t sp) {
    if (s.ss_flags & kSsAutodisarm) return false;
    return sp > s.ss_sp && sp - s.ss_sp <= s.ss_size;
}

uint32_t sas_ss_flags(const SignalState& s, uint32_t sp) {
    if (!s.ss_size) return kSsDisable;
    return on_sig_stack(s, sp) ? kSsOnstack : 0;
}

int32_t set_altstack(SignalState& s, uint32_t sp, uint32_t ss_sp, uint32_t ss_flags,
                     uint32_t ss_size) {
    if (on_sig_stack(s, sp)) return -EPERM;
    uint32_t mode = ss_flags & ~kSsAutodisarm;
    if (mode != kSsDisable && mode != kSsOnstack && mode != 0) return -EINVAL;
    if (s.ss_sp == ss_sp && s.ss_size == ss_size && s.ss_flags == ss_flags) return 0;
    if (mode == kSsDisable) {
        ss_size = 0;
        ss_sp = 0;
    } else if (ss_size < kMinSigStkSz) {
        return -ENOMEM;
    }
    s.ss_sp = ss_sp;
    s.ss_size = ss_size;
    s.ss_flags = ss_flags;
    return 0;
}

} // namespace sig

void send_signal(Process& p, const GuestSiginfo& info) {
    SignalState& s = *p.signals;
    int sig = info.signo();
    if (!valid(sig)) return;
    if (!(s.blocked & bit(sig)) && sig::ignored(s, sig)) return;
    if (sig < 32 && (s.pending & bit(sig))) return; // standard signals do not queue
    s.queue.push_back({sig, info});
    s.pending |= bit(sig);
}

void send_kernel_signal(Process& p, int sig) {
    send_signal(p, GuestSiginfo::make(sig, kSiKernel));
}

// --- delivery ------------------------------------------------------------

bool Process::poll_signals(int32_t syscall_nr) {
    if (ended()) return true;
    SignalState& s = *signals;
    sig::fire_timers(*this);
    // sigreturn restores EAX; it is never a restart request.
    bool restart = syscall_nr >= 0 && syscall_nr != 119 && syscall_nr != 173;
    while (int sig = next_signal(s.pending & ~s.blocked)) {
        GuestSiginfo info = dequeue(s, sig);
        const GuestSigaction& act = s.action[sig];
        if (act.handler == kSigIgn) continue;
        if (act.handler == kSigDfl) {
            switch (default_action(sig)) {
            case Default::Ignore:
            case Default::Continue: continue;
            case Default::Stop: stop_process(*this); continue;
            case Default::Terminate: kill_by(sig, false); return true;
            case Default::Core: kill_by(sig, true); return true;
            }
        }
        if (restart) {
            apply_restart(*this, syscall_nr, &act);
            restart = false;
        }
        run_handler(*this, sig, info, sig::Entry::Async);
    }
    if (restart) apply_restart(*this, syscall_nr, nullptr);
    if (s.restore_mask) {
        s.restore_mask = false;
        sig::set_blocked(s, s.saved_mask);
    }
    sig::update_host_alarm(s);
    return ended();
}

Process::FaultOutcome Process::fault(const FaultInfo& f) {
    if (sig::emulate_retcode(*this, f)) return FaultOutcome::Handled;
    SignalState& s = *signals;
    FaultSignal fs = classify(*this, f);
    int sig = fs.info.signo();
    s.trap_nr = fs.trapno;
    s.error_code = fs.err;
    if (f.kind == Fault::PageFault) s.cr2 = f.addr;
    // force_sig_info: a blocked or ignored fault signal is unblocked and
    // reset, so it takes its default action (all of them dump core).
    GuestSigaction& act = s.action[sig];
    if ((s.blocked & bit(sig)) || act.handler == kSigIgn || act.handler == kSigDfl) {
        act.handler = kSigDfl;
        s.blocked &= ~bit(sig);
        return FaultOutcome::Fatal;
    }
    if (!run_handler(*this, sig, fs.info, fs.trap ? sig::Entry::Async : sig::Entry::Fault) &&
        sig == kSegv)
        return FaultOutcome::Fatal;
    return FaultOutcome::Handled;
}

void register_signal_syscalls(SyscallTable& t) {
    t.set(29, "pause", sys_pause);
    t.set(37, "kill", sys_kill);
    t.set(48, "signal", sys_signal);
    t.set(67, "sigaction", sys_sigaction);
    t.set(68, "sgetmask", sys_sgetmask);
    t.set(69, "ssetmask", sys_ssetmask);
    t.set(72, "sigsuspend", sys_sigsuspend);
    t.set(73, "sigpending", sys_sigpending);
    t.set(126, "sigprocmask", sys_sigprocmask);
    t.set(174, "rt_sigaction", sys_rt_sigaction);
    t.set(175, "rt_sigprocmask", sys_rt_sigprocmask);
    t.set(176, "rt_sigpending", sys_rt_sigpending);
    t.set(177, "rt_sigtimedwait", sys_rt_sigtimedwait);
    t.set(178, "rt_sigqueueinfo", sys_rt_sigqueueinfo);
    t.set(179, "rt_sigsuspend", sys_rt_sigsuspend);
    t.set(186, "sigaltstack", sys_sigaltstack);
    t.set(238, "tkill", sys_tkill);
    t.set(270, "tgkill", sys_tgkill);
    t.set(335, "rt_tgsigqueueinfo", sys_rt_tgsigqueueinfo);
    t.set(421, "rt_sigtimedwait_time64", sys_rt_sigtimedwait_time64);
    sig::register_frame_syscalls(t);
    sig::register_timer_syscalls(t);
}

} // namespace cm::fw
