#include "fw/elf_loader.hpp"

#include <elf.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "fw/errors.hpp"
#include "x86/memory.hpp"

namespace cm::fw {

using x86::GuestMemory;

namespace {

[[noreturn]] void bad(const std::string& name, const std::string& why) {
    throw UserError(exit_status::kBadProgram, name + ": not a loadable static i386 ELF: " + why);
}

constexpr uint32_t kPage = GuestMemory::kPageSize;
constexpr uint64_t kLowestAddr = 0x1000; // the zero page stays unmapped
// User space ends at 0xc0000000 on i386; the top 8 MiB below 0xbffff000 are
// the initial stack (Process::kStackTop, kStackSize), so segments end below it.
constexpr uint64_t kTopAddr = 0xbffff000 - (8u << 20);

} // namespace

std::vector<uint8_t> read_file(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0)
        throw UserError(exit_status::kNoProgram, path + ": cannot open: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw UserError(exit_status::kBadProgram, path + ": is a directory, not a program");
    if (!S_ISREG(st.st_mode)) throw UserError(exit_status::kBadProgram, path + ": not a regular file");
    std::ifstream f(path, std::ios::binary);
    if (!f) throw UserError(exit_status::kNoProgram, path + ": cannot open: " + std::strerror(errno));
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) throw UserError(exit_status::kNoProgram, path + ": cannot read: " + std::strerror(errno));
    return data;
}

