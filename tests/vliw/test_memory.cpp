// A machine over external memory with a page permission table, as the CMS
// runs it over the guest's 4 GiB address space: data accesses need the read
// or write bits of every page they touch, molecule fetches the fetch bits;
// faults report the first faulting byte; permission changes announced
// through the generation counter take effect at the next run, also through
// the SystemC backend's DMI grants; stores wait in the gated store buffer;
// both backends agree.
#include "helpers.hpp"

#include <sys/mman.h>

#include <cstring>
#include <stdexcept>
#include <vector>

using namespace vt;

namespace {

constexpr uint8_t R = 1, W = 2, X = 4, kCms = 0x40; // kCms: CMS code, fetchable

// Guest-like layout.
constexpr uint32_t kRW = 0x10000, kRO = 0x11000, kNone = 0x12000, kRW2 = 0x13000, kWO = 0x14000;
constexpr uint32_t kGuestCode = 0x20000;    // R|X: guest code, not molecules
constexpr uint32_t kMolecules = 0xc0000000; // CMS region: fetch-only

// A 4 GiB address space at a host pointer with one flags byte per page.
struct Space {
    uint8_t* base = nullptr;
    std::vector<uint8_t> perm = std::vector<uint8_t>(1u << 20, 0);
    uint64_t generation = 0;

