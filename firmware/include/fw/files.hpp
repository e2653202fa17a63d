// The process's file descriptors. Each guest descriptor owns one host
// descriptor (a dup where the guest dups), so that closing one never
// affects another; guest numbers are allocated lowest-first as the kernel
// does, independently of the host's numbers.
#pragma once
#include <cstdint>
#include <map>
#include <memory>

namespace cm::fw {

/// Directory positions as the guest sees them. A 32-bit process on Linux
/// gets 32-bit directory offsets (ext4 gives it the major hash only), while
/// the host call returns 64-bit ones; guest offsets are derived from the
/// host's and remembered so that lseek/seekdir can go back.
struct DirOffsets {
    std::map<int64_t, int64_t> to_host; ///< guest offset -> host offset
    /// The guest offset for a host offset (and remembers it).
    int64_t guest(int64_t host) {
        int64_t g =
            (host >= 0 && host <= INT32_MAX) ? host : int64_t(uint64_t(host) >> 32) & INT32_MAX;
        to_host[g] = host;
        return g;
    }
    /// The host offset for a guest offset.
    int64_t host(int64_t guest) const {
        auto it = to_host.find(guest);
        return it == to_host.end() ? guest : it->second;
    }
};

struct GuestFd {
    int host = -1;
    /// O_LARGEFILE as the guest opened it (the 64-bit host forces it on).
    bool largefile = true;
    std::shared_ptr<DirOffsets> dir; ///< shared by dups, like the position
};

struct FdTable {
    /// guest fd -> its host fd. 0, 1 and 2 start as the host's own.
    std::map<int, GuestFd> fds{
        {0, {0, true, nullptr}}, {1, {1, true, nullptr}}, {2, {2, true, nullptr}}};

    /// Host fd for a guest fd, or -1.
    int host(int guest) const {
        auto it = fds.find(guest);
        return it == fds.end() ? -1 : it->second.host;
    }
    GuestFd* get(int guest) {
        auto it = fds.find(guest);
        return it == fds.end() ? nullptr : &it->second;
    }
    /// Lowest unused guest fd >= `from`, or -1 if none is below `limit`.
    int lowest_free(int from, uint64_t limit) const {
        int fd = from < 0 ? 0 : from;
        for (auto it = fds.lower_bound(fd); it != fds.end() && it->first == fd; ++it)
            ++fd;
        return uint64_t(fd) < limit ? fd : -1;
    }
};

} // namespace cm::fw
