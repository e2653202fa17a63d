// The indirect-exit lookup table (morph/backend.hpp kIndirectTable*, cms.cpp):
// indirect exits (ret, call/jmp through a register) find their target's
// translation inside the machine with `ldc` and jump there; a miss (no
// entry, or another EIP of the same index) exits to the CMS, which inserts
// and continues; invalidation, eviction and retranslation clear entries, so
// no stale translation is ever entered; and a guest load from the table's
// address still faults, as the interpreter says it must.
//
// Every run is compared against the interpreter alone (state, memory,
// instruction count, stop reason). Guest programs are hand-assembled (NASM
// source beside each); code at kCode, data and stack at kData.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "cms_guest.hpp"
#include "morph/backend.hpp"

using namespace cms_guest;

namespace {

// call through a register to `patchable` (an indirect exit to it), which
// is rewritten half-way: add eax, 1 becomes add eax, 5.
//   start: mov ecx, 300 ; xor eax, eax ; xor ebx, ebx ; mov edi, patchable
//   loop:  call edi ; dec ecx ; cmp ecx, 150 ; jne skip
//          mov dword [patchable+1], 5
//   skip:  test ecx, ecx ; jnz loop ; int 0x80
//   patchable: add eax, strict dword 1 ; add ebx, eax ; ret
const std::vector<uint8_t> kSmcIndirect = {
    0xb9, 0x2c, 0x01, 0x00, 0x00, 0x31, 0xc0, 0x31, 0xdb, 0xbf, 0x29, 0x00, 0x01, 0x00, 0xff, 0xd7,
    0x49, 0x81, 0xf9, 0x96, 0x00, 0x00, 0x00, 0x75, 0x0a, 0xc7, 0x05, 0x2a, 0x00, 0x01, 0x00, 0x05,
    0x00, 0x00, 0x00, 0x85, 0xc9, 0x75, 0xe7, 0xcd, 0x80, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01, 0xc3,
    0xc3};

// jmp edx alternating between t0 and t1 = t0 + 0x1000 (the same table
// index), 500 rounds; then int 0x80.
//   start: mov ecx, 500 ; xor eax, eax ; xor ebx, ebx
//   loop:  mov edx, ecx ; and edx, 1 ; shl edx, 12 ; add edx, t0 ; jmp edx
//   back:  dec ecx ; jnz loop ; int 0x80
//   t0:    add eax, ecx ; jmp back          (at 0x1001e)
//          times 0x1000 - ($ - t0) nop
//   t1:    add ebx, ecx ; xor eax, ebx ; jmp back
std::vector<uint8_t> collide() {
    std::vector<uint8_t> v = {0xb9, 0xf4, 0x01, 0x00, 0x00, 0x31, 0xc0, 0x31, 0xdb, 0x89, 0xca, 0x83,
                              0xe2, 0x01, 0xc1, 0xe2, 0x0c, 0x81, 0xc2, 0x1e, 0x00, 0x01, 0x00, 0xff,
                              0xe2, 0x49, 0x75, 0xed, 0xcd, 0x80, 0x01, 0xc8, 0xeb, 0xf7};
    v.resize(0x101e, 0x90);
    v.insert(v.end(), {0x01, 0xcb, 0x31, 0xd8, 0xe9, 0xf2, 0xef, 0xff, 0xff});
    return v;
}

// A hot loop loading [esi]; then once more with esi = edi.
//   start: mov ecx, 200 ; mov esi, 0x20000
//   loop:  mov eax, [esi] ; add ebx, eax ; dec ecx ; jnz loop
//          mov esi, edi ; mov ecx, 1 ; jmp loop
const std::vector<uint8_t> kLoadEdi = {0xb9, 0xc8, 0x00, 0x00, 0x00, 0xbe, 0x00, 0x00, 0x02,
                                       0x00, 0x8b, 0x06, 0x01, 0xc3, 0x49, 0x75, 0xf9, 0x89,
                                       0xfe, 0xb9, 0x01, 0x00, 0x00, 0x00, 0xeb, 0xf0};

/// A guest with a view of the CMS's indirect-exit lookup table.
struct LookupGuest : cms_guest::Guest {
    using cms_guest::Guest::Guest;
    /// Table entry i as {tag, translation entry} (host view of CMS memory).
    std::pair<uint32_t, uint32_t> entry(uint32_t i) const {
        uint32_t e[2];
        std::memcpy(e, mem.host(cms->indirect_table() + 8 * i), 8);
        return {e[0], e[1]};
    }
    /// Every entry is empty (tag i ^ 1) or names the current translation of its tag.
    void require_table_consistent() const {
        REQUIRE(cms->indirect_table() != 0);
        unsigned live = 0;
        for (uint32_t i = 0; i < cm::morph::kIndirectTableEntries; ++i) {
            auto [tag, to] = entry(i);
            if (tag == (i ^ 1)) continue;
            INFO("entry " << i << " tag 0x" << std::hex << tag << " -> 0x" << to);
            REQUIRE((tag & (cm::morph::kIndirectTableEntries - 1)) == i);
            REQUIRE(to != 0);
            REQUIRE(cms->translation_entry(tag) == to);
            ++live;
        }
        CHECK(live > 0);
    }
};

} // namespace

