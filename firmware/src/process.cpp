#include "fw/process.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>

#include "fw/files.hpp"
#include "fw/segments.hpp"
#include "fw/signals.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw {

using namespace cm::x86;

Process::Process(GuestMemory& m, CpuState& c)
    : mem(m), cpu(c), fds(std::make_unique<FdTable>()), signals(std::make_unique<SignalState>()),
      segments(std::make_unique<SegmentState>()) {}

Process::~Process() = default;

void Process::start(const LoadedImage& img, const std::vector<std::string>& argv,
                    const std::vector<std::string>& envp, const std::string& execfn) {
    image = img;
    uint8_t stack_perm = GuestMemory::RW | (img.exec_stack ? GuestMemory::X : 0);
    mem.map(kStackTop - kStackSize, kStackSize, stack_perm);
    brk_start = brk = img.brk;

    // Strings at the top, then AT_RANDOM bytes, then the pointer arrays.
    uint32_t sp = kStackTop;
    auto push_bytes = [&](const void* p, size_t n) {
        sp -= uint32_t(n);
        mem.poke(sp, p, n);
        return sp;
    };
    uint32_t execfn_addr = push_bytes(execfn.c_str(), execfn.size() + 1);
    std::vector<uint32_t> env_addrs(envp.size()), arg_addrs(argv.size());
    for (size_t i = envp.size(); i-- > 0;) env_addrs[i] = push_bytes(envp[i].c_str(), envp[i].size() + 1);
    for (size_t i = argv.size(); i-- > 0;) arg_addrs[i] = push_bytes(argv[i].c_str(), argv[i].size() + 1);
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
    auto aux = [&](uint32_t k, uint32_t v) {
        words.push_back(k);
        words.push_back(v);
    };
    aux(3, img.phdr_addr);  // AT_PHDR
    aux(4, img.phent);      // AT_PHENT
    aux(5, img.phnum);      // AT_PHNUM
    aux(6, 4096);           // AT_PAGESZ
    aux(7, 0);              // AT_BASE
    aux(8, 0);              // AT_FLAGS
    aux(9, img.entry);      // AT_ENTRY
    aux(11, 1000);          // AT_UID
    aux(12, 1000);          // AT_EUID
    aux(13, 1000);          // AT_GID
    aux(14, 1000);          // AT_EGID
    aux(15, platform_addr); // AT_PLATFORM
    aux(16, (1u << 0) | (1u << 4) | (1u << 8) | (1u << 15)); // AT_HWCAP: fpu tsc cx8 cmov
    aux(17, 100);           // AT_CLKTCK
    aux(23, 0);             // AT_SECURE
    aux(25, random_addr);   // AT_RANDOM
    aux(31, execfn_addr);   // AT_EXECFN
    aux(0, 0);              // AT_NULL
    // argc must end up 16-byte aligned, as the i386 ABI's _start expects.
    sp -= uint32_t(words.size() * 4);
    sp &= ~15u;
    mem.poke(sp, words.data(), words.size() * 4);

    cpu = CpuState{};
    cpu.gpr[ESP] = sp;
    cpu.eip = img.entry;
    cpu.seg[CS] = kUserCs;
    cpu.seg[DS] = cpu.seg[ES] = cpu.seg[SS] = kUserDs;
}

uint64_t Process::rdtsc() {
    using namespace std::chrono;
    return uint64_t(duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count());
}

bool Process::load_segment(CpuState&, int seg, uint16_t selector) {
    return load_segment_register(*this, seg, selector);
}

void Process::warn_once(const std::string& key, const std::string& msg) {
    if (warned_.insert(key).second) std::fprintf(stderr, "codemorph: warning: %s\n", msg.c_str());
}

bool Process::syscall() {
    SyscallArgs a{cpu.gpr[EAX], {cpu.gpr[EBX], cpu.gpr[ECX], cpu.gpr[EDX], cpu.gpr[ESI], cpu.gpr[EDI], cpu.gpr[EBP]}};
    const SyscallTable& t = syscall_table();
    int32_t r;
    if (a.nr < SyscallTable::kSize && t.handler[a.nr]) {
        r = t.handler[a.nr](*this, a);
    } else {
        warn_once("syscall " + std::to_string(a.nr),
                  std::string("unsupported system call ") + syscall_name(a.nr) + " (" + std::to_string(a.nr) +
                      "): returning -ENOSYS");
        r = -ENOSYS;
    }
    if (!ended()) cpu.gpr[EAX] = uint32_t(r);
    return ended();
}

} // namespace cm::fw
