// Shared by the CMS runtime tests (test_cms.cpp, test_cms_lookup.cpp): one
// hand-assembled guest with code at kCode and a data page (stack at its
// middle) at kData, run either by the interpreter alone (the reference) or
// by a CMS, and the comparison of the two.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "morph/cms.hpp"
#include "vliw/config.hpp"

namespace cms_guest {

using namespace cm::x86;
using cm::morph::Cms;
using cm::morph::CmsOptions;
using cm::morph::Interpreter;
using cm::morph::StopInfo;
using cm::morph::StopReason;

constexpr uint32_t kCode = 0x10000;
constexpr uint32_t kData = 0x20000;

class TestEnv : public GuestEnv {
  public:
    uint64_t rdtsc() override { return 1234; }
};

/// One guest: memory, state, and either an interpreter or a CMS.
struct Guest {
    CpuState cpu;
    GuestMemory mem;
    TestEnv env;
    std::unique_ptr<Interpreter> interp;
    std::unique_ptr<Cms> cms;

    /// opt null: the interpreter alone. The code pages cover `code`.
    Guest(const std::vector<uint8_t>& code, const CmsOptions* opt,
          uint8_t code_perm = GuestMemory::RX) {
        mem.map(kCode, (code.size() + GuestMemory::kPageSize - 1) & ~size_t(GuestMemory::kPageSize - 1),
                code_perm);
        mem.poke(kCode, code.data(), code.size());
        mem.map(kData, GuestMemory::kPageSize, GuestMemory::RW);
        cpu.eip = kCode;
        cpu.gpr[ESP] = kData + 0x800;
        if (opt)
            cms = std::make_unique<Cms>(cpu, mem, env, cm::vliw::Config{}, *opt);
        else
            interp = std::make_unique<Interpreter>(cpu, mem, env);
    }
    StopInfo run(uint64_t n) { return cms ? cms->run(n) : interp->run(n); }
    uint64_t instructions() const {
        return cms ? cms->instructions() : interp->stats().instructions;
    }
    std::vector<uint8_t> data() {
        std::vector<uint8_t> v(GuestMemory::kPageSize);
        REQUIRE(mem.read_bytes(kData, v.data(), v.size()));
        return v;
    }
};

inline CmsOptions translate_opts(uint32_t hot = 2, unsigned max_region = 64) {
    CmsOptions o;
    o.mode = CmsOptions::Mode::Translate;
    o.hot_threshold = hot;
    o.max_region = max_region;
    return o;
}

/// Same architectural state: GPRs, EIP, EFLAGS, the data page and the count.
inline void require_same(Guest& a, Guest& b) {
    for (unsigned r = 0; r < 8; ++r) {
        INFO("gpr " << r);
        REQUIRE(a.cpu.gpr[r] == b.cpu.gpr[r]);
    }
    REQUIRE(a.cpu.eip == b.cpu.eip);
    REQUIRE(a.cpu.get_eflags() == b.cpu.get_eflags());
    REQUIRE(a.instructions() == b.instructions());
    REQUIRE(a.data() == b.data());
}

/// Same x87 state: the eight registers bit for bit, control, status and tag
/// words, FOP, FIP, FDP, FCS, FDS.
inline void require_same_x87(const Guest& a, const Guest& b) {
    const X87State &x = a.cpu.fpu, &y = b.cpu.fpu;
    for (unsigned r = 0; r < 8; ++r) {
        INFO("R" << r);
        REQUIRE(std::memcmp(&x.r[r], &y.r[r], 10) == 0);
    }
    REQUIRE(x.cw == y.cw);
    REQUIRE(x.sw == y.sw);
    REQUIRE(x.tw == y.tw);
    REQUIRE(x.fop == y.fop);
    REQUIRE(x.fip == y.fip);
    REQUIRE(x.fdp == y.fdp);
    REQUIRE(x.fcs == y.fcs);
    REQUIRE(x.fds == y.fds);
}

/// The translating configurations the x87 tests run in, beside the
/// interpreter alone.
struct Mode {
    const char* name;
    uint32_t hot;
    unsigned max_region;
    bool chaining, verify;
};
inline const Mode kModes[] = {{"translate", 2, 64, true, false},
                              {"one-instruction regions", 1, 1, true, false},
                              {"no chaining", 2, 64, false, false},
                              {"verify", 2, 64, false, true}};

// Nested control flow: calls and ret (indirect exits), jmp through a
// register, conditional and direct jumps, memory read-modify-write; 400
// rounds, then int 0x80.
//   start: mov ecx, 400 ; xor eax, eax ; xor ebx, ebx ; mov esi, 0x20000
//   outer: add eax, ecx ; mov [esi+0x100], eax ; call func ; test ecx, 1
//          jz even ; add ebx, 3 ; jmp next
//   even:  sub ebx, 1 ; mov edx, target2 ; jmp edx
//   target2: xor edx, eax
//   next:  add [esi+0x104], ebx ; dec ecx ; jnz outer ; mov eax, 1 ; int 0x80
//   func:  lea edx, [eax+eax*2] ; xor edx, ebx ; add [esi+0x108], edx ; ret
inline const std::vector<uint8_t> kChains = {
    0xb9, 0x90, 0x01, 0x00, 0x00, 0x31, 0xc0, 0x31, 0xdb, 0xbe, 0x00, 0x00, 0x02, 0x00, 0x01, 0xc8,
    0x89, 0x86, 0x00, 0x01, 0x00, 0x00, 0xe8, 0x29, 0x00, 0x00, 0x00, 0xf7, 0xc1, 0x01, 0x00, 0x00,
    0x00, 0x74, 0x05, 0x83, 0xc3, 0x03, 0xeb, 0x0c, 0x83, 0xeb, 0x01, 0xba, 0x32, 0x00, 0x01, 0x00,
    0xff, 0xe2, 0x31, 0xc2, 0x01, 0x9e, 0x04, 0x01, 0x00, 0x00, 0x49, 0x75, 0xd1, 0xb8, 0x01, 0x00,
    0x00, 0x00, 0xcd, 0x80, 0x8d, 0x14, 0x40, 0x31, 0xda, 0x01, 0x96, 0x08, 0x01, 0x00, 0x00, 0xc3};

} // namespace cms_guest
