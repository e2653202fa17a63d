#include <cstdio>
#include <string>

#include "fw/syscalls.hpp"

namespace cm::fw {

namespace {
struct Table : SyscallTable {
    Table() {
        register_proc_syscalls(*this);
        register_mem_syscalls(*this);
        register_file_syscalls(*this);
        register_time_syscalls(*this);
        register_signal_syscalls(*this);
        register_segment_syscalls(*this);
        // Names of calls Codemorph refuses, so warnings can name them.
        static const struct { unsigned nr; const char* name; } known[] = {
            {2, "fork"}, {7, "waitpid"}, {11, "execve"}, {114, "wait4"}, {120, "clone"}, {190, "vfork"},
            {240, "futex"}, {258, "set_tid_address"}, {311, "set_robust_list"}, {386, "rseq"}, {435, "clone3"},
        };
        for (auto& k : known)
            if (!name[k.nr]) name[k.nr] = k.name;
    }
};
} // namespace

const SyscallTable& syscall_table() {
    static const Table t;
    return t;
}

const char* syscall_name(uint32_t nr) {
    if (nr < SyscallTable::kSize && syscall_table().name[nr]) return syscall_table().name[nr];
    static thread_local std::string s;
    s = "syscall_" + std::to_string(nr);
    return s.c_str();
}

} // namespace cm::fw
