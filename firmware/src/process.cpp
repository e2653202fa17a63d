#include "fw/process.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "fw/files.hpp"
#include "fw/segments.hpp"
#include "fw/signals.hpp"
#include "fw/syscalls.hpp"
#include "fw/vm.hpp"

namespace cm::fw {

using namespace cm::x86;

Process::Process(GuestMemory& m, CpuState& c)
    : mem(m), cpu(c), fds(std::make_unique<FdTable>()), signals(std::make_unique<SignalState>()),
      segments(std::make_unique<SegmentState>()), vm(std::make_unique<VmMap>()) {}

Process::~Process() = default;

void Process::start(const LoadedImage& img, const std::vector<std::string>& argv,
                    const std::vector<std::string>& envp, const std::string& execfn) {
    image = img;
    // The guest's resource limits start as the host's.
    for (int r = 0; r < 16; ++r) {
        struct rlimit rl;
        if (::getrlimit(r, &rl) == 0) rlimits[r] = {rl.rlim_cur, rl.rlim_max};
        else rlimits[r] = {RLIM_INFINITY, RLIM_INFINITY};
    }
    if (char* rp = ::realpath(execfn.c_str(), nullptr)) {
        exe_path = rp;
        std::free(rp);
    } else {
        exe_path = execfn;
    }

    // Without PT_GNU_STACK, i386 Linux gives the process READ_IMPLIES_EXEC
    // and an executable stack.
    vm->read_implies_exec = !img.has_gnu_stack;
    personality = vm->read_implies_exec ? 0x0400000 : 0; // READ_IMPLIES_EXEC
    comm = execfn.substr(execfn.rfind('/') + 1).substr(0, 15);
    uint8_t stack_perm = GuestMemory::RW | (img.exec_stack || !img.has_gnu_stack ? GuestMemory::X : 0);
    mem.map(kStackTop - kStackSize, kStackSize, stack_perm);
    brk_start = brk = img.brk;
    // The image's areas as Linux shows them: each segment's file-backed
    // pages, then its anonymous bss pages.
    auto exe = std::make_shared<MappedFile>();
    exe->path = exe_path;
    int efd = ::open(exe_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (efd >= 0) {
        exe->fd = ::fcntl(efd, F_DUPFD_CLOEXEC, 3);
        ::close(efd);
        struct stat st;
        if (exe->fd >= 0 && ::fstat(exe->fd, &st) == 0) {
            exe->dev = st.st_dev;
            exe->ino = st.st_ino;
        }
    }
    for (const LoadedImage::Segment& s : img.segments) {
        uint32_t lo = s.vaddr & ~(GuestMemory::kPageSize - 1);
        uint32_t file_end = (s.vaddr + s.filesz + GuestMemory::kPageSize - 1) & ~(GuestMemory::kPageSize - 1);
        uint32_t mem_end = (s.vaddr + s.memsz + GuestMemory::kPageSize - 1) & ~(GuestMemory::kPageSize - 1);
        VmArea a;
        a.prot = s.prot;
        a.origin = vm->next_origin++;
        if (s.filesz) {
            a.start = lo;
            a.end = file_end;
            a.file = exe;
            a.offset = s.offset & ~(GuestMemory::kPageSize - 1);
            vm->insert(a);
        }
        if (mem_end > file_end || !s.filesz) {
            VmArea b;
            b.prot = s.prot;
            b.start = s.filesz ? file_end : lo;
            b.end = mem_end;
            vm->insert(b);
        }
    }
    VmArea stack;
    stack.start = kStackTop - kStackSize;
    stack.end = kStackTop;
    stack.prot = stack_perm;
    stack.growsdown = true;
    stack.name = "[stack]";
    vm->insert(stack);
    // mmap_base as Linux computes it: below the stack by RLIMIT_STACK plus the
    // guard gap, at least 128 MiB and at most 5/6 of user space.
    uint64_t gap = rlimits[RLIMIT_STACK].cur;
    if (gap + (1u << 20) > gap) gap += 1u << 20;
    gap = std::clamp<uint64_t>(gap, 128u << 20, uint64_t(VmMap::kTaskSize) / 6 * 5);
    vm->mmap_base = uint32_t(VmMap::kTaskSize - gap);
    if (FILE* f = std::fopen("/proc/sys/vm/mmap_min_addr", "r")) {
        unsigned long v = 0;
        if (std::fscanf(f, "%lu", &v) == 1 && v < VmMap::kUnmappedBase)
            vm->mmap_min_addr = uint32_t((v + GuestMemory::kPageSize - 1) & ~(GuestMemory::kPageSize - 1));
        std::fclose(f);
    }

    // As the kernel lays it out, from the top: the file name, the environment
    // and argument strings, the platform string, the AT_RANDOM bytes, then
    // (16-byte aligned) argc, argv, envp and the auxiliary vector.
    uint32_t sp = kStackTop - 4;
    auto push_bytes = [&](const void* p, size_t n) {
        sp -= uint32_t(n);
        mem.poke(sp, p, n);
        return sp;
    };
    uint32_t execfn_addr = push_bytes(execfn.c_str(), execfn.size() + 1);
    std::vector<uint32_t> env_addrs(envp.size()), arg_addrs(argv.size());
    for (size_t i = envp.size(); i-- > 0;) env_addrs[i] = push_bytes(envp[i].c_str(), envp[i].size() + 1);
    for (size_t i = argv.size(); i-- > 0;) arg_addrs[i] = push_bytes(argv[i].c_str(), argv[i].size() + 1);
    sp &= ~15u;
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
    // In the kernel's order (create_elf_tables). There is no vDSO, so no
    // AT_SYSINFO/AT_SYSINFO_EHDR: the C library then uses int 0x80. The ids
    // are the host's, since programs compare them with getuid() and friends.
    uint32_t cpu_id[4];
    cpuid(1, 0, cpu_id);
    aux(16, cpu_id[3]);     // AT_HWCAP: CPUID.1:EDX, as the kernel reports it
    aux(6, GuestMemory::kPageSize); // AT_PAGESZ
    aux(17, uint32_t(::sysconf(_SC_CLK_TCK))); // AT_CLKTCK
    aux(3, img.phdr_addr);  // AT_PHDR
    aux(4, img.phent);      // AT_PHENT
    aux(5, img.phnum);      // AT_PHNUM
    aux(7, 0);              // AT_BASE: no interpreter
    aux(8, 0);              // AT_FLAGS
    aux(9, img.entry);      // AT_ENTRY
    aux(11, ::getuid());    // AT_UID
    aux(12, ::geteuid());   // AT_EUID
    aux(13, ::getgid());    // AT_GID
    aux(14, ::getegid());   // AT_EGID
    aux(23, 0);             // AT_SECURE
    aux(25, random_addr);   // AT_RANDOM
    aux(26, 0);             // AT_HWCAP2: no ring-3 mwait, no FSGSBASE
    aux(31, execfn_addr);   // AT_EXECFN
    aux(15, platform_addr); // AT_PLATFORM
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
    // Writing to a pipe or socket with no reader: the kernel sends SIGPIPE
    // as well as returning -EPIPE (the host's own SIGPIPE is ignored).
    if (r == -EPIPE) {
        switch (a.nr) {
        case 4:   // write
        case 146: // writev
        case 181: // pwrite64
        case 187: // sendfile
        case 239: // sendfile64
        case 334: // pwritev
        case 379: // pwritev2
            send_signal(*this, GuestSiginfo::from_process(gsig::kPipe, gsig::kSiUser));
            break;
        default: break;
        }
    }
    if (!ended()) cpu.gpr[EAX] = uint32_t(r);
    return ended();
}

} // namespace cm::fw
