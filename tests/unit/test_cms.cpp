// The CMS runtime (morph/cms.hpp) against the interpreter: chained
// translations give the interpreter's state and instruction counts, stop at
// exactly the same instruction for any budget, roll back precisely on a fault
// inside a chained region, unchain when self-modifying code invalidates a
// target, and keep working when a tiny translation cache forces evictions.
//
// The guest programs are hand-assembled (NASM source beside each); code at
// kCode, a data page with the stack at kData.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "cms_guest.hpp"

using namespace cms_guest;

namespace {

// A loop reading [esi] with esi += 0x20 (it leaves the data page on round
// 129) and calling `step`, which divides 3000 by edi and decrements edi
// (divide error on round edi+1). The mov edi immediate is at byte 10.
//   start: xor ecx, ecx ; xor ebx, ebx ; mov esi, 0x20000 ; mov edi, 37
//   loop:  mov eax, [esi] ; add ebx, eax ; add esi, 0x20 ; inc ecx ; call step
//          cmp ecx, 1000 ; jne loop ; int 0x80
//   step:  mov eax, 3000 ; cdq ; idiv edi ; add ebx, eax ; dec edi ; ret
std::vector<uint8_t> faults(uint32_t edi) {
    std::vector<uint8_t> v = {0x31, 0xc9, 0x31, 0xdb, 0xbe, 0x00, 0x00, 0x02, 0x00, 0xbf,
                              0x25, 0x00, 0x00, 0x00, 0x8b, 0x06, 0x01, 0xc3, 0x83, 0xc6,
                              0x20, 0x41, 0xe8, 0x0a, 0x00, 0x00, 0x00, 0x81, 0xf9, 0xe8,
                              0x03, 0x00, 0x00, 0x75, 0xeb, 0xcd, 0x80, 0xb8, 0xb8, 0x0b,
                              0x00, 0x00, 0x99, 0xf7, 0xff, 0x01, 0xc3, 0x4f, 0xc3};
    std::memcpy(&v[10], &edi, 4);
    return v;
}

// Self-modifying code: a loop calls `patchable` (add eax, imm32 ; add ebx,
// eax ; ret); half-way through it rewrites the immediate from 1 to 5.
//   start: mov ecx, 300 ; xor eax, eax ; xor ebx, ebx
//   loop:  call patchable ; dec ecx ; cmp ecx, 150 ; jne skip
//          mov dword [patchable+1], 5
//   skip:  test ecx, ecx ; jnz loop ; int 0x80
//   patchable: add eax, strict dword 1 ; add ebx, eax ; ret
const std::vector<uint8_t> kSmc = {
    0xb9, 0x2c, 0x01, 0x00, 0x00, 0x31, 0xc0, 0x31, 0xdb, 0xe8, 0x19, 0x00, 0x00, 0x00, 0x49, 0x81,
    0xf9, 0x96, 0x00, 0x00, 0x00, 0x75, 0x0a, 0xc7, 0x05, 0x28, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00,
    0x00, 0x85, 0xc9, 0x75, 0xe4, 0xcd, 0x80, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01, 0xc3, 0xc3};

} // namespace

TEST_CASE("cms: chained execution gives the interpreter's state and count", "[cms]") {
    for (auto [hot, max_region] :
         {std::pair{0u, 64u}, {1u, 64u}, {2u, 64u}, {10u, 64u}, {2u, 4u}, {2u, 1u}}) {
        INFO("hot threshold " << hot << ", max region " << max_region);
        CmsOptions o = translate_opts(hot, max_region);
        Guest ref(kChains, nullptr), g(kChains, &o);
        StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
        REQUIRE(a.reason == StopReason::Syscall);
        REQUIRE(b.reason == StopReason::Syscall);
        require_same(ref, g);
        const cm::morph::CmsStats& s = g.cms->stats();
        CHECK(s.translated_insns > g.instructions() / 2);
        CHECK(s.chains > 0);        // direct exits patched into branches
        CHECK(s.cms_continues > 0); // ret and jmp edx resolved without leaving the machine
        // Chained: far fewer machine entries than instructions (even
        // one-instruction regions chain; ret and jmp edx re-enter).
        CHECK(s.machine_runs < s.translated_insns / 5);
        CHECK(s.rollbacks == 0);
    }
}

TEST_CASE("cms: any instruction budget stops exactly where the interpreter does", "[cms]") {
    for (unsigned max_region : {64u, 5u}) {
        INFO("max region " << max_region);
        CmsOptions o = translate_opts(2, max_region);
        Guest full(kChains, nullptr);
        full.run(1'000'000);
        const uint64_t total = full.instructions();
        REQUIRE(total > 5000);
        // One run(n) per budget; the budgets hit every phase of the program.
        for (uint64_t n = 1; n < total + 10; n += n < 200 ? 7 : 389) {
            INFO("budget " << n);
            Guest ref(kChains, nullptr), g(kChains, &o);
            StopInfo a = ref.run(n), b = g.run(n);
            REQUIRE(a.reason == b.reason);
            require_same(ref, g);
        }
        // Many small slices (as the runner's signal polling does): each stops
        // exactly, chained runs included.
        for (uint64_t slice : {1u, 13u, 64u, 500u}) {
            INFO("slice " << slice);
            Guest ref(kChains, nullptr), g(kChains, &o);
            for (;;) {
                StopInfo a = ref.run(slice), b = g.run(slice);
                REQUIRE(a.reason == b.reason);
                require_same(ref, g);
                if (a.reason != StopReason::InsnLimit) break;
            }
            CHECK(g.cms->stats().translated_insns > 0);
        }
    }
}

