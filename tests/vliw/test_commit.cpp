// Commit and rollback, the gated store buffer (forwarding, overflow), the
// alias unit (every size and mask) and fault reasons.
#include "helpers.hpp"

#include <cstring>

using namespace vt;

TEST_CASE("rollback restores shadowed registers, flags and memory exactly", "[commit]") {
    Machine m(cfg(), Machine::Backend::Plain);
    for (unsigned r = 0; r < 64; ++r)
        m.set_gpr(r, 1000 + r);
    for (unsigned f = 0; f < 32; ++f)
        m.set_fpr(f, f + 0.5L);
    m.set_flags(F_CF | F_ZF);
    m.write32(kData, 0xaaaaaaaa);
    m.commit();
    CHECK(m.shadow_gpr(47) == 1047);

    m.set_gpr(10, 0); // divisor for the final fault
    ExitRecord r = run(m, R"(
        movi r1, 1 ; movi r47, 47
        movi r48, 48 ; addf r2, r1, r1
        movi r3, 0x1234 ; i2f f0, r1
        i2f f20, r1 ; li r5, 0x80000
        st.w [r5], r3
        divu r9, r9, r10)");
    REQUIRE(r.reason == ExitReason::DivideError);
    CHECK(m.gpr(1) == 1); // working state still there for the CMS to inspect
    CHECK(m.store_buffer_size() == 1);
    CHECK(m.read32(kData) == 0xaaaaaaaa); // nothing reached memory

    m.rollback();
    CHECK(m.gpr(1) == 1001);
    CHECK(m.gpr(47) == 1047);
    CHECK(m.gpr(48) == 48); // r48.. are not shadowed
    CHECK(m.gpr(2) == 1002);
    CHECK(m.fpr(0) == 0.5L);
    CHECK(m.fpr(20) == 1.0L); // f16.. are not shadowed
    CHECK(m.flags() == (F_CF | F_ZF));
    CHECK(m.store_buffer_size() == 0);
    CHECK(m.read32(kData) == 0xaaaaaaaa);
    CHECK(m.counters().rollbacks == 1);
    CHECK(m.counters().sb_discards == 1);
}

TEST_CASE("the commit bit copies registers to shadows and drains stores", "[commit]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.set_gpr(5, kData);
    ExitRecord r = run(m, R"(
        movi r1, 77 ; movi r2, 3
        st.w [r5], r1 ; addf r3, r1, r2 ; commit
        movi r1, 99
        exit 0)");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.read32(kData) == 77);
    CHECK(m.shadow_gpr(1) == 77);
    CHECK(m.shadow_gpr(3) == 80);
    CHECK(m.gpr(1) == 99);
    m.rollback();
    CHECK(m.gpr(1) == 77); // back to the commit point, not further
    CHECK(m.read32(kData) == 77);
    CHECK(m.counters().commits == 1);
    CHECK(m.counters().sb_drains == 1);
}

TEST_CASE("loads see buffered stores byte by byte (store-to-load forwarding)",
          "[commit][store_buffer]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.write32(kData - 4, 0x0d0c0b0a);
    m.write32(kData, 0x44332211);
    m.write32(kData + 4, 0x88776655);
    m.set_gpr(1, kData);
    m.set_gpr(2, kData + 1);
    m.set_gpr(3, kData + 3);
    m.set_gpr(4, kData - 2);
    m.set_gpr(6, 0xdeadbeef);
    m.set_gpr(7, 0xaa);
    ExitRecord r = run(m, R"(
        st.w [r1], r6
        st.b [r2], r7
        ld.w r10, [r1] ; movi r20, 0
        ld.h r11, [r3]
        ld.w r12, [r4]
        ld.b r13, [r2]
        exit 0)");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.gpr(10) == 0xdeadaaef); // youngest store wins for byte 1
    CHECK(m.gpr(11) == 0x55de);     // byte 3 from the buffer, byte 4 from memory
    CHECK(m.gpr(12) == 0xaaef0d0c); // bytes -2,-1 from memory, 0,1 from the buffer
    CHECK(m.gpr(13) == 0xaa);
    CHECK(m.read32(kData) == 0x44332211); // still gated
    CHECK(m.counters().sb_forwarded_bytes == 4 + 1 + 2 + 1);

    // A store in the same molecule is not visible to a load in it (two LSUs: Efficeon).
    {
        Machine e(cfg({}, "efficeon"), Machine::Backend::Plain);
        e.write32(kData, 0x44332211);
        e.set_gpr(1, kData);
        e.set_gpr(6, 0x12345678);
        REQUIRE(run(e, "st.w [r1], r6 ; ld.w r10, [r1]\nld.w r11, [r1]\nexit 0").reason ==
                ExitReason::Exit);
        CHECK(e.gpr(10) == 0x44332211);
        CHECK(e.gpr(11) == 0x12345678);
    }
    m.rollback();
    m.set_gpr(1, kData);
    m.set_gpr(3, kData + 3);

    // FP stores forward to integer loads too.
    m.set_fpr(1, 1.0L);
    REQUIRE(run(m, "fst.d [r1], f1\nld.w r10, [r3]\nld.w r11, [r1]\nexit 0").reason ==
            ExitReason::Exit);
    double one = 1.0;
    uint32_t hi;
    std::memcpy(&hi, reinterpret_cast<uint8_t*>(&one) + 4, 4);
    CHECK(m.gpr(11) == 0);
    CHECK((m.gpr(10) >> 8) == (hi & 0xffffff));
}

