// elfgen OUTDIR: writes the malformed (and two valid) ELF files the elf.*
// tests feed to `codemorph run`. Every file starts from the same minimal valid
// static i386 executable built in memory, then has one thing broken, so that
// each test exercises exactly one check of the loader. `elfgen --list` prints
// the case names.
#include <elf.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

constexpr uint32_t kBase = 0x08048000; // the traditional i386 load address
constexpr uint32_t kPage = 0x1000;

/// A minimal executable: ELF header, program headers, then code that exits
/// with `status` through int 0x80. One R+X PT_LOAD covers the whole file.
struct Image {
    Elf32_Ehdr eh{};
    std::vector<Elf32_Phdr> ph;
    std::vector<uint8_t> tail; // bytes after the program headers (code, strings)

    explicit Image(uint8_t status = 0) {
        std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS32;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
        eh.e_type = ET_EXEC;
        eh.e_machine = EM_386;
        eh.e_version = EV_CURRENT;
        eh.e_phoff = sizeof(Elf32_Ehdr);
        eh.e_ehsize = sizeof(Elf32_Ehdr);
        eh.e_phentsize = sizeof(Elf32_Phdr);
        // mov eax, 1 ; mov ebx, status ; int 0x80
        tail = {0xb8, 0x01, 0x00, 0x00, 0x00, 0xbb, status, 0x00, 0x00, 0x00, 0xcd, 0x80};
        Elf32_Phdr load{};
        load.p_type = PT_LOAD;
        load.p_offset = 0;
        load.p_vaddr = load.p_paddr = kBase;
        load.p_flags = PF_R | PF_X;
        load.p_align = kPage;
        ph.push_back(load);
    }

    uint32_t code_offset() const {
        return uint32_t(sizeof(Elf32_Ehdr) + ph.size() * sizeof(Elf32_Phdr));
    }

    /// Lays the file out: sizes of the first PT_LOAD cover everything, the
    /// entry point is the code. Call after adding program headers.
    void finish() {
        eh.e_phnum = uint16_t(ph.size());
        eh.e_entry = kBase + code_offset();
        uint32_t size = code_offset() + uint32_t(tail.size());
        ph[0].p_filesz = ph[0].p_memsz = size;
    }

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out(sizeof eh);
        std::memcpy(out.data(), &eh, sizeof eh);
        for (const Elf32_Phdr& p : ph) {
            const uint8_t* b = reinterpret_cast<const uint8_t*>(&p);
            out.insert(out.end(), b, b + sizeof p);
        }
        out.insert(out.end(), tail.begin(), tail.end());
        return out;
    }
};

struct Case {
    const char* name;
    std::function<std::vector<uint8_t>()> make;
};

std::vector<uint8_t> edit(const std::function<void(Image&)>& before_finish,
                          const std::function<void(Image&)>& after_finish = nullptr) {
    Image im;
    if (before_finish) before_finish(im);
    im.finish();
    if (after_finish) after_finish(im);
    return im.bytes();
}

Elf32_Phdr extra_load(uint32_t vaddr, uint32_t offset, uint32_t size, uint32_t flags) {
    Elf32_Phdr p{};
    p.p_type = PT_LOAD;
    p.p_offset = offset;
    p.p_vaddr = p.p_paddr = vaddr;
    p.p_filesz = p.p_memsz = size;
    p.p_flags = flags;
    p.p_align = kPage;
    return p;
}

