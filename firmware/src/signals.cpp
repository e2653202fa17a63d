// Signals: handlers, masks, delivery through i386 frames, sigreturn.
#include "fw/signals.hpp"

#include "fw/process.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw {

Process::FaultOutcome Process::fault(const x86::FaultInfo&) { return FaultOutcome::Fatal; }

bool Process::poll_signals() { return ended(); }

void register_signal_syscalls(SyscallTable&) {}

} // namespace cm::fw