TEST_CASE("store buffer overflow traps before the molecule has any effect",
          "[commit][store_buffer]") {
    Machine m(cfg({"vliw.store_buffer_entries=4"}), Machine::Backend::Plain);
    m.set_gpr(1, kData);
    m.set_gpr(2, 5);
    m.write32(kData, 1);
    ExitRecord r = run(m, R"(
        st.w [r1], r2
        st.w [r1], r2
        st.w [r1], r2 ; movi r3, 3
        st.w [r1], r2 ; movi r4, 4
        st.w [r1], r2 ; movi r5, 5
        exit 0)");
    CHECK(r.reason == ExitReason::StoreBufferOverflow);
    CHECK(r.pc == kCode + 4 * 8);
    CHECK(m.store_buffer_size() == 4);
    CHECK(m.gpr(4) == 4);
    CHECK(m.gpr(5) != 5);
    m.rollback();
    CHECK(m.read32(kData) == 1);

    // With a commit in between, the same stores fit.
    m.set_gpr(1, kData);
    m.set_gpr(2, 5);
    r = run(m, R"(
        st.w [r1], r2
        st.w [r1], r2
        st.w [r1], r2 ; commit
        st.w [r1], r2
        st.w [r1], r2
        exit 0)");
    CHECK(r.reason == ExitReason::Exit);
    CHECK(m.read32(kData) == 5);
    CHECK(m.store_buffer_size() == 2);
}

TEST_CASE("alias detection for overlapping and disjoint ranges of every size and mask", "[alias]") {
    Machine m(cfg({"vliw.alias_registers=16"}), Machine::Backend::Plain);
    struct Sz {
        const char* ld;
        const char* st;
        unsigned bytes;
    };
    const Sz sizes[] = {{"ldp.b r3", "stam.b", 1},   {"ldp.h r3", "stam.h", 2},
                        {"ldp.w r3", "stam.w", 4},   {"fldp.s f3", "fstam.s", 4},
                        {"fldp.d f3", "fstam.d", 8}, {"fldp.t f3", "fstam.t", 10}};
    unsigned runs = 0, faults = 0;
    for (const Sz& l : sizes) {
        for (const Sz& s : sizes) {
            const bool fp_store = s.st[0] == 'f';
            for (int off = -11; off <= 11; ++off) {
                for (unsigned k : {0u, 5u, 15u}) {
                    for (uint32_t mask :
                         {0u, 1u << k, ~(1u << k) & 0xffffu, 0xffffu, 1u << ((k + 1) % 16)}) {
                        const uint32_t a1 = kData + 0x100, a2 = a1 + off;
                        m.set_gpr(1, a1);
                        m.set_gpr(2, a2);
                        std::string text = std::string(l.ld) + ", [r1], a" + std::to_string(k) +
                                           "\n" + s.st + " [r2], " + (fp_store ? "f4" : "r4") +
                                           ", " + std::to_string(mask) + "\nexit 0";
                        ExitRecord r = run(m, text);
                        const bool overlap = int64_t(a2) < int64_t(a1) + l.bytes &&
                                             int64_t(a1) < int64_t(a2) + s.bytes;
                        const bool expect = overlap && ((mask >> k) & 1);
                        INFO(text);
                        CHECK((r.reason == ExitReason::AliasFault) == expect);
                        if (expect) {
                            CHECK(r.code == k);
                            CHECK(r.fault_addr == a2);
                            CHECK(r.pc == kCode + 8);
                            ++faults;
                        } else {
                            CHECK(r.reason == ExitReason::Exit);
                        }
                        m.rollback();
                        ++runs;
                    }
                }
            }
        }
    }
    CHECK(runs == 6 * 6 * 23 * 3 * 5);
    CHECK(faults > 0);
    CHECK(m.counters().alias_faults == faults);
}