std::vector<Case> cases() {
    return {
        // Valid programs: the generator's base image must itself work.
        {"valid_exit0", [] { return edit(nullptr); }},
        {"valid_exit42",
         [] {
             Image im(42);
             im.finish();
             return im.bytes();
         }},

        // Truncated files.
        {"magic_only",
         [] {
             return std::vector<uint8_t>{0x7f, 'E', 'L', 'F'};
         }},
        {"truncated_header",
         [] {
             auto b = edit(nullptr);
             b.resize(40);
             return b;
         }},
        {"truncated_phdrs",
         [] {
             auto b = edit(nullptr);
             b.resize(sizeof(Elf32_Ehdr) + 16);
             return b;
         }},

        // Identification and header fields.
        {"class64",
         [] { return edit(nullptr, [](Image& im) { im.eh.e_ident[EI_CLASS] = ELFCLASS64; }); }},
        {"class_none",
         [] { return edit(nullptr, [](Image& im) { im.eh.e_ident[EI_CLASS] = ELFCLASSNONE; }); }},
        {"big_endian",
         [] { return edit(nullptr, [](Image& im) { im.eh.e_ident[EI_DATA] = ELFDATA2MSB; }); }},
        {"machine_x86_64",
         [] { return edit(nullptr, [](Image& im) { im.eh.e_machine = EM_X86_64; }); }},
        {"machine_arm", [] { return edit(nullptr, [](Image& im) { im.eh.e_machine = EM_ARM; }); }},
        {"type_rel", [] { return edit(nullptr, [](Image& im) { im.eh.e_type = ET_REL; }); }},
        {"type_dyn", [] { return edit(nullptr, [](Image& im) { im.eh.e_type = ET_DYN; }); }},
        {"type_core", [] { return edit(nullptr, [](Image& im) { im.eh.e_type = ET_CORE; }); }},

        // Program header table.
        {"phentsize_bad", [] { return edit(nullptr, [](Image& im) { im.eh.e_phentsize = 20; }); }},
        {"phnum_zero", [] { return edit(nullptr, [](Image& im) { im.eh.e_phnum = 0; }); }},
        {"phnum_huge", [] { return edit(nullptr, [](Image& im) { im.eh.e_phnum = 0xffff; }); }},
        {"phoff_outside",
         [] { return edit(nullptr, [](Image& im) { im.eh.e_phoff = 0x100000; }); }},
        {"phoff_overflow",
         [] { return edit(nullptr, [](Image& im) { im.eh.e_phoff = 0xfffffff0u; }); }},

        // Segments.
        {"seg_data_outside",
         [] {
             return edit(nullptr, [](Image& im) {
                 im.ph[0].p_filesz += 0x10000;
                 im.ph[0].p_memsz += 0x10000;
             });
         }},
        {"seg_offset_outside",
         [] { return edit(nullptr, [](Image& im) { im.ph[0].p_offset = 0x10000000; }); }},
        {"seg_offset_overflow",
         [] { return edit(nullptr, [](Image& im) { im.ph[0].p_offset = 0xfffff000u; }); }},
        {"filesz_over_memsz",
         [] { return edit(nullptr, [](Image& im) { im.ph[0].p_memsz = 16; }); }},
        {"memsz_huge",
         [] { return edit(nullptr, [](Image& im) { im.ph[0].p_memsz = 0xfffff000u; }); }},
        {"vaddr_memsz_overflow",
         [] { return edit(nullptr, [](Image& im) { im.ph[0].p_memsz = 0xf8000000u; }); }},
        {"seg_kernel_space",
         [] {
             return edit(nullptr, [](Image& im) {
                 im.ph[0].p_vaddr = im.ph[0].p_paddr = 0xc0001000u;
                 im.eh.e_entry = 0xc0001000u + im.code_offset();
             });
         }},
        {"seg_top_of_memory",
         [] {
             return edit(nullptr, [](Image& im) {
                 im.ph[0].p_vaddr = im.ph[0].p_paddr = 0xfffff000u;
                 im.eh.e_entry = 0xfffff000u + im.code_offset();
             });
         }},
        {"seg_zero_page",
         [] {
             return edit(nullptr, [](Image& im) {
                 im.ph[0].p_vaddr = im.ph[0].p_paddr = 0;
                 im.eh.e_entry = im.code_offset();
             });
         }},
        {"seg_overlap",
         [] {
             return edit(
                 [](Image& im) {
                     im.ph.push_back(extra_load(kBase + kPage, kPage, 0x2000, PF_R | PF_W));
                 },
                 [](Image& im) {
                     im.ph[1].p_offset = 0;
                     im.ph[1].p_vaddr = im.ph[1].p_paddr = kBase;
                     im.ph[1].p_filesz = 0;
                 });
         }},
        {"align_not_pow2",
         [] { return edit(nullptr, [](Image& im) { im.ph[0].p_align = 0x3000; }); }},
        {"vaddr_offset_mismatch",
         [] {
             return edit(nullptr, [](Image& im) {
                 im.ph[0].p_vaddr = im.ph[0].p_paddr = kBase + 0x100;
                 im.eh.e_entry += 0x100;
             });
         }},
        {"no_load_segment",
         [] { return edit(nullptr, [](Image& im) { im.ph[0].p_type = PT_NOTE; }); }},

        // Entry point.
        {"entry_outside",
         [] { return edit(nullptr, [](Image& im) { im.eh.e_entry = 0x09000000; }); }},
        {"entry_zero", [] { return edit(nullptr, [](Image& im) { im.eh.e_entry = 0; }); }},
        {"entry_not_executable",
         [] {
             // A second, writable data segment holds the entry point.
             return edit(
                 [](Image& im) { im.ph.push_back(extra_load(0x08050000, 0, 0, PF_R | PF_W)); },
                 [](Image& im) {
                     Elf32_Phdr& d = im.ph[1];
                     d.p_offset = 0;
                     d.p_filesz = d.p_memsz = im.ph[0].p_filesz;
                     im.eh.e_entry = 0x08050000 + im.code_offset();
                 });
         }},

        // Dynamic linking: a PT_INTERP naming the i386 dynamic loader.
        {"pt_interp",
         [] {
             Image im;
             Elf32_Phdr interp{};
             interp.p_type = PT_INTERP;
             interp.p_align = 1;
             im.ph.insert(im.ph.begin(), interp);
             std::swap(im.ph[0], im.ph[1]); // PT_LOAD first
             im.finish();
             const char path[] = "/lib/ld-linux.so.2";
             uint32_t off = im.code_offset() + uint32_t(im.tail.size());
             im.tail.insert(im.tail.end(), path, path + sizeof path);
             im.ph[1].p_offset = off;
             im.ph[1].p_vaddr = im.ph[1].p_paddr = kBase + off;
             im.ph[1].p_filesz = im.ph[1].p_memsz = sizeof path;
             im.ph[0].p_filesz = im.ph[0].p_memsz = off + sizeof path;
             return im.bytes();
         }},
    };
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: elfgen OUTDIR | elfgen --list\n");
        return 2;
    }
    std::string out = argv[1];
    for (const Case& c : cases()) {
        if (out == "--list") {
            std::printf("%s\n", c.name);
            continue;
        }
        std::vector<uint8_t> b = c.make();
        std::string path = out + "/" + c.name + ".elf";
        FILE* f = std::fopen(path.c_str(), "wb");
        if (!f || std::fwrite(b.data(), 1, b.size(), f) != b.size() || std::fclose(f) != 0) {
            std::fprintf(stderr, "elfgen: cannot write %s\n", path.c_str());
            return 1;
        }
        chmod(path.c_str(), 0755); // the valid ones also run natively
    }
    return 0;
}
