// The process's file descriptors. Guest descriptors map to host descriptors.
#pragma once
#include <cstdint>
#include <map>

namespace cm::fw {

struct FdTable {
    /// guest fd -> host fd. 0, 1 and 2 start as the host's own.
    std::map<int, int> map{{0, 0}, {1, 1}, {2, 2}};
    /// Host fd for a guest fd, or -1.
    int host(int guest) const {
        auto it = map.find(guest);
        return it == map.end() ? -1 : it->second;
    }
};

} // namespace cm::fw