TEST_CASE("lookup table: indirect exits hit inside the machine", "[cms][lookup]") {
    for (unsigned max_region : {64u, 4u}) {
        INFO("max region " << max_region);
        CmsOptions o = translate_opts(2, max_region);
        LookupGuest ref(kChains, nullptr), g(kChains, &o);
        StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
        REQUIRE(a.reason == StopReason::Syscall);
        REQUIRE(b.reason == StopReason::Syscall);
        require_same(ref, g);
        const cm::morph::CmsStats& s = g.cms->stats();
        // 400 rets and 200 jmp edx: nearly all resolved in the machine.
        CHECK(s.table_inserts > 0);
        CHECK(s.indirect_misses > 0);  // before the targets had translations
        CHECK(s.indirect_misses < 60); // (a few per target)
        CHECK(s.machine_runs < 60);    // no trip through the CMS per indirect exit
        g.require_table_consistent();
        // The table lies in CMS memory, after the translation cache.
        CHECK(g.cms->indirect_table() >= o.tc_base);
        CHECK(g.cms->indirect_table() % cm::morph::kIndirectTableBytes == 0);
    }
}

TEST_CASE("lookup table: without chaining every indirect exit misses", "[cms][lookup]") {
    CmsOptions o = translate_opts(2);
    o.chaining = false;
    LookupGuest ref(kChains, nullptr), g(kChains, &o);
    ref.run(1'000'000);
    g.run(1'000'000);
    require_same(ref, g);
    const cm::morph::CmsStats& s = g.cms->stats();
    CHECK(s.table_inserts == 0);
    CHECK(s.indirect_misses > 300); // 600 executed, most of them by translated code
}

TEST_CASE("lookup table: two targets of one index miss, and stay exact", "[cms][lookup]") {
    CmsOptions o = translate_opts(2);
    uint64_t total = 0;
    {
        LookupGuest ref(collide(), nullptr), g(collide(), &o);
        StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
        REQUIRE(a.reason == StopReason::Syscall);
        REQUIRE(b.reason == StopReason::Syscall);
        require_same(ref, g);
        total = ref.instructions();
        const cm::morph::CmsStats& s = g.cms->stats();
        // Direct-mapped: each jmp edx finds the other target's entry and
        // misses; the CMS re-inserts its own.
        CHECK(s.indirect_misses > 400);
        CHECK(s.table_inserts > 400);
        g.require_table_consistent();
    }
    // Budgets cutting anywhere, the misses included.
    for (uint64_t n = 1; n < total + 5; n += 97) {
        INFO("budget " << n);
        LookupGuest r2(collide(), nullptr), g2(collide(), &o);
        StopInfo x = r2.run(n), y = g2.run(n);
        REQUIRE(x.reason == y.reason);
        require_same(r2, g2);
    }
}

