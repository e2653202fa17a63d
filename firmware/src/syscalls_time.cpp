#include "fw/process.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw {

void register_time_syscalls(SyscallTable&) {}

} // namespace cm::fw
