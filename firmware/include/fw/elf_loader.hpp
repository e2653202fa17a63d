// Loading static i386 ELF executables into guest memory, with validation of
// everything read from the file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cm::x86 {
class GuestMemory;
}

namespace cm::fw {

struct LoadedImage {
    uint32_t entry = 0;
    uint32_t phdr_addr = 0; ///< guest address of the program headers (AT_PHDR)
    uint16_t phnum = 0;
    uint16_t phent = 0;
    uint32_t brk = 0;       ///< initial program break: page after the last segment
    uint32_t lowest = 0;    ///< lowest mapped address
    bool exec_stack = false; ///< PT_GNU_STACK asks for an executable stack
    bool has_gnu_stack = false; ///< PT_GNU_STACK present (without it, i386 Linux sets READ_IMPLIES_EXEC)
    uint32_t data_end = 0;   ///< end of the last segment's memory (before page rounding)
    /// A PT_LOAD segment as loaded (for the memory map's areas).
    struct Segment {
        uint32_t vaddr, memsz, offset, filesz;
        uint8_t prot; ///< 1 R, 2 W, 4 X
    };
    std::vector<Segment> segments;
};

/// Parses and validates `image` (the file's bytes) and maps its PT_LOAD
/// segments into `mem`. Throws UserError(kBadProgram) naming the problem.
LoadedImage load_elf(const std::vector<uint8_t>& image, x86::GuestMemory& mem, const std::string& name);

/// Reads a whole file; throws UserError(kNoProgram) if it cannot.
std::vector<uint8_t> read_file(const std::string& path);

} // namespace cm::fw
