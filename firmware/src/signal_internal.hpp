// Shared between the signal files: delivery core (signals.cpp), i386 frames
// and sigreturn (signal_frames.cpp), interval timers (signal_timers.cpp).
#pragma once
#include <cstdint>

#include "fw/process.hpp"
#include "fw/signals.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw::sig {

// --- signals.cpp ---------------------------------------------------------

/// Installs a new mask; SIGKILL and SIGSTOP stay unblocked.
void set_blocked(SignalState& s, uint64_t mask);
/// True if the kernel would discard `sig` now (handler kSigIgn, or kSigDfl
/// with an ignoring default), given it is not blocked.
bool ignored(const SignalState& s, int sig);
/// The kernel's force_sig_info: a blocked or ignored signal is unblocked and
/// reset to SIG_DFL, then queued.
void force_signal(Process& p, const GuestSiginfo& info);
/// The process's id as the guest sees it (getpid, gettid).
int32_t guest_pid();

/// sigaltstack bookkeeping, as kernel/signal.c.
bool on_sig_stack(const SignalState& s, uint32_t sp);
uint32_t sas_ss_flags(const SignalState& s, uint32_t sp);
/// Applies a new alternate stack; returns 0 or -errno.
int32_t set_altstack(SignalState& s, uint32_t sp, uint32_t ss_sp, uint32_t ss_flags,
                     uint32_t ss_size);

// --- signal_frames.cpp -----------------------------------------------------

/// How the thread got to the signal: the saved EFLAGS of a fault has RF set,
/// as the CPU pushes it.
enum class Entry { Async, Fault };
/// Builds the handler's frame (sigframe or rt_sigframe) on the guest stack
/// and points the CPU at the handler, as the kernel's setup_frame and
/// setup_rt_frame do. `saved_mask` is the mask the frame restores.
/// Returns false if the frame cannot be written (the caller forces SIGSEGV).
bool setup_frame(Process& p, int sig, const GuestSiginfo& info, const GuestSigaction& act,
                 uint64_t saved_mask, Entry entry);
/// A handler returning into the retcode of its frame on a stack that is not
/// executable: runs the retcode's sigreturn as if it had been fetched (the
/// kernel would have used its vDSO; Codemorph maps none). True if `f` was
/// such a fetch.
bool emulate_retcode(Process& p, const x86::FaultInfo& f);
void register_frame_syscalls(SyscallTable& t); // sigreturn, rt_sigreturn

// --- signal_timers.cpp -----------------------------------------------------

/// Queues the signals of expired interval timers and re-arms periodic ones.
void fire_timers(Process& p);
/// The earliest expiry of an armed timer in host steady-clock nanoseconds
/// (ITIMER_VIRTUAL/PROF are estimated from the process CPU clock), or 0.
int64_t next_wakeup_ns(const SignalState& s);
/// Host steady clock in nanoseconds.
int64_t now_ns();
/// Arms (or disarms) the host's ITIMER_REAL so that a blocking host call
/// (nanosleep, read...) is interrupted with EINTR when the guest's timer is due.
void update_host_alarm(SignalState& s);
void register_timer_syscalls(SyscallTable& t); // alarm, setitimer, getitimer

} // namespace cm::fw::sig