LoadedImage load_elf(const std::vector<uint8_t>& img, GuestMemory& mem, const std::string& name) {
    if (img.size() < SELFMAG || std::memcmp(img.data(), ELFMAG, SELFMAG) != 0)
        bad(name, img.empty() ? "empty file (too short for an ELF header)" : "no ELF magic");
    if (img.size() < sizeof(Elf32_Ehdr)) bad(name, "file too short for an ELF header (" + std::to_string(img.size()) + " bytes)");
    if (img[EI_CLASS] != ELFCLASS32) bad(name, img[EI_CLASS] == ELFCLASS64 ? "64-bit ELF (need ELFCLASS32)" : "bad ELF class");
    if (img[EI_DATA] != ELFDATA2LSB) bad(name, "not little-endian");
    if (img[EI_VERSION] != EV_CURRENT) bad(name, "ELF version " + std::to_string(img[EI_VERSION]) + " (need 1)");
    Elf32_Ehdr eh;
    std::memcpy(&eh, img.data(), sizeof eh);
    if (eh.e_machine != EM_386) bad(name, "machine " + std::to_string(eh.e_machine) + " is not i386 (3)");
    if (eh.e_type == ET_DYN) bad(name, "position-independent or dynamically linked executable (need a static ET_EXEC)");
    if (eh.e_type != ET_EXEC) bad(name, "ELF type " + std::to_string(eh.e_type) + " is not an executable");
    if (eh.e_phentsize != sizeof(Elf32_Phdr)) bad(name, "program header size " + std::to_string(eh.e_phentsize));
    if (eh.e_phnum == 0 || eh.e_phnum > 64) bad(name, "program header count " + std::to_string(eh.e_phnum));
    if (uint64_t(eh.e_phoff) + uint64_t(eh.e_phnum) * sizeof(Elf32_Phdr) > img.size())
        bad(name, "program headers lie outside the file");

    std::vector<Elf32_Phdr> ph(eh.e_phnum);
    std::memcpy(ph.data(), img.data() + eh.e_phoff, eh.e_phnum * sizeof(Elf32_Phdr));

    LoadedImage out;
    out.entry = eh.e_entry;
    out.phnum = eh.e_phnum;
    out.phent = eh.e_phentsize;
    uint64_t top = 0, low = UINT64_MAX;
    struct Range { uint64_t lo, hi; };
    std::vector<Range> loaded;
    bool entry_ok = false;
    for (const Elf32_Phdr& p : ph) {
        if (p.p_type == PT_INTERP) bad(name, "dynamically linked (has PT_INTERP); Codemorph runs static executables");
        if (p.p_type == PT_GNU_STACK) {
            out.exec_stack = (p.p_flags & PF_X) != 0;
            out.has_gnu_stack = true;
        }
        if (p.p_type != PT_LOAD) continue;
        std::string seg = "segment at 0x" + [&] { char b[16]; std::snprintf(b, sizeof b, "%x", p.p_vaddr); return std::string(b); }();
        if (p.p_filesz > p.p_memsz) bad(name, seg + ": file size exceeds memory size");
        if (uint64_t(p.p_offset) + p.p_filesz > img.size()) bad(name, seg + ": data lies outside the file");
        if (p.p_align > 1 && (p.p_align & (p.p_align - 1))) bad(name, seg + ": alignment is not a power of two");
        if (p.p_align >= kPage && (p.p_vaddr % kPage) != (p.p_offset % kPage))
            bad(name, seg + ": address and file offset disagree modulo the page size");
        uint64_t lo = p.p_vaddr, hi = uint64_t(p.p_vaddr) + p.p_memsz;
        if (p.p_memsz == 0) continue;
        if (lo < kLowestAddr || hi > kTopAddr) bad(name, seg + ": outside the address space left for programs (0x1000-0xbf7ff000)");
        for (const Range& r : loaded)
            if (lo < r.hi && r.lo < hi) bad(name, seg + ": overlaps another segment");
        loaded.push_back({lo, hi});
        if (eh.e_entry >= lo && eh.e_entry < hi && (p.p_flags & PF_X)) entry_ok = true;
        low = std::min(low, lo);
        top = std::max(top, hi);
    }
    if (loaded.empty()) bad(name, "no loadable segments");
    // The TLS template must lie in the file and inside a loaded segment (its
    // .tbss part occupies no address space, so only the file part is checked).
    for (const Elf32_Phdr& p : ph) {
        if (p.p_type != PT_TLS) continue;
        if (p.p_filesz > p.p_memsz) bad(name, "TLS segment: file size exceeds memory size");
        if (uint64_t(p.p_offset) + p.p_filesz > img.size()) bad(name, "TLS segment: data lies outside the file");
        if (p.p_align > 1 && (p.p_align & (p.p_align - 1))) bad(name, "TLS segment: alignment is not a power of two");
        bool inside = false;
        for (const Elf32_Phdr& l : ph)
            if (l.p_type == PT_LOAD && p.p_vaddr >= l.p_vaddr &&
                uint64_t(p.p_vaddr) + p.p_filesz <= uint64_t(l.p_vaddr) + l.p_memsz)
                inside = true;
        if (!inside) bad(name, "TLS segment is not inside a loaded segment");
    }
    if (!entry_ok) bad(name, "entry point is not inside an executable segment");

    // Map pages: a page shared by two segments gets the union of permissions.
    for (const Elf32_Phdr& p : ph) {
        if (p.p_type != PT_LOAD || p.p_memsz == 0) continue;
        uint8_t perm = ((p.p_flags & PF_R) ? GuestMemory::R : 0) | ((p.p_flags & PF_W) ? GuestMemory::W : 0) |
                       ((p.p_flags & PF_X) ? GuestMemory::X : 0);
        uint32_t start = p.p_vaddr & ~(kPage - 1);
        uint64_t end = (uint64_t(p.p_vaddr) + p.p_memsz + kPage - 1) & ~uint64_t(kPage - 1);
        for (uint64_t a = start; a < end; a += kPage) {
            if (mem.is_mapped(uint32_t(a))) mem.protect(uint32_t(a), kPage, (mem.page_flags(uint32_t(a)) & GuestMemory::RWX) | perm);
            else mem.map(uint32_t(a), kPage, perm);
        }
        mem.poke(p.p_vaddr, img.data() + p.p_offset, p.p_filesz);
        out.segments.push_back({p.p_vaddr, p.p_memsz, p.p_offset, p.p_filesz, perm});
        // Where the file's page supplies bytes beyond filesz, they read as zero (bss).
        if (p.p_offset <= eh.e_phoff && eh.e_phoff + eh.e_phnum * sizeof(Elf32_Phdr) <= uint64_t(p.p_offset) + p.p_filesz)
            out.phdr_addr = p.p_vaddr + (eh.e_phoff - p.p_offset);
    }
    for (const Elf32_Phdr& p : ph)
        if (p.p_type == PT_PHDR) out.phdr_addr = p.p_vaddr;
    out.lowest = uint32_t(low);
    out.data_end = uint32_t(top);
    out.brk = uint32_t((top + kPage - 1) & ~uint64_t(kPage - 1));
    return out;
}

} // namespace cm::fw
