// The guest memory map's bookkeeping (see fw/vm.hpp).
#include "fw/vm.hpp"

#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdio>
#include <iterator>

#include "x86/memory.hpp"

namespace cm::fw {

using x86::GuestMemory;

namespace {
constexpr uint32_t kPage = GuestMemory::kPageSize;
// Linux keeps this much free space below a grows-down area (stack_guard_gap).
constexpr uint32_t kStackGuardGap = 256 * kPage;
} // namespace

MappedFile::~MappedFile() {
    if (fd >= 0) ::close(fd);
}

const VmArea* VmMap::find(uint32_t addr) const {
    auto it = areas_.upper_bound(addr);
    if (it == areas_.begin()) return nullptr;
    --it;
    return addr < it->second.end ? &it->second : nullptr;
}

const VmArea* VmMap::next_from(uint32_t addr) const {
    if (const VmArea* a = find(addr)) return a;
    auto it = areas_.upper_bound(addr);
    return it == areas_.end() ? nullptr : &it->second;
}

bool VmMap::free(uint32_t start, uint64_t end) const {
    const VmArea* a = next_from(start);
    return !a || a->start >= end;
}

uint32_t VmMap::place(uint32_t len) const {
    if (len == 0 || len > kTaskSize) return 0;
    // The lowest address an area lets a new mapping end at (a stack keeps a
    // guard gap below it).
    auto gap_start = [](const VmArea& a) -> uint64_t {
        return a.growsdown ? (a.start > kStackGuardGap ? a.start - kStackGuardGap : 0) : a.start;
    };
    // Top-down from mmap_base, as Linux does for the default layout.
    uint64_t hi = mmap_base;
    for (auto it = areas_.rbegin(); it != areas_.rend(); ++it) {
        const VmArea& a = it->second;
        if (a.start >= hi) continue;
        uint64_t lo = std::max<uint64_t>(a.end, mmap_min_addr);
        if (hi >= lo + len) return uint32_t((hi - len) & ~uint64_t(kPage - 1));
        hi = std::min(hi, gap_start(a));
    }
    if (hi >= uint64_t(mmap_min_addr) + len) return uint32_t(hi - len);
    // Then bottom-up from TASK_UNMAPPED_BASE to the end of user space.
    uint64_t lo = kUnmappedBase;
    for (auto it = areas_.begin(); it != areas_.end(); ++it) {
        const VmArea& a = it->second;
        if (a.end <= lo) continue;
        if (gap_start(a) >= lo + len) return uint32_t(lo);
        lo = std::max<uint64_t>(lo, a.end);
    }
    if (uint64_t(kTaskSize) >= lo + len) return uint32_t(lo);
    return 0;
}

void VmMap::split_at(uint32_t addr) {
    auto it = areas_.upper_bound(addr);
    if (it == areas_.begin()) return;
    --it;
    VmArea& a = it->second;
    if (addr <= a.start || addr >= a.end) return;
    VmArea b = a;
    b.start = addr;
    if (b.file) b.offset += addr - a.start;
    a.end = addr;
    areas_.emplace(addr, std::move(b));
}

void VmMap::remove(uint32_t start, uint64_t end) {
    if (end <= start) return;
    split_at(start);
    if (end < (1ull << 32)) split_at(uint32_t(end));
    auto it = areas_.lower_bound(start);
    while (it != areas_.end() && it->first < end)
        it = areas_.erase(it);
}

void VmMap::insert(VmArea a) {
    remove(a.start, a.end);
    areas_.emplace(a.start, std::move(a));
}

void VmMap::merge() {
    auto it = areas_.begin();
    while (it != areas_.end()) {
        auto nx = std::next(it);
        if (nx == areas_.end()) break;
        VmArea& a = it->second;
        const VmArea& b = nx->second;
        bool same = a.end == b.start && a.prot == b.prot && a.shared == b.shared &&
                    a.growsdown == b.growsdown && a.name == b.name && a.file == b.file &&
                    (!a.file || (a.origin == b.origin && a.offset + (a.end - a.start) == b.offset));
        if (same) {
            a.end = b.end;
            areas_.erase(nx);
        } else {
            it = nx;
        }
    }
}

void VmMap::adopt(const GuestMemory& mem, uint32_t lo, uint32_t hi, const std::string& name) {
    uint32_t a = lo & ~(kPage - 1);
    while (a < hi) {
        if (!mem.is_mapped(a)) {
            a += kPage;
            continue;
        }
        uint8_t perm = mem.page_flags(a) & GuestMemory::RWX;
        uint32_t b = a + kPage;
        while (b < hi && b != 0 && mem.is_mapped(b) &&
               (mem.page_flags(b) & GuestMemory::RWX) == perm)
            b += kPage;
        VmArea v;
        v.start = a;
        v.end = b;
        v.prot = perm; // GuestMemory's R/W/X bits are the PROT_* values
        v.name = name;
        insert(std::move(v));
        if (b == 0) break;
        a = b;
    }
}

uint8_t VmMap::page_perm(uint8_t prot) const {
    uint8_t p = prot & GuestMemory::RWX;
    if (read_implies_exec && (p & GuestMemory::R)) p |= GuestMemory::X;
    if (p & (GuestMemory::W | GuestMemory::X)) p |= GuestMemory::R;
    return p;
}

std::string VmMap::maps_text() const {
    std::string out;
    char line[128];
    for (const auto& [start, a] : areas_) {
        unsigned maj = 0, min = 0;
        unsigned long long ino = 0;
        if (a.file) {
            maj = major(dev_t(a.file->dev));
            min = minor(dev_t(a.file->dev));
            ino = a.file->ino;
        }
        int n = std::snprintf(line, sizeof line, "%08x-%08x %c%c%c%c %08llx %02x:%02x %llu ",
                              a.start, a.end, a.prot & 1 ? 'r' : '-', a.prot & 2 ? 'w' : '-',
                              a.prot & 4 ? 'x' : '-', a.shared ? 's' : 'p',
                              (unsigned long long)(a.file ? a.offset : 0), maj, min, ino);
        out.append(line, size_t(n));
        // The kernel pads the name to column 73 (25 + 6 * sizeof(void*) on a 64-bit kernel, then a
        // space).
        std::string name = a.file ? a.file->path : a.name;
        if (!name.empty()) {
            for (int col = n; col < 72; ++col)
                out.push_back(' ');
            out.push_back(' ');
            out += name;
        }
        out.push_back('\n');
    }
    return out;
}

} // namespace cm::fw
