// The FP status register fsr: rfsr/wfsr, shadowing (commit keeps it,
// rollback restores it, reset zeroes it), molecule atomicity and slot
// order, and its scoreboard timing. Which flags each FP atom raises is
// checked against the host's x87 in tests/unit/test_x87_atoms.cpp.
//
// (This file is listed before test_semantics.cpp in CMakeLists.txt: the
// atoms it runs count for the "every atom has a semantic test" check.)
#include "helpers.hpp"

#include "vliw/regfile.hpp"

using namespace vt;

TEST_CASE("rfsr and wfsr move the FP status register", "[semantics][fsr]") {
    Machine m(cfg(), Machine::Backend::Plain);
    CHECK(m.fsr() == 0); // power-on
    m.set_gpr(1, 0xffffffff);
    ExitRecord r = run(m, "wfsr r1\nrfsr r2\nexit 0");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.gpr(2) == FSR_ALL); // only IE..PE and C1 exist
    CHECK(m.fsr() == FSR_ALL);
    for (uint32_t v : {0u, FSR_PE | FSR_C1, FSR_IE, FSR_ZE | FSR_UE, 0x12345678u}) {
        m.set_gpr(1, v);
        REQUIRE(run(m, "wfsr r1\nrfsr r2\nexit 0").reason == ExitReason::Exit);
        CHECK(m.gpr(2) == (v & FSR_ALL));
    }
    // The host side sees and sets the same register (the CMS loads and saves it).
    m.set_fsr(0xffff);
    CHECK(m.fsr() == FSR_ALL);
    REQUIRE(run(m, "rfsr r3\nexit 0").reason == ExitReason::Exit);
    CHECK(m.gpr(3) == FSR_ALL);
    m.reset();
    CHECK(m.fsr() == 0);
    CHECK(m.shadow_fsr() == 0);
}

TEST_CASE("FP atoms accumulate sticky flags in fsr and replace C1", "[semantics][fsr]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.set_fpr(1, 1.0L);
    m.set_fpr(2, 0.0L);
    m.set_fpr(4, 3.0L);
    // 1/0: zero divide; 1/3: inexact; then a move leaves fsr alone.
    REQUIRE(run(m, "fdiv f3, f1, f2\nexit 0").reason == ExitReason::Exit);
    CHECK(m.fsr() == FSR_ZE);
    REQUIRE(run(m, "fdiv f3, f1, f4\nfmov f5, f3\nexit 0").reason == ExitReason::Exit);
    CHECK((m.fsr() & FSR_EXC) == (FSR_ZE | FSR_PE)); // ZE stays (sticky)
    // fabs clears C1 (x87 FABS) but keeps the sticky flags.
    m.set_fsr(FSR_ZE | FSR_C1);
    REQUIRE(run(m, "fabs f5, f3\nexit 0").reason == ExitReason::Exit);
    CHECK(m.fsr() == FSR_ZE);
}

TEST_CASE("commit keeps fsr, rollback restores it", "[commit][fsr]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.set_fpr(1, 1.0L);
    m.set_fpr(2, 0.0L);
    m.set_gpr(1, FSR_OE);
    ExitRecord r = run(m, R"(
        wfsr r1 ; commit
        fdiv f3, f1, f2
        exit 0)");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.shadow_fsr() == FSR_OE); // the commit bit copied fsr
    CHECK(m.fsr() == (FSR_OE | FSR_ZE));
    m.rollback();
    CHECK(m.fsr() == FSR_OE);

    // An explicit commit copies the working value; a later rollback keeps it.
    m.set_fsr(FSR_PE | FSR_C1);
    m.commit();
    CHECK(m.shadow_fsr() == (FSR_PE | FSR_C1));
    m.set_fsr(0);
    m.rollback();
    CHECK(m.fsr() == (FSR_PE | FSR_C1));

    // A commit molecule that also updates fsr commits the new value.
    m.set_fsr(0);
    r = run(m, "fdiv f3, f1, f2 ; commit\nexit 0");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.shadow_fsr() == FSR_ZE);
}

TEST_CASE("a faulting molecule leaves fsr unchanged", "[commit][fsr]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.set_fpr(1, 1.0L);
    m.set_fpr(2, 0.0L);
    m.set_gpr(10, 0);
    m.set_fsr(FSR_DE);
    // The fdiv's molecule faults (divide error in another slot): no write-back.
    ExitRecord r = run(m, "fdiv f3, f1, f2 ; divu r9, r9, r10\nexit 0");
    REQUIRE(r.reason == ExitReason::DivideError);
    CHECK(m.fsr() == FSR_DE);
}

TEST_CASE("fsr updates of one molecule apply in slot order", "[semantics][fsr]") {
    // Efficeon has two FP units: wfsr and an fdiv can share a molecule.
    Machine m(cfg({}, "efficeon"), Machine::Backend::Plain);
    m.set_fpr(1, 1.0L);
    m.set_fpr(2, 0.0L);
    m.set_gpr(1, FSR_UE);
    m.set_fsr(FSR_IE);
    // rfsr reads the pre-molecule value, like every register read.
    ExitRecord r = run(m, "rfsr r2 ; wfsr r1\nexit 0");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.gpr(2) == FSR_IE);
    CHECK(m.fsr() == FSR_UE);
    // wfsr then fdiv: the fdiv ORs its flags into wfsr's value.
    m.set_fsr(FSR_IE);
    r = run(m, "wfsr r1 ; fdiv f3, f1, f2\nexit 0");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.fsr() == (FSR_UE | FSR_ZE));
    // fdiv then wfsr: the later slot wins.
    m.set_fsr(0);
    r = run(m, "fdiv f3, f1, f2 ; wfsr r1\nexit 0");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.fsr() == FSR_UE);
}