    Space() {
        void* p = mmap(nullptr, size_t(1) << 32, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        REQUIRE(p != MAP_FAILED);
        base = static_cast<uint8_t*>(p);
        set(kRW, 0x1000, R | W);
        set(kRO, 0x1000, R);
        set(kRW2, 0x1000, R | W);
        set(kWO, 0x1000, W);
        set(kGuestCode, 0x1000, R | X);
        set(kMolecules, 0x2000, kCms);
    }
    ~Space() { munmap(base, size_t(1) << 32); }
    Space(const Space&) = delete;
    Space& operator=(const Space&) = delete;

    void set(uint32_t addr, uint32_t len, uint8_t p) {
        for (uint32_t pg = addr >> 12; pg <= (addr + len - 1) >> 12; ++pg)
            perm[pg] = p;
    }
    /// As mprotect in the guest: new flags, and the generation moves.
    void protect(uint32_t addr, uint32_t len, uint8_t p) {
        set(addr, len, p);
        ++generation;
    }
    uint32_t at(uint32_t addr) const {
        uint32_t v;
        std::memcpy(&v, base + addr, 4);
        return v;
    }
    Memory::Params params() {
        Memory::Params mp;
        mp.size_bytes = 1ull << 32;
        mp.external = base;
        mp.page_perm = perm.data();
        mp.read_bits = R;
        mp.write_bits = W;
        mp.fetch_bits = kCms;
        mp.perm_generation = &generation;
        return mp;
    }
};

// What a scenario observed, compared between the backends.
struct Trace {
    std::vector<uint64_t> v;
    void add(const ExitRecord& r) {
        v.insert(v.end(), {uint64_t(r.reason), r.pc, r.fault_addr, uint64_t(r.access), r.code,
                           r.cycles, r.molecules});
    }
    void add(uint64_t x) { v.push_back(x); }
};

using Scenario = void (*)(Machine&, Space&, Trace&);

// Runs a scenario on each backend (fresh memory each) and checks that both
// saw exactly the same exits, faults, values and cycle counts.
void on_both_backends(Scenario s) {
    Trace t[2];
    const Machine::Backend b[2] = {Machine::Backend::Plain, Machine::Backend::SystemC};
    for (int i = 0; i < 2; ++i) {
        INFO("backend " << (i ? "SystemC" : "Plain"));
        Space sp;
        Machine m(cfg(), sp.params(), b[i]);
        s(m, sp, t[i]);
    }
    CHECK(t[0].v == t[1].v);
}

// Runs one access molecule (then exit) from the CMS region.
ExitRecord access(Machine& m, const char* atom, uint32_t addr) {
    m.set_gpr(1, addr);
    m.set_gpr(2, 0x11223344);
    return run(m, std::string(atom) + "\nexit 0", 1000, kMolecules);
}

void loads_and_stores(Machine& m, Space& sp, Trace& t) {
    struct Case {
        const char* atom;
        uint32_t addr;
        bool ok;
        uint32_t fault_addr;
        MemAccess kind;
    };
    const Case cases[] = {
        {"ld.w r3, [r1]", kRW + 8, true, 0, MemAccess::Read},
        {"st.w [r1], r2", kRW + 8, true, 0, MemAccess::Write},
        {"ld.w r3, [r1]", kRO + 8, true, 0, MemAccess::Read},
        {"st.w [r1], r2", kRO + 8, false, kRO + 8, MemAccess::Write},
        {"st.b [r1], r2", kRO + 0xfff, false, kRO + 0xfff, MemAccess::Write},
        {"ld.b r3, [r1]", kNone, false, kNone, MemAccess::Read},
        {"st.h [r1], r2", kNone + 0x800, false, kNone + 0x800, MemAccess::Write},
        // Straddling two pages: the first byte that faults, as CR2 reports it.
        {"ld.w r3, [r1]", kRO + 0xffe, false, kNone, MemAccess::Read},
        {"st.w [r1], r2", kRW + 0xffd, false, kRO, MemAccess::Write},
        {"ld.w r3, [r1]", kNone + 0xffe, false, kNone + 0xffe, MemAccess::Read},
        {"ld.w r3, [r1]", kRW + 0xffe, true, 0, MemAccess::Read}, // RW then RO: readable
        {"fld.t f1, [r1]", kRO + 0xffa, false, kNone, MemAccess::Read},
        // Guest code pages (R|X) are data to the machine; molecule pages
        // (fetch-only) are not data at all.
        {"ld.w r3, [r1]", kGuestCode, true, 0, MemAccess::Read},
        {"ld.w r3, [r1]", kMolecules + 0x100, false, kMolecules + 0x100, MemAccess::Read},
        {"st.w [r1], r2", kMolecules + 0x100, false, kMolecules + 0x100, MemAccess::Write},
        // ldc (the CMS's own loads) reads only fetchable CMS pages; a
        // fault reports a fetch access.
        {"ldc.w r3, [r1]", kMolecules + 0x100, true, 0, MemAccess::Fetch},
        {"ldc.w r3, [r1]", kRW + 8, false, kRW + 8, MemAccess::Fetch},
        {"ldc.w r3, [r1]", kGuestCode, false, kGuestCode, MemAccess::Fetch},
        {"ldc.w r3, [r1]", kMolecules + 0x1ffe, false, kMolecules + 0x2000, MemAccess::Fetch},
        // A write-only page: a store is fine, a load is not.
        {"st.w [r1], r2", kWO, true, 0, MemAccess::Write},
        {"ld.w r3, [r1]", kWO, false, kWO, MemAccess::Read},
    };
    for (const Case& c : cases) {
        INFO(c.atom << " at 0x" << std::hex << c.addr);
        const ExitRecord r = access(m, c.atom, c.addr);
        t.add(r);
        if (c.ok) {
            CHECK(r.reason == ExitReason::Exit);
        } else {
            CHECK(r.reason == ExitReason::MemoryFault);
            CHECK(r.pc == kMolecules);
            CHECK(r.fault_addr == c.fault_addr);
            CHECK(r.access == c.kind);
            CHECK(m.store_buffer_size() == 0); // the faulting molecule left nothing
        }
        m.rollback();
    }
    // Host view bypasses every permission.
    const uint32_t v = 0xcafef00d;
    m.write_memory(kNone + 4, &v, 4);
    m.write_memory(kRO + 4, &v, 4);
    CHECK(m.read32(kNone + 4) == v);
    CHECK(m.read32(kRO + 4) == v);
    CHECK(sp.at(kRO + 4) == v);
    CHECK(m.host_pointer(kRO) == sp.base + kRO);
}

void forwarding_needs_read_permission(Machine& m, Space&, Trace& t) {
    // The load is fully satisfied from the store buffer, but the page is
    // write-only: still a read fault.
    m.set_gpr(1, kWO + 16);
    m.set_gpr(2, 5);
    ExitRecord r = run(m, "st.w [r1], r2\nld.w r3, [r1]\nexit 0", 1000, kMolecules);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.fault_addr == kWO + 16);
    CHECK(r.access == MemAccess::Read);
    CHECK(m.store_buffer_size() == 1);
    m.rollback();
}

void fetch_permissions(Machine& m, Space& sp, Trace& t) {
    // Molecules run from the fetch-only CMS region...
    ExitRecord r = run(m, "movi r3, 9 ; exit 3", 1000, kMolecules);
    t.add(r);
    CHECK(r.reason == ExitReason::Exit);
    CHECK(r.code == 3);
    // ...but not from guest code pages (readable and x86-executable, not
    // molecules) nor from unmapped memory.
    for (uint32_t target : {kGuestCode, kRW, kNone}) {
        m.set_gpr(1, target);
        r = run(m, "jr r1", 1000, kMolecules);
        t.add(r);
        CHECK(r.reason == ExitReason::MemoryFault);
        CHECK(r.pc == target);
        CHECK(r.fault_addr == target);
        CHECK(r.access == MemAccess::Fetch);
    }
    // A molecule running off the end of the fetchable region: the fault
    // names the first unfetchable byte, the pc the molecule.
    const uint32_t last = kMolecules + 0x2000 - 8; // 4-atom molecule: 16 bytes
    m.set_gpr(1, last);
    r = run(m, "jr r1", 1000, kMolecules + 0x100);
    CHECK(r.reason == ExitReason::UndefinedAtom); // zeroes: fetchable, undecodable
    Program p = m.assemble("movi r1, 1 ; movi r2, 2 ; ld.w r3, [r4]\nexit 0", last);
    REQUIRE(p.bytes.size() > 8);
    m.load(p); // host view: writes [last, last + 16) although the tail is not fetchable
    r = m.run(last, 1000);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.pc == last);
    CHECK(r.fault_addr == kMolecules + 0x2000);
    CHECK(r.access == MemAccess::Fetch);
    sp.protect(kMolecules + 0x2000, 0x1000, kCms);
    m.set_gpr(4, kRW);
    r = m.run(last, 1000);
    t.add(r);
    CHECK(r.reason == ExitReason::Exit);
    m.rollback();
}

