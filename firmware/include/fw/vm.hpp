// The guest's memory map as the i386 kernel keeps it: a list of areas (what
// /proc/self/maps shows) with their protection and backing, placement of new
// mappings, and the changes mmap, munmap, mprotect, mremap and brk make.
// Page permissions themselves live in x86::GuestMemory; this is the
// bookkeeping above them.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace cm::x86 {
class GuestMemory;
}

namespace cm::fw {

/// A host file descriptor kept open while any shared mapping of it lives.
struct MappedFile {
    int fd = -1;           ///< host fd (a dup of the guest's)
    bool writable = false; ///< opened for writing (MAP_SHARED may get PROT_WRITE)
    std::string path;      ///< for /proc/self/maps
    uint64_t dev = 0, ino = 0;
    ~MappedFile();
};

/// One area: [start, end), page-aligned.
struct VmArea {
    uint32_t start = 0, end = 0;
    uint8_t prot = 0;                 ///< PROT_* bits as the guest asked (1 R, 2 W, 4 X)
    bool shared = false;              ///< MAP_SHARED
    bool growsdown = false;           ///< MAP_GROWSDOWN (the stack)
    uint64_t offset = 0;              ///< file offset of `start` (file mappings)
    std::shared_ptr<MappedFile> file; ///< backing file, or null for anonymous
    std::string name;                 ///< "[heap]", "[stack]", or the file's path
    /// Which mapping call made it: file-backed pieces of one mapping may merge
    /// again after mprotect, pieces of different ones never (Linux keeps
    /// them apart once their private pages differ).
    uint64_t origin = 0;
};

class VmMap {
  public:
    /// User space ends here (the i386 3 GiB split).
    static constexpr uint32_t kTaskSize = 0xc0000000;
    /// Where bottom-up placement starts when top-down finds no room
    /// (TASK_UNMAPPED_BASE = TASK_SIZE / 3).
    static constexpr uint32_t kUnmappedBase = 0x40000000;

    uint32_t mmap_base = 0;           ///< top of top-down placement (below the stack gap)
    uint32_t mmap_min_addr = 0x10000; ///< lowest address mmap may use (vm.mmap_min_addr)
    bool read_implies_exec = false;   ///< personality READ_IMPLIES_EXEC (no PT_GNU_STACK)
    uint64_t next_origin = 1;         ///< for VmArea::origin

    /// The area containing `addr`, or null.
    const VmArea* find(uint32_t addr) const;
    /// First area ending above `addr`, or null.
    const VmArea* next_from(uint32_t addr) const;
    /// True if no area intersects [start, end).
    bool free(uint32_t start, uint64_t end) const;
    /// A free page-aligned range of `len` bytes: the highest one below
    /// mmap_base, else the lowest one above kUnmappedBase; 0 if none.
    uint32_t place(uint32_t len) const;

    /// Records `a`, replacing whatever area covered its range.
    void insert(VmArea a);
    /// Forgets [start, end), splitting areas that straddle it.
    void remove(uint32_t start, uint64_t end);
    /// Splits areas so that `addr` is an area boundary.
    void split_at(uint32_t addr);
    /// Joins neighbouring anonymous private areas that are now identical.
    void merge();
    /// Records areas for pages already mapped in `mem` within [lo, hi), one
    /// per run of equal permissions (the loaded ELF image).
    void adopt(const x86::GuestMemory& mem, uint32_t lo, uint32_t hi, const std::string& name);

    /// The page permissions an area with PROT bits `prot` gets: on x86 a
    /// writable or executable page is also readable.
    uint8_t page_perm(uint8_t prot) const;

    /// The text of /proc/self/maps.
    std::string maps_text() const;

    std::map<uint32_t, VmArea>& areas() { return areas_; }
    const std::map<uint32_t, VmArea>& areas() const { return areas_; }

  private:
    std::map<uint32_t, VmArea> areas_; ///< by start address
};

} // namespace cm::fw
