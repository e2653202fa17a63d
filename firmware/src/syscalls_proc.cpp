// Process calls: exit, exit_group, ...
#include "fw/process.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw {
namespace {

int32_t sys_exit(Process& p, const SyscallArgs& a) {
    p.exit(int(a.a[0] & 0xff));
    return 0;
}

} // namespace

void register_proc_syscalls(SyscallTable& t) {
    t.set(1, "exit", sys_exit);
    t.set(252, "exit_group", sys_exit);
}

} // namespace cm::fw