TEST_CASE("cms: a fault inside a chained region is delivered precisely", "[cms]") {
    // edi = 37: divide error on round 38; edi large: the load leaves the
    // data page on round 129.
    for (uint32_t edi : {37u, 100000u}) {
        INFO("edi " << edi);
        CmsOptions o = translate_opts(2);
        Guest ref(faults(edi), nullptr), g(faults(edi), &o);
        StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
        REQUIRE(a.reason == StopReason::Fault);
        REQUIRE(b.reason == StopReason::Fault);
        CHECK(a.fault.kind == b.fault.kind);
        CHECK(a.fault.addr == b.fault.addr);
        require_same(ref, g);
        const cm::morph::CmsStats& s = g.cms->stats();
        CHECK(s.chains > 0);
        CHECK(s.rollbacks >= 1);
        CHECK(s.translated_insns > g.instructions() / 2);
    }
}

TEST_CASE("cms: self-modifying code unchains the translations branching to it", "[cms]") {
    // Small regions: `patchable` is a translation of its own that the
    // caller's translation branches to.
    CmsOptions o = translate_opts(2, 3);
    Guest ref(kSmc, nullptr, GuestMemory::RWX), g(kSmc, &o, GuestMemory::RWX);
    StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
    REQUIRE(a.reason == StopReason::Syscall);
    REQUIRE(b.reason == StopReason::Syscall);
    require_same(ref, g);
    CHECK(ref.cpu.gpr[EAX] == 150 * 1 + 150 * 5);
    const cm::morph::CmsStats& s = g.cms->stats();
    CHECK(s.invalidations > 0);
    CHECK(s.unchains > 0);
    CHECK(s.chains > s.unchains); // chained again to the new translation
}

TEST_CASE("cms: a tiny translation cache evicts (FIFO) and unlinks", "[cms]") {
    // The program needs about 450 bytes of translations (seven regions):
    // the small sizes must be below that to force evictions.
    for (uint32_t bytes : {256u, 384u, 4096u}) {
        INFO("cache bytes " << bytes);
        CmsOptions o = translate_opts(2, 4);
        o.tc_bytes = bytes;
        Guest ref(kChains, nullptr), g(kChains, &o);
        StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
        REQUIRE(a.reason == StopReason::Syscall);
        REQUIRE(b.reason == StopReason::Syscall);
        require_same(ref, g);
        const cm::morph::CmsStats& s = g.cms->stats();
        if (bytes < 4096) {
            CHECK(s.evictions > 0);
            CHECK(s.unchains > 0);
        }
        CHECK(s.translated_insns > 0);
    }
    // The size comes from the config unless CmsOptions overrides it.
    cm::vliw::Config cfg;
    CHECK(cfg.cms.translation_cache_kb == 16384);
}

namespace {
// The load of [edi] is hoisted above the store to [esi] (ldp/stam); edi ==
// esi, an alias fault the interpreter does not see, on rounds where
// ecx & mask == 0 (the mask immediate is at byte 15). 20000 rounds of 11
// instructions.
//   start: mov ecx, 20000 ; xor ebx, ebx ; mov esi, 0x20000
//   loop:  mov eax, ecx ; and eax, mask ; neg eax ; sbb edx, edx
//          and edx, 0x40 ; lea edi, [esi+edx] ; mov [esi], ecx
//          mov eax, [edi] ; add ebx, eax ; dec ecx ; jnz loop ; int 0x80
std::vector<uint8_t> aliases_when(uint32_t mask) {
    std::vector<uint8_t> v = {0xb9, 0x20, 0x4e, 0x00, 0x00, 0x31, 0xdb, 0xbe, 0x00, 0x00,
                              0x02, 0x00, 0x89, 0xc8, 0x25, 0xff, 0x0f, 0x00, 0x00, 0xf7,
                              0xd8, 0x19, 0xd2, 0x83, 0xe2, 0x40, 0x8d, 0x3c, 0x16, 0x89,
                              0x0e, 0x8b, 0x07, 0x01, 0xc3, 0x49, 0x75, 0xe6, 0xcd, 0x80};
    std::memcpy(&v[15], &mask, 4);
    return v;
}
} // namespace

TEST_CASE("cms: only speculation faults that come close together cost the speculation", "[cms]") {
    struct Case {
        uint32_t mask;   // alias fault every mask+1 rounds
        uint64_t window; // CmsOptions::spec_fault_window
        bool retranslated;
    };
    // Every 4096 rounds (~45k instructions apart): rarer than the default
    // window, so the translation keeps its reordering; counting every fault
    // (window 0) or faults every 4 rounds retranslates it.
    const Case cases[] = {{0xfff, CmsOptions{}.spec_fault_window, false},
                          {0xfff, 0, true},
                          {0x3, CmsOptions{}.spec_fault_window, true}};
    for (const Case& c : cases) {
        INFO("mask " << c.mask << ", window " << c.window);
        CmsOptions o = translate_opts(2, 64);
        o.spec_fault_window = c.window;
        Guest ref(aliases_when(c.mask), nullptr), g(aliases_when(c.mask), &o);
        StopInfo a = ref.run(10'000'000), b = g.run(10'000'000);
        REQUIRE(a.reason == StopReason::Syscall);
        REQUIRE(b.reason == StopReason::Syscall);
        require_same(ref, g);
        const cm::morph::CmsStats& s = g.cms->stats();
        CHECK(s.rollbacks >= 2);
        CHECK((s.retranslations > 0) == c.retranslated);
        CHECK(s.translated_insns > ref.instructions() / 2);
    }
}