TEST_CASE("lookup table: code written behind an entry is never entered stale", "[cms][lookup][smc]") {
    for (unsigned max_region : {64u, 3u}) {
        INFO("max region " << max_region);
        CmsOptions o = translate_opts(2, max_region);
        LookupGuest ref(kSmcIndirect, nullptr, GuestMemory::RWX), g(kSmcIndirect, &o, GuestMemory::RWX);
        StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
        REQUIRE(a.reason == StopReason::Syscall);
        REQUIRE(b.reason == StopReason::Syscall);
        require_same(ref, g);
        CHECK(ref.cpu.gpr[EAX] == 150 * 1 + 150 * 5);
        const cm::morph::CmsStats& s = g.cms->stats();
        CHECK(s.invalidations > 0);
        CHECK(s.table_removals > 0);
        CHECK(s.table_inserts > s.table_removals); // the new translation went back in
        g.require_table_consistent();
    }
}

TEST_CASE("lookup table: eviction clears the entries of evicted translations", "[cms][lookup]") {
    for (uint32_t bytes : {256u, 512u}) {
        INFO("cache bytes " << bytes);
        CmsOptions o = translate_opts(2, 4);
        o.tc_bytes = bytes;
        LookupGuest ref(kChains, nullptr), g(kChains, &o);
        ref.run(1'000'000);
        g.run(1'000'000);
        require_same(ref, g);
        const cm::morph::CmsStats& s = g.cms->stats();
        CHECK(s.evictions > 0);
        CHECK(s.table_removals > 0);
        g.require_table_consistent();
    }
}

TEST_CASE("lookup table: retranslation replaces the entry", "[cms][lookup]") {
    // The load of [edi] is hoisted above the store to [esi] under alias
    // protection; from round 100 on they overlap: alias faults that the
    // interpreter does not see, so the loop is retranslated without the
    // reordering (its translation dropped, its table entry cleared).
    //   start: mov ecx, 300 ; mov esi, 0x20000 ; mov edi, 0x20040
    //   loop:  mov [esi], ecx ; mov eax, [edi] ; add ebx, eax ; cmp ecx, 100
    //          jne skip ; mov edi, esi
    //   skip:  dec ecx ; jnz loop ; int 0x80
    const std::vector<uint8_t> code = {0xb9, 0x2c, 0x01, 0x00, 0x00, 0xbe, 0x00, 0x00, 0x02, 0x00, 0xbf,
                                       0x40, 0x00, 0x02, 0x00, 0x89, 0x0e, 0x8b, 0x07, 0x01, 0xc3, 0x83,
                                       0xf9, 0x64, 0x75, 0x02, 0x89, 0xf7, 0x49, 0x75, 0xf0, 0xcd, 0x80};
    CmsOptions o = translate_opts(2, 64);
    LookupGuest ref(code, nullptr), g(code, &o);
    StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
    REQUIRE(a.reason == StopReason::Syscall);
    REQUIRE(b.reason == StopReason::Syscall);
    require_same(ref, g);
    const cm::morph::CmsStats& s = g.cms->stats();
    CHECK(s.retranslations > 0);
    CHECK(s.table_removals > 0);
    g.require_table_consistent();
}

TEST_CASE("lookup table: a guest load from the table's address faults", "[cms][lookup]") {
    CmsOptions o = translate_opts(2);
    LookupGuest ref(kLoadEdi, nullptr), g(kLoadEdi, &o);
    const uint32_t table = g.cms->indirect_table();
    REQUIRE(table != 0);
    for (Guest* x : {&ref, &g}) x->cpu.gpr[EDI] = table + 8 * (kCode & 0xfff);
    StopInfo a = ref.run(1'000'000), b = g.run(1'000'000);
    REQUIRE(a.reason == StopReason::Fault);
    REQUIRE(b.reason == StopReason::Fault);
    CHECK(a.fault.kind == b.fault.kind);
    CHECK(a.fault.addr == b.fault.addr);
    CHECK(b.fault.addr == table + 8 * (kCode & 0xfff));
    require_same(ref, g);
    const cm::morph::CmsStats& s = g.cms->stats();
    CHECK(s.table_inserts > 0);          // the table was in use...
    CHECK(s.translated_insns > 100);     // ...by translated code...
    CHECK(s.rollbacks >= 1);             // ...whose load of it faulted
}
