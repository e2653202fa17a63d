// The guest process under the Linux i386 personality: its memory map, files,
// segments, signal state and exit state. System-call handlers (syscalls_*.cpp)
// and signal delivery (signals.cpp) work on it.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fw/elf_loader.hpp"
#include "x86/env.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::fw {

struct SignalState; // signals.hpp
struct FdTable;     // files.hpp
struct SegmentState; // segments.hpp
class VmMap;         // vm.hpp

/// How a process ended.
struct ExitState {
    bool exited = false;
    int code = 0;          ///< exit status when it exited
    int term_signal = 0;   ///< signal that killed it (0 if it exited)
    bool core = false;     ///< killed by a signal whose default action dumps core
};

class Process : public x86::GuestEnv {
  public:
    static constexpr uint32_t kStackTop = 0xbffff000;   ///< top of the initial stack
    static constexpr uint32_t kStackSize = 8u << 20;    ///< 8 MiB, the usual RLIMIT_STACK
    static constexpr uint32_t kMmapBase = 0x40000000;   ///< where mmap searches from (i386 legacy layout)
    static constexpr uint32_t kUserCs = 0x73, kUserDs = 0x7b;

    Process(x86::GuestMemory& mem, x86::CpuState& cpu);
    ~Process() override;

    /// Maps the stack and builds argc, argv, envp and auxv on it as the
    /// kernel does; sets ESP, EIP and the flat segment registers.
    void start(const LoadedImage& img, const std::vector<std::string>& argv,
               const std::vector<std::string>& envp, const std::string& execfn);

    /// Handles the system call in EAX (arguments in EBX, ECX, EDX, ESI, EDI,
    /// EBP); the result goes to EAX. Returns true if the process has ended.
    bool syscall();

    /// What happened to a guest fault.
    enum class FaultOutcome { Handled, Fatal };
    /// Turns a guest fault into its signal: sets up the handler's frame and
    /// returns Handled, or returns Fatal (the default action kills).
    FaultOutcome fault(const x86::FaultInfo& f);
    /// Delivers asynchronous signals that are due (timers, kill to self).
    /// Right after a system call, `syscall_nr` is its number: a call that
    /// asked to be restarted (-ERESTARTSYS...) is then restarted or fails
    /// with -EINTR, as the handler's SA_RESTART says. Returns true if a
    /// signal ended the process.
    bool poll_signals(int32_t syscall_nr = -1);

    const ExitState& exit_state() const { return exit_; }
    bool ended() const { return exit_.exited || exit_.term_signal != 0; }
    void exit(int code) { exit_.exited = true; exit_.code = code & 0xff; }
    void kill_by(int sig, bool core) { exit_.term_signal = sig; exit_.core = core; }

    uint64_t rdtsc() override;
    bool load_segment(x86::CpuState& cpu, int seg, uint16_t selector) override;

    /// Prints "codemorph: warning: ..." once per key.
    void warn_once(const std::string& key, const std::string& msg);

    x86::GuestMemory& mem;
    x86::CpuState& cpu;
    LoadedImage image;
    uint32_t brk_start = 0; ///< initial program break
    uint32_t brk = 0;       ///< current program break
    std::unique_ptr<FdTable> fds;
    std::unique_ptr<SignalState> signals;
    std::unique_ptr<SegmentState> segments;
    std::unique_ptr<VmMap> vm;  ///< the memory map: areas, placement (vm.hpp)
    std::string exe_path;       ///< absolute path of the program (/proc/self/exe)
    /// Resource limits the guest sees (RLIMIT_*: soft, hard); kept apart from
    /// the host's so that a guest setrlimit cannot constrain the simulator.
    struct Rlimit {
        uint64_t cur, max;
    };
    Rlimit rlimits[16] = {};
    std::string comm;            ///< the name prctl(PR_GET_NAME) reports (up to 15 bytes)
    uint32_t personality = 0;    ///< personality(2) flags (READ_IMPLIES_EXEC set without PT_GNU_STACK)

  private:
    ExitState exit_;
    std::set<std::string> warned_;
};

} // namespace cm::fw