void permission_changes(Machine& m, Space& sp, Trace& t) {
    // A loop touching the page many times (the SystemC backend holds DMI
    // grants for it after the first access).
    const char* loop = R"(
        movi r5, 50
  loop: { ld.w r3, [r1] ; addi r5, r5, -1 }
        { st.w [r1], r5 ; bnz r5, loop ; commit }
        exit 1 ; commit)";
    m.set_gpr(1, kRW2 + 64);
    ExitRecord r = run(m, loop, 100000, kMolecules);
    t.add(r);
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(sp.at(kRW2 + 64) == 0);

    // Read-only now: the first store faults at the next run.
    sp.protect(kRW2, 0x1000, R);
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.access == MemAccess::Write);
    CHECK(r.fault_addr == kRW2 + 64);
    m.rollback();

    // Unmapped: the load faults.
    sp.protect(kRW2, 0x1000, 0);
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.access == MemAccess::Read);
    m.rollback();

    // Read-write again: runs to the end.
    sp.protect(kRW2, 0x1000, R | W);
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::Exit);

    // Fetch permission taken away from the molecules' page: the decoded
    // molecules go too, the next run faults at its first fetch.
    sp.protect(kMolecules, 0x1000, R);
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.access == MemAccess::Fetch);
    CHECK(r.pc == kMolecules);
    sp.protect(kMolecules, 0x1000, kCms);
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::Exit);

    // Without a generation counter, permissions_changed() announces it.
    sp.set(kRW2, 0x1000, R);
    m.permissions_changed();
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.access == MemAccess::Write);
    m.rollback();
    sp.set(kRW2, 0x1000, R | W);
    sp.set(kMolecules, 0x1000, R);
    m.permissions_changed();
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.access == MemAccess::Fetch);
    sp.set(kMolecules, 0x1000, kCms);
    m.permissions_changed();
    r = m.run(kMolecules, 100000);
    t.add(r);
    CHECK(r.reason == ExitReason::Exit);
}

