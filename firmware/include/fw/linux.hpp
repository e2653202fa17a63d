// The Linux i386 personality: the process image's initial stack and the
// int 0x80 system calls. This scope is what asm programs need (exit,
// exit_group, write); the rest answer -ENOSYS with one warning each.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "fw/elf_loader.hpp"
#include "x86/env.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::fw {

class LinuxProcess : public x86::GuestEnv {
  public:
    static constexpr uint32_t kStackTop = 0xbffff000;    ///< just below the i386 kernel split
    static constexpr uint32_t kStackSize = 8u << 20;     ///< 8 MiB, the usual RLIMIT_STACK

    LinuxProcess(x86::GuestMemory& mem, x86::CpuState& cpu) : mem_(mem), cpu_(cpu) {}

    /// Maps the stack and builds argc, argv, envp and auxv on it as the
    /// kernel does; sets ESP, EIP and the flat segment registers.
    void start(const LoadedImage& img, const std::vector<std::string>& argv,
               const std::vector<std::string>& envp, const std::string& execfn);

    /// Handles the system call in EAX (arguments in EBX, ECX, EDX, ESI, EDI,
    /// EBP); the result goes to EAX. Returns true if the process has exited.
    bool syscall();

    bool exited() const { return exited_; }
    int exit_code() const { return exit_code_; }

    uint64_t rdtsc() override;

  private:
    int32_t sys_write(uint32_t fd, uint32_t buf, uint32_t len);

    x86::GuestMemory& mem_;
    x86::CpuState& cpu_;
    bool exited_ = false;
    int exit_code_ = 0;
    uint32_t brk_ = 0;
    std::set<uint32_t> warned_;
};

/// The name of i386 system call `nr`, or "syscall_<nr>".
std::string syscall_name(uint32_t nr);

} // namespace cm::fw
