// Helpers shared by the descriptor-based system-call files (files, sockets).
#pragma once
#include <cstdint>

namespace cm::x86 {
class GuestMemory;
}

namespace cm::fw {

class Process;
struct SyscallTable;

/// The guest's RLIMIT_NOFILE, capped to what a descriptor number can be.
uint64_t nofile_limit(const Process& p);
/// Gives a new host descriptor `h` the lowest free guest number >= `from`;
/// returns it, or -errno (closing `h`).
int32_t adopt_fd(Process& p, int h, int from = 0, bool largefile = true);
/// Bytes from `addr` accessible with `perm`, up to `len` (the kernel copies
/// up to the first fault).
uint32_t accessible(const x86::GuestMemory& mem, uint32_t addr, uint32_t len, uint8_t perm);
/// True if [addr, addr+len) touches a page holding translated code (writes
/// there must go through GuestMemory::write_bytes).
bool touches_code(const x86::GuestMemory& mem, uint32_t addr, uint32_t len);

/// Socket calls (syscalls_net.cpp); registered by register_file_syscalls.
void register_net_syscalls(SyscallTable& t);

} // namespace cm::fw