TEST_CASE("rfsr waits for every FP atom in flight; FP atoms do not wait for each other",
          "[timing][fsr]") {
    Machine m(cfg(), Machine::Backend::Plain);
    const uint64_t fdiv = m.config().lat.fdiv;
    REQUIRE(fdiv > 4);
    auto cycles = [&](const std::string& text) {
        m.set_fpr(1, 1.0L);
        m.set_fpr(2, 3.0L);
        REQUIRE(run(m, text).reason == ExitReason::Exit); // warm the caches
        m.charge(1000);                                   // let in-flight results settle
        m.reset_counters();
        ExitRecord r = m.run(kCode, 100000);
        REQUIRE(r.reason == ExitReason::Exit);
        return r.cycles;
    };
    // Independent FP atoms issue back to back although both update fsr.
    CHECK(cycles("fdiv f3, f1, f2\nfadd f4, f1, f2\nexit 0") == 3);
    // rfsr waits for the fdiv to complete, not only for the later fadd.
    CHECK(cycles("fdiv f3, f1, f2\nrfsr r1\nexit 0") == fdiv + 2);
    CHECK(cycles("fdiv f3, f1, f2\nfadd f4, f1, f2\nrfsr r1\nexit 0") == fdiv + 2);
    // wfsr too (it must not be overtaken by an older atom's flags).
    CHECK(cycles("fdiv f3, f1, f2\nwfsr r1\nexit 0") == fdiv + 2);
    // A move, an 80-bit load or an integer atom does not update fsr.
    CHECK(cycles("fmov f3, f1\nrfsr r1\nexit 0") == 3);
    // rfsr's result is an ordinary register result.
    CHECK(cycles("rfsr r1\nadd r2, r1, r1\nexit 0") == 2 + uint64_t(m.config().lat.fmisc));
}

TEST_CASE("fchk faults when fsr holds a flag of its mask", "[semantics][fsr]") {
    Machine m(cfg(), Machine::Backend::Plain);
    // Clear fsr: no fault; a flag outside the mask: no fault.
    for (uint32_t v : {0u, FSR_PE | FSR_C1 | FSR_ZE}) {
        m.set_gpr(1, v);
        ExitRecord r = run(m, "wfsr r1\nfchk 3\nmovi r2, 7\nexit 0");
        REQUIRE(r.reason == ExitReason::Exit);
        CHECK(m.gpr(2) == 7);
    }
    // IE or DE under the mask 3: fp_check, code = the flags found, and the
    // faulting molecule does nothing (its movi is not written).
    for (uint32_t v : {FSR_IE, FSR_DE | FSR_PE, FSR_IE | FSR_DE}) {
        m.set_gpr(1, v);
        m.set_gpr(2, 0);
        ExitRecord r = run(m, "wfsr r1\nfchk 3 ; movi r2, 7\nexit 0");
        REQUIRE(r.reason == ExitReason::FpCheck);
        CHECK(r.code == (v & 3));
        CHECK(m.gpr(2) == 0);
        CHECK(exit_reason_name(r.reason) == "fp_check");
    }
    // It sees the flags of an FP atom earlier in the program (a 0/0 raises IE).
    m.set_fpr(1, 0.0L);
    m.set_gpr(1, 0);
    ExitRecord r = run(m, "wfsr r1\nfdiv f3, f1, f1\nfchk 1\nexit 0");
    CHECK(r.reason == ExitReason::FpCheck);
}

TEST_CASE("fcmpo compares as fcmp but raises IE for a QNaN", "[semantics][fsr]") {
    Machine m(cfg(), Machine::Backend::Plain);
    const long double qnan = __builtin_nanl("");
    struct Case {
        long double a, b;
        uint32_t flags, fsr;
    } cases[] = {{1.0L, 2.0L, F_CF, 0},
                 {2.0L, 1.0L, 0, 0},
                 {3.0L, 3.0L, F_ZF, 0},
                 {qnan, 1.0L, F_ZF | F_PF | F_CF, FSR_IE}};
    for (const Case& c : cases) {
        m.set_fpr(1, c.a);
        m.set_fpr(2, c.b);
        m.set_gpr(1, FSR_C1); // C1 stays
        REQUIRE(run(m, "wfsr r1\nfcmpo f1, f2\nexit 0").reason == ExitReason::Exit);
        CHECK((m.flags() & (F_ZF | F_PF | F_CF)) == c.flags);
        CHECK(m.fsr() == (c.fsr | FSR_C1));
        // fcmp: no IE for the QNaN
        REQUIRE(run(m, "wfsr r1\nfcmp f1, f2\nexit 0").reason == ExitReason::Exit);
        CHECK(m.fsr() == FSR_C1);
    }
}
