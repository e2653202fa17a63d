#include "fw/process.hpp"
#include "fw/syscalls.hpp"

namespace cm::fw {

void register_mem_syscalls(SyscallTable&) {}

} // namespace cm::fw