void gated_stores(Machine& m, Space& sp, Trace& t) {
    std::memset(sp.base + kRW, 0xee, 16);
    m.set_gpr(1, kRW);
    m.set_gpr(2, 0x01020304);
    // Uncommitted: the guest's memory does not change.
    ExitRecord r = run(m, "st.w [r1], r2 ; movi r4, 1\nld.w r3, [r1] ; exit 0", 1000, kMolecules);
    t.add(r);
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.gpr(3) == 0x01020304); // forwarded
    CHECK(m.store_buffer_size() == 1);
    CHECK(sp.at(kRW) == 0xeeeeeeee);
    m.rollback(); // discarded
    CHECK(m.store_buffer_size() == 0);
    CHECK(sp.at(kRW) == 0xeeeeeeee);
    // Committed: now it is there.
    m.set_gpr(1, kRW); // rollback restored the registers too
    m.set_gpr(2, 0x01020304);
    r = run(m, "st.w [r1], r2\nexit 0 ; commit", 1000, kMolecules);
    t.add(r);
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(sp.at(kRW) == 0x01020304);
    CHECK(sp.at(kRW + 4) == 0xeeeeeeee);
    t.add(m.counters().sb_drains);
}

void code_patching(Machine& m, Space& sp, Trace& t) {
    ExitRecord r = run(m, "exit 1", 1000, kMolecules);
    t.add(r);
    CHECK(r.code == 1);
    // Patch through the host pointer (as chaining does), then announce it.
    Program p = m.assemble("exit 2", kMolecules);
    std::memcpy(sp.base + kMolecules, p.bytes.data(), p.bytes.size());
    m.invalidate_code(kMolecules, p.bytes.size());
    r = m.run(kMolecules, 1000);
    t.add(r);
    CHECK(r.code == 2);
    // write_memory invalidates by itself.
    p = m.assemble("exit 3", kMolecules);
    m.write_memory(kMolecules, p.bytes.data(), p.bytes.size());
    r = m.run(kMolecules, 1000);
    t.add(r);
    CHECK(r.code == 3);
}

void top_of_space(Machine& m, Space& sp, Trace& t) {
    sp.set(0xfffff000, 0x1000, R | W | kCms);
    CHECK(m.memory_size() == (1ull << 32));
    // The last word of the space; an access wrapping past 4 GiB faults.
    m.set_gpr(1, 0xfffffffc);
    m.set_gpr(2, 0x5a5a5a5a);
    ExitRecord r = run(m, "st.w [r1], r2\nld.w r3, [r1] ; exit 0 ; commit", 1000, kMolecules);
    t.add(r);
    CHECK(r.reason == ExitReason::Exit);
    CHECK(sp.at(0xfffffffc) == 0x5a5a5a5a);
    CHECK(m.gpr(3) == 0x5a5a5a5a);
    m.set_gpr(1, 0xfffffffe);
    r = run(m, "ld.w r3, [r1]\nexit 0", 1000, kMolecules);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.fault_addr == 0); // 4 GiB, truncated: the byte after the top
    m.rollback();
    // Molecules in the last page, the last one ending at 4 GiB.
    const uint32_t last = 0xfffffff8;
    Program p = m.assemble("movi r7, 7 ; exit 9", last);
    REQUIRE(p.bytes.size() == 8);
    m.load(p);
    r = m.run(last, 1000);
    t.add(r);
    CHECK(r.reason == ExitReason::Exit);
    CHECK(r.code == 9);
    CHECK(m.gpr(7) == 7);
    // A molecule whose header says it runs past 4 GiB.
    p = m.assemble("movi r1, 1 ; movi r2, 2 ; ld.w r3, [r4]", last);
    m.write_memory(last, p.bytes.data(), 8);
    r = m.run(last, 1000);
    t.add(r);
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.access == MemAccess::Fetch);
    CHECK(r.pc == last);
    m.rollback();
    CHECK_THROWS_AS(m.write_memory(last, p.bytes.data(), 16), std::out_of_range);
}

} // namespace

TEST_CASE("external memory: loads and stores need the page permissions", "[memory]") {
    on_both_backends(loads_and_stores);
}

TEST_CASE("external memory: a load forwarded from the store buffer needs read permission",
          "[memory]") {
    on_both_backends(forwarding_needs_read_permission);
}

TEST_CASE("external memory: molecules run only from fetchable pages", "[memory]") {
    on_both_backends(fetch_permissions);
}

TEST_CASE("external memory: permission changes take effect at the next run (DMI revoked)",
          "[memory][systemc]") {
    on_both_backends(permission_changes);
}

TEST_CASE("external memory: stores stay in the gated store buffer until commit", "[memory]") {
    on_both_backends(gated_stores);
}

