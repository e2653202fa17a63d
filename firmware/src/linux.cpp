#include "fw/linux.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace cm::fw {

using namespace cm::x86;

namespace {
// Linux i386 numbers used here.
constexpr uint32_t kSysExit = 1, kSysWrite = 4, kSysExitGroup = 252;
constexpr uint32_t kUserCs = 0x73, kUserDs = 0x7b;

struct NameEntry { uint32_t nr; const char* name; };
const NameEntry kNames[] = {
    {1, "exit"}, {2, "fork"}, {3, "read"}, {4, "write"}, {5, "open"}, {6, "close"}, {7, "waitpid"},
    {11, "execve"}, {13, "time"}, {20, "getpid"}, {37, "kill"}, {42, "pipe"}, {45, "brk"},
    {54, "ioctl"}, {90, "mmap"}, {91, "munmap"}, {120, "clone"}, {122, "uname"}, {125, "mprotect"},
    {140, "_llseek"}, {146, "writev"}, {174, "rt_sigaction"}, {175, "rt_sigprocmask"},
    {190, "vfork"}, {192, "mmap2"}, {195, "stat64"}, {197, "fstat64"}, {224, "gettid"},
    {243, "set_thread_area"}, {252, "exit_group"}, {258, "set_tid_address"}, {265, "clock_gettime"},
    {270, "tgkill"}, {295, "openat"}, {355, "getrandom"}, {383, "statx"}, {403, "clock_gettime64"},
};
} // namespace

std::string syscall_name(uint32_t nr) {
    for (auto& e : kNames)
        if (e.nr == nr) return e.name;
    return "syscall_" + std::to_string(nr);
}

void LinuxProcess::start(const LoadedImage& img, const std::vector<std::string>& argv,
                         const std::vector<std::string>& envp, const std::string& execfn) {
    uint8_t stack_perm = GuestMemory::RW | (img.exec_stack ? GuestMemory::X : 0);
    mem_.map(kStackTop - kStackSize, kStackSize, stack_perm);
    brk_ = img.brk;

    // Strings at the top, then AT_RANDOM bytes, then the pointer arrays.
    uint32_t sp = kStackTop;
    auto push_bytes = [&](const void* p, size_t n) {
        sp -= uint32_t(n);
        mem_.poke(sp, p, n);
        return sp;
    };
    uint32_t execfn_addr = push_bytes(execfn.c_str(), execfn.size() + 1);
    std::vector<uint32_t> env_addrs, arg_addrs;
    for (auto it = envp.rbegin(); it != envp.rend(); ++it) env_addrs.insert(env_addrs.begin(), push_bytes(it->c_str(), it->size() + 1));
    for (auto it = argv.rbegin(); it != argv.rend(); ++it) arg_addrs.insert(arg_addrs.begin(), push_bytes(it->c_str(), it->size() + 1));
    const char platform[] = "i686";
    uint32_t platform_addr = push_bytes(platform, sizeof platform);
    uint8_t random[16];
    for (int i = 0; i < 16; ++i) random[i] = uint8_t(0x5a ^ (i * 37)); // fixed: runs are reproducible
    uint32_t random_addr = push_bytes(random, sizeof random);
    sp &= ~15u;

    std::vector<uint32_t> words;
    words.push_back(uint32_t(argv.size()));
    for (uint32_t a : arg_addrs) words.push_back(a);
    words.push_back(0);
    for (uint32_t a : env_addrs) words.push_back(a);
    words.push_back(0);
    auto aux = [&](uint32_t k, uint32_t v) { words.push_back(k); words.push_back(v); };
    aux(3, img.phdr_addr);   // AT_PHDR
    aux(4, img.phent);       // AT_PHENT
    aux(5, img.phnum);       // AT_PHNUM
    aux(6, 4096);            // AT_PAGESZ
    aux(7, 0);               // AT_BASE
    aux(8, 0);               // AT_FLAGS
    aux(9, img.entry);       // AT_ENTRY
    aux(11, 1000);           // AT_UID
    aux(12, 1000);           // AT_EUID
    aux(13, 1000);           // AT_GID
    aux(14, 1000);           // AT_EGID
    aux(15, platform_addr);  // AT_PLATFORM
    aux(16, (1u << 0) | (1u << 4) | (1u << 8) | (1u << 15)); // AT_HWCAP: fpu tsc cx8 cmov
    aux(17, 100);            // AT_CLKTCK
    aux(23, 0);              // AT_SECURE
    aux(25, random_addr);    // AT_RANDOM
    aux(31, execfn_addr);    // AT_EXECFN
    aux(0, 0);               // AT_NULL
    sp -= uint32_t(words.size() * 4);
    sp &= ~15u;
    mem_.poke(sp, words.data(), words.size() * 4);

    cpu_ = CpuState{};
    cpu_.gpr[ESP] = sp;
    cpu_.eip = img.entry;
    cpu_.seg[CS] = kUserCs;
    cpu_.seg[DS] = cpu_.seg[ES] = cpu_.seg[SS] = kUserDs;
}

uint64_t LinuxProcess::rdtsc() {
    using namespace std::chrono;
    return uint64_t(duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count());
}

int32_t LinuxProcess::sys_write(uint32_t fd, uint32_t buf, uint32_t len) {
    if (len == 0) return 0;
    if (!mem_.check(buf, len, GuestMemory::R)) return -EFAULT;
    ssize_t n = ::write(int(fd), mem_.host(buf), len);
    return n < 0 ? -errno : int32_t(n);
}

bool LinuxProcess::syscall() {
    uint32_t nr = cpu_.gpr[EAX];
    uint32_t a1 = cpu_.gpr[EBX], a2 = cpu_.gpr[ECX], a3 = cpu_.gpr[EDX];
    int32_t r;
    switch (nr) {
    case kSysExit:
    case kSysExitGroup:
        exited_ = true;
        exit_code_ = int(a1 & 0xff);
        return true;
    case kSysWrite: r = sys_write(a1, a2, a3); break;
    default:
        if (warned_.insert(nr).second)
            std::fprintf(stderr, "codemorph: warning: unsupported system call %s (%u): returning -ENOSYS\n",
                         syscall_name(nr).c_str(), nr);
        r = -ENOSYS;
        break;
    }
    cpu_.gpr[EAX] = uint32_t(r);
    return false;
}

} // namespace cm::fw
