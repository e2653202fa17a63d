// Small helpers for system-call handlers: copying strings and structures
// between guest memory and the host with the kernel's -EFAULT behaviour.
#pragma once
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "x86/memory.hpp"

namespace cm::fw::gio {

/// Reads a NUL-terminated guest string of at most `max` bytes (NUL
/// included) into `out`. Returns 0, -EFAULT or -ENAMETOOLONG.
inline int read_cstr(x86::GuestMemory& mem, uint32_t addr, std::string& out, size_t max = 4096) {
    out.clear();
    uint64_t a = addr;
    while (out.size() < max) {
        if (a >> 32 || !mem.check(uint32_t(a), 1, x86::GuestMemory::R)) return -EFAULT;
        // Scan to the end of this page in one go.
        uint64_t page_end = (a | (x86::GuestMemory::kPageSize - 1)) + 1;
        const char* p = reinterpret_cast<const char*>(mem.host(uint32_t(a)));
        for (uint64_t i = 0; a + i < page_end && out.size() < max; ++i) {
            if (p[i] == 0) return 0;
            out.push_back(p[i]);
        }
        a = page_end;
    }
    return -ENAMETOOLONG;
}

/// Reads a path argument: as read_cstr, and an empty path is -ENOENT.
inline int read_path(x86::GuestMemory& mem, uint32_t addr, std::string& out) {
    int r = read_cstr(mem, addr, out, 4096);
    if (r == 0 && out.empty()) return -ENOENT;
    return r;
}

template <class T> bool get(x86::GuestMemory& mem, uint32_t addr, T& v) {
    return mem.read_bytes(addr, &v, sizeof v);
}

template <class T> bool put(x86::GuestMemory& mem, uint32_t addr, const T& v) {
    return mem.write_bytes(addr, &v, sizeof v);
}

/// True if the host process has capability `cap` (CAP_*) in effect, which
/// decides what the guest may do as the native process would.
inline bool host_capable(int cap) {
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return false;
    char line[256];
    unsigned long long eff = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "CapEff: %llx", &eff) == 1) break;
    std::fclose(f);
    return (eff >> cap) & 1;
}

/// -errno of the host call that just failed.
inline int32_t neg_errno() {
    return -errno;
}

} // namespace cm::fw::gio