TEST_CASE("external memory: molecules patched through the host pointer", "[memory]") {
    on_both_backends(code_patching);
}

TEST_CASE("external memory: the top of the 4 GiB space", "[memory]") {
    on_both_backends(top_of_space);
}

TEST_CASE("external memory: caches and timing are the same anywhere in 4 GiB", "[memory][timing]") {
    const char* loop = R"(
        movi r1, 100
  loop: { ld.w r3, [r10] ; addi r1, r1, -1 ; addf r2, r2, r1 }
        { st.w [r10], r2 ; addi r10, r10, 64 ; bnz r1, loop ; commit }
        exit 5 ; commit)";
    ExitRecord low, high;
    Counters cl, ch;
    {
        Machine m(cfg(), Machine::Backend::Plain);
        m.set_gpr(10, kData);
        low = run(m, loop);
        cl = m.counters();
    }
    {
        Space sp;
        sp.set(0x80000000 + kData, 0x4000, R | W);
        sp.set(0xc0000000 + kCode, 0x1000, kCms);
        Machine m(cfg(), sp.params());
        m.set_gpr(10, 0x80000000 + kData);
        high = run(m, loop, 1'000'000, 0xc0000000 + kCode);
        ch = m.counters();
    }
    REQUIRE(low.reason == ExitReason::Exit);
    CHECK(high.reason == ExitReason::Exit);
    CHECK(high.cycles == low.cycles);
    CHECK(ch.l1d_misses == cl.l1d_misses);
    CHECK(ch.l2_misses == cl.l2_misses);
    CHECK(ch.l1i_misses == cl.l1i_misses);
    CHECK(ch.stalls() == cl.stalls());
}

TEST_CASE("external memory survives reset; Params are validated", "[memory]") {
    Space sp;
    sp.base[kRW] = 42;
    {
        Machine m(cfg(), sp.params(), Machine::Backend::Plain);
        m.reset();
        CHECK(m.read32(kRW) == 42);
    }
    Memory::Params bad = sp.params();
    bad.size_bytes = (1ull << 32) + 4096;
    CHECK_THROWS_AS(Machine(cfg(), bad, Machine::Backend::Plain), std::invalid_argument);
    bad = sp.params();
    bad.read_bits = bad.write_bits = bad.fetch_bits = 0;
    CHECK_THROWS_AS(Machine(cfg(), bad, Machine::Backend::Plain), std::invalid_argument);
}

TEST_CASE("DMI grant ranges cover only pages that allow the access", "[memory][dmi]") {
    Space sp;
    Memory mem(sp.params());
    uint64_t lo = 0, hi = 0;
    // Read grant around the RW page: RW and RO pages are readable, the
    // unmapped page after them is not; the page before kRW is unmapped.
    REQUIRE(mem.accessible_range(kRW + 5, MemAccess::Read, lo, hi));
    CHECK(lo == kRW);
    CHECK(hi == kNone - 1);
    CHECK_FALSE(mem.range_allows(lo, hi, MemAccess::Write)); // so: read-only grant
    REQUIRE(mem.accessible_range(kRW + 5, MemAccess::Write, lo, hi));
    CHECK(lo == kRW);
    CHECK(hi == kRO - 1);
    CHECK(mem.range_allows(lo, hi, MemAccess::Read)); // so: read-write grant
    CHECK_FALSE(mem.accessible_range(kNone, MemAccess::Read, lo, hi));
    CHECK_FALSE(mem.accessible_range(kMolecules, MemAccess::Read, lo, hi));
    REQUIRE(mem.accessible_range(kMolecules + 0x1234, MemAccess::Fetch, lo, hi));
    CHECK(lo == kMolecules);
    CHECK(hi == kMolecules + 0x1fff);
    // No-access regions still cut grants.
    mem.set_no_access(kRW + 0x100, 0x10, true);
    REQUIRE(mem.accessible_range(kRW + 5, MemAccess::Read, lo, hi));
    CHECK(hi == kRW + 0xff);
    // Generation: moves when the owner bumps the counter.
    const uint64_t g = mem.refresh_generation();
    CHECK(mem.refresh_generation() == g);
    sp.protect(kRW, 0x1000, R);
    CHECK(mem.refresh_generation() == g + 1);
}
