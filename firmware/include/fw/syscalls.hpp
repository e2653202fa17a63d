// The i386 system-call table: numbers, names and handlers. Each group of
// calls lives in its own file and registers itself here.
#pragma once
#include <cstdint>

namespace cm::fw {

class Process;

/// The six argument registers (EBX, ECX, EDX, ESI, EDI, EBP) of a call.
struct SyscallArgs {
    uint32_t nr;
    uint32_t a[6];
};

/// A handler returns the value for EAX: a result, or -errno.
using SyscallHandler = int32_t (*)(Process&, const SyscallArgs&);

struct SyscallTable {
    static constexpr unsigned kSize = 512;
    SyscallHandler handler[kSize] = {};
    const char* name[kSize] = {};
    void set(unsigned nr, const char* n, SyscallHandler h) {
        handler[nr] = h;
        name[nr] = n;
    }
};

/// The table, built once from the group files.
const SyscallTable& syscall_table();
/// Name of call `nr` ("syscall_<nr>" if it has none).
const char* syscall_name(uint32_t nr);

void register_proc_syscalls(SyscallTable&);   // syscalls_proc.cpp: exit, ids, uname, limits, misc
void register_mem_syscalls(SyscallTable&);    // syscalls_mem.cpp: brk, mmap, munmap, mprotect, mremap
void register_file_syscalls(SyscallTable&);   // syscalls_file.cpp: files, directories, fds, ioctl
void register_time_syscalls(SyscallTable&);   // syscalls_time.cpp: clocks, sleeps, getrandom
void register_signal_syscalls(SyscallTable&); // signals.cpp: sigaction, masks, kill, alarm, timers
void register_segment_syscalls(SyscallTable&); // segments.cpp: set_thread_area, modify_ldt

} // namespace cm::fw