TEST_CASE("alias registers: lowest matching register reported, cleared by commit", "[alias]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.set_gpr(1, kData);
    ExitRecord r = run(m, R"(
        ldp.w r3, [r1], a6
        ldp.w r4, [r1], a2
        stam.w [r1], r5, 0xff
        exit 0)");
    CHECK(r.reason == ExitReason::AliasFault);
    CHECK(r.code == 2);
    m.rollback();
    // Commit ends protection.
    r = run(m, R"(
        ldp.w r3, [r1], a0 ; commit
        stam.w [r1], r5, 0xff
        exit 0)");
    CHECK(r.reason == ExitReason::Exit);
    // Masks beyond the machine's registers are ignored; ldp to a missing register is undefined.
    r = run(m, "ldp.w r3, [r1], a9\nexit 0");
    CHECK(r.reason == ExitReason::UndefinedAtom);
    m.rollback();
}

TEST_CASE("fault reasons", "[faults]") {
    Machine m(cfg(), Machine::Backend::Plain);
    const uint32_t top = uint32_t(m.memory_size());

    m.set_gpr(1, top - 2);
    ExitRecord r = run(m, "ld.w r2, [r1]\nexit 0");
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.fault_addr == top); // the first byte outside memory, as CR2 would say
    CHECK(r.access == MemAccess::Read);
    m.rollback();

    m.set_no_access(kData, 0x1000);
    m.set_gpr(1, kData + 0x10);
    r = run(m, "movi r9, 1 ; st.b [r1], r2\nexit 0");
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.fault_addr == kData + 0x10);
    CHECK(m.gpr(9) != 1); // the whole molecule is suppressed
    CHECK(m.store_buffer_size() == 0);
    m.rollback();
    m.set_no_access(kData, 0x1000, false);
    r = run(m, "st.b [r1], r2\nexit 0");
    CHECK(r.reason == ExitReason::Exit);
    m.rollback();

    // Fetch from a no-access page.
    m.set_no_access(0x20000, 0x1000);
    m.set_gpr(1, 0x20000);
    r = run(m, "jr r1");
    CHECK(r.reason == ExitReason::MemoryFault);
    CHECK(r.pc == 0x20000);
    CHECK(r.fault_addr == 0x20000);
    CHECK(r.access == MemAccess::Fetch);

    // Undefined atom (opcode 0: zeroed memory).
    m.set_gpr(1, 0x30000);
    r = run(m, "jr r1");
    CHECK(r.reason == ExitReason::UndefinedAtom);
    CHECK(r.pc == 0x30000);

    // Too many ALU atoms for the tm5800's two ALUs.
    r = run(m, "movi r1, 1 ; movi r2, 2 ; movi r3, 3\nexit 0");
    CHECK(r.reason == ExitReason::IllegalMolecule);

    // Cycle limit.
    r = run(m, "loop: br loop", 100);
    CHECK(r.reason == ExitReason::CycleLimit);
    CHECK(r.cycles == 100);
    CHECK(r.pc == kCode);
    CHECK_FALSE(r.is_fault());
}

TEST_CASE("a molecule wider than the machine is illegal", "[faults]") {
    Machine m(cfg({"vliw.molecule_atoms=2"}), Machine::Backend::Plain);
    // Assemble for 8 slots, run on a 2-slot machine.
    Program p = assemble("movi r1, 1 ; movi r2, 2 ; ld.w r3, [r4]\nexit 0", {kCode, 8, 2});
    m.load(p);
    ExitRecord r = m.run(kCode, 100);
    CHECK(r.reason == ExitReason::IllegalMolecule);
}
