// Semantics of every atom, each checked through a hand-written molecule
// program (assembler text) on the plain backend. The last test case checks
// that every opcode in atoms.def was exercised here.
#include "helpers.hpp"

#include <cmath>
#include <cstring>

using namespace vt;

namespace {

struct Out {
    uint32_t rd;
    uint32_t flags;
    ExitRecord rec;
};

// Runs `atom` with r1, r2, r4 and the flags preset; result in r3.
Out exec1(Machine& m, const std::string& atom, uint32_t r1, uint32_t r2, uint32_t flags_in = 0,
          uint32_t r4 = 0) {
    m.set_gpr(1, r1);
    m.set_gpr(2, r2);
    m.set_gpr(4, r4);
    m.set_gpr(3, 0xdeadbeef);
    m.set_flags(flags_in);
    ExitRecord rec = run(m, atom + "\nexit 0");
    return {m.gpr(3), m.flags(), rec};
}

struct Case {
    const char* atom;
    uint32_t r1, r2, flags_in;
    uint32_t rd, flags;
};

void check_cases(Machine& m, std::initializer_list<Case> cases) {
    for (const Case& c : cases) {
        INFO(c.atom << "  r1=" << std::hex << c.r1 << " r2=" << c.r2 << " flags_in=" << c.flags_in);
        Out o = exec1(m, c.atom, c.r1, c.r2, c.flags_in);
        REQUIRE(o.rec.reason == ExitReason::Exit);
        CHECK(o.rd == c.rd);
        CHECK(o.flags == c.flags);
    }
}

constexpr uint32_t CF = F_CF, PF = F_PF, AF = F_AF, ZF = F_ZF, SF = F_SF, OF = F_OF;
constexpr uint32_t NOW = 0xdeadbeef; // rd not written

} // namespace

TEST_CASE("integer ALU atoms with x86 flags at 8/16/32 bits", "[semantics][alu]") {
    Machine m(cfg(), Machine::Backend::Plain);
    check_cases(
        m, {
               {"addf.b r3, r1, r2", 0x7f, 0x01, 0, 0x80, OF | SF | AF},
               {"addf.w r3, r1, r2", 0xffffffff, 1, 0, 0, CF | PF | AF | ZF},
               {"add r3, r1, r2", 0xffffffff, 1, OF, 0, OF}, // no f: flags untouched
               {"add.b r3, r1, r2", 0x1ff, 0x1, 0, 0x00, 0}, // width applies to the result too
               {"adcf r3, r1, r2", 1, 1, CF, 3, PF},
               {"adc r3, r1, r2", 1, 1, CF, 3, CF},
               {"subf r3, r1, r2", 1, 2, 0, 0xffffffff, CF | PF | AF | SF},
               {"subf.h r3, r1, r2", 0x8000, 1, 0, 0x7fff, OF | PF | AF},
               {"sbbf r3, r1, r2", 5, 3, CF, 1, 0},
               {"sbb.b r3, r1, r2", 0, 0, CF, 0xff, CF},
               {"andf r3, r1, r2", 0xf0f0, 0x0ff0, CF | OF, 0x00f0, PF},
               {"orf.b r3, r1, r2", 0x80, 0x01, 0, 0x81, SF | PF},
               {"xorf r3, r1, r2", 0x1234, 0x1234, 0, 0, ZF | PF},
               {"and.h r3, r1, r2", 0xffffffff, 0xffffffff, 0, 0xffff, 0},
               {"or r3, r1, r2", 0xf0000000, 0x0f, 0, 0xf000000f, 0},
               {"xor r3, r1, r2", 0xff, 0x0f, 0, 0xf0, 0},
               {"shlf.b r3, r1, r2", 0xc0, 1, 0, 0x80, CF | SF},
               {"shlf r3, r1, r2", 1, 31, 0, 0x80000000, OF | SF | PF},
               {"shlf r3, r1, r2", 5, 32, CF | ZF, 5, CF | ZF}, // count masked to 0: flags kept
               {"shl r3, r1, r2", 3, 4, 0, 0x30, 0},
               {"shrf.b r3, r1, r2", 0x81, 1, 0, 0x40, CF | OF},
               {"shr.h r3, r1, r2", 0x18000, 15, 0, 1, 0},
               {"sarf.b r3, r1, r2", 0x81, 1, 0, 0xc0, CF | SF | PF},
               {"sar r3, r1, r2", 0x80000000, 4, 0, 0xf8000000, 0},
               {"rolf.b r3, r1, r2", 0x81, 1, ZF, 0x03, CF | OF | ZF},
               {"rol r3, r1, r2", 0x80000001, 4, 0, 0x00000018, 0},
               {"rorf.b r3, r1, r2", 0x01, 1, 0, 0x80, CF | OF},
               {"ror.h r3, r1, r2", 0x0001, 4, 0, 0x1000, 0},
               {"rclf.b r3, r1, r2", 0x80, 1, CF, 0x01, CF | OF},
               {"rcrf.b r3, r1, r2", 0x01, 1, 0, 0x00, CF},
               {"rcl r3, r1, r2", 0x80000000, 1, 0, 0, 0},
               {"rcr.h r3, r1, r2", 0x0000, 1, CF, 0x8000, CF},
               {"incf.b r3, r1", 0xff, 0, CF, 0, CF | PF | AF | ZF},
               {"decf r3, r1", 0, 0, 0, 0xffffffff, PF | AF | SF},
               {"inc r3, r1", 41, 0, 0, 42, 0},
               {"dec.h r3, r1", 0x10000, 0, 0, 0xffff, 0},
               {"negf r3, r1", 1, 0, 0, 0xffffffff, CF | PF | AF | SF},
               {"negf r3, r1", 0, 0, CF, 0, PF | ZF},
               {"neg.b r3, r1", 1, 0, 0, 0xff, 0},
               {"not.b r3, r1", 0x0f, 0, 0, 0xf0, 0},
               {"not r3, r1", 0, 0, 0, 0xffffffff, 0},
               {"sxt.b r3, r1", 0x80, 0, 0, 0xffffff80, 0},
               {"sxt.h r3, r1", 0x18000, 0, 0, 0xffff8000, 0},
               {"zxt.b r3, r1", 0x1234, 0, 0, 0x34, 0},
               {"zxt.h r3, r1", 0xffff1234, 0, 0, 0x1234, 0},
               {"cmp r1, r2", 3, 5, 0, NOW, CF | AF | SF},
               {"cmp.b r1, r2", 0x105, 0x5, 0, NOW, ZF | PF},
               {"test.b r1, r2", 0x80, 0x80, CF, NOW, SF},
           });
}

TEST_CASE("multiply and divide atoms; divide errors", "[semantics][alu]") {
    Machine m(cfg(), Machine::Backend::Plain);
    check_cases(m, {
                       {"mul r3, r1, r2", 0x10000, 0x10000, 0, 0, 0},
                       {"mul r3, r1, r2", 7, 6, 0, 42, 0},
                       {"mulhu r3, r1, r2", 0xffffffff, 0xffffffff, 0, 0xfffffffe, 0},
                       {"mulhs r3, r1, r2", 0xffffffff, 0xffffffff, 0, 0, 0},
                       {"mulhs r3, r1, r2", 0xfffffffe, 3, 0, 0xffffffff, 0},
                       {"divu r3, r1, r2", 100, 7, 0, 14, 0},
                       {"remu r3, r1, r2", 100, 7, 0, 2, 0},
                       {"divs r3, r1, r2", uint32_t(-100), 7, 0, uint32_t(-14), 0},
                       {"rems r3, r1, r2", uint32_t(-100), 7, 0, uint32_t(-2), 0},
                   });
    // 64/32 division (x86 DIV/IDIV): rd = (rs:rt) / ru.
    struct Q {
        const char* atom;
        uint32_t hi, lo, d, rd;
    };
    for (Q q :
         {Q{"divqu r3, r1, r2, r4", 1, 0, 2, 0x80000000}, Q{"remqu r3, r1, r2, r4", 1, 5, 2, 1},
          Q{"divqs r3, r1, r2, r4", 0xffffffff, 0xfffffff0, 4, uint32_t(-4)},
          Q{"remqs r3, r1, r2, r4", 0xffffffff, uint32_t(-17), 4, uint32_t(-1)},
          Q{"divqs r3, r1, r2, r4", 0, 100, uint32_t(-3), uint32_t(-33)}}) {
        INFO(q.atom);
        Out o = exec1(m, q.atom, q.hi, q.lo, 0, q.d);
        REQUIRE(o.rec.reason == ExitReason::Exit);
        CHECK(o.rd == q.rd);
    }
    struct E {
        const char* atom;
        uint32_t r1, r2, r4;
    };
    for (E e : {E{"divu r3, r1, r2", 1, 0, 0}, E{"remu r3, r1, r2", 1, 0, 0},
                E{"divs r3, r1, r2", 0x80000000, 0xffffffff, 0}, E{"rems r3, r1, r2", 5, 0, 0},
                E{"divqu r3, r1, r2, r4", 2, 0, 2}, E{"remqu r3, r1, r2, r4", 0, 1, 0},
                E{"divqs r3, r1, r2, r4", 0xffffffff, 0x80000000, 0xffffffff},
                E{"remqs r3, r1, r2, r4", 1, 0, 1}}) {
        INFO(e.atom);
        Out o = exec1(m, e.atom, e.r1, e.r2, 0, e.r4);
        CHECK(o.rec.reason == ExitReason::DivideError);
        CHECK(o.rec.pc == kCode);
        CHECK(o.rd == 0xdeadbeef); // the faulting molecule wrote nothing
        m.rollback();
    }
}

TEST_CASE("compare, select, flags moves, bit fields, moves and immediates", "[semantics][alu]") {
    Machine m(cfg(), Machine::Backend::Plain);
    check_cases(m, {
                       {"scmp r3, r1, r2, lt", 0xffffffff, 1, 0, 1, 0},
                       {"scmp r3, r1, r2, ltu", 0xffffffff, 1, 0, 0, 0},
                       {"scmp r3, r1, r2, eq", 5, 5, 0, 1, 0},
                       {"scmp r3, r1, r2, gtu", 0xffffffff, 1, 0, 1, 0},
                       {"scmp r3, r1, r2, le", 2, 2, 0, 1, 0},
                       {"setcc r3, e", 0, 0, ZF, 1, ZF},
                       {"setcc r3, l", 0, 0, SF, 1, SF},
                       {"setcc r3, l", 0, 0, SF | OF, 0, SF | OF},
                       {"setcc r3, a", 0, 0, 0, 1, 0},
                       {"setcc r3, be", 0, 0, CF, 1, CF},
                       {"setcc r3, np", 0, 0, PF, 0, PF},
                       {"selcc r3, r1, r2, ne", 11, 22, ZF, 22, ZF},
                       {"selcc r3, r1, r2, g", 11, 22, 0, 11, 0},
                       {"rdflags r3", 0, 0, CF | OF | ZF, CF | OF | ZF, CF | OF | ZF},
                       {"wrflags r1", 0xffffffff, 0, 0, NOW, F_ALL},
                       {"extu r3, r1, 8, 8", 0x12345678, 0, 0, 0x56, 0},
                       {"exts r3, r1, 8, 8", 0x0000ff00, 0, 0, 0xffffffff, 0},
                       {"extu r3, r1, 0, 32", 0x87654321, 0, 0, 0x87654321, 0},
                       {"mov r3, r1", 0xcafe, 0, 0, 0xcafe, 0},
                       {"bswap r3, r1", 0x12345678, 0, 0, 0x78563412, 0},
                       {"clz r3, r1", 1, 0, 0, 31, 0},
                       {"clz r3, r1", 0, 0, 0, 32, 0},
                       {"ctz r3, r1", 8, 0, 0, 3, 0},
                       {"movi r3, -5", 0, 0, 0, 0xfffffffb, 0},
                       {"movi r3, 131071", 0, 0, 0, 131071, 0},
                       {"li r3, 0x89abcdef", 0, 0, 0, 0x89abcdef, 0},
                       {"addi r3, r1, -1", 0, 0, 0, 0xffffffff, 0},
                       {"andi r3, r1, 0x7f0", 0xffff, 0, 0, 0x7f0, 0},
                       {"ori r3, r1, 1", 0x10, 0, 0, 0x11, 0},
                       {"xori r3, r1, -1", 0x0f, 0, 0, 0xfffffff0, 0},
                       {"shli r3, r1, 4", 0x0f, 0, 0, 0xf0, 0},
                       {"shri r3, r1, 4", 0xf0000000, 0, 0, 0x0f000000, 0},
                       {"sari r3, r1, 4", 0xf0000000, 0, 0, 0xff000000, 0},
                   });
    Out o = exec1(m, "sel r3, r1, r2, r4", 1, 2, 0, 0);
    CHECK(o.rd == 2);
    o = exec1(m, "sel r3, r1, r2, r4", 1, 2, 0, 7);
    CHECK(o.rd == 1);
    m.set_gpr(3, 0xffffffff);
    m.set_gpr(1, 0x12);
    REQUIRE(run(m, "dep r3, r1, 8, 8\nexit 0").reason == ExitReason::Exit);
    CHECK(m.gpr(3) == 0xffff12ff);
}

TEST_CASE("atoms in one molecule read the molecule's pre-state", "[semantics]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.set_gpr(1, 1);
    m.set_gpr(2, 2);
    REQUIRE(run(m, "mov r1, r2 ; mov r2, r1\nexit 0").reason == ExitReason::Exit);
    CHECK(m.gpr(1) == 2);
    CHECK(m.gpr(2) == 1);
}

TEST_CASE("integer loads and stores of 8/16/32 bits at computed addresses", "[semantics][mem]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.write32(kData, 0x8281f0f1);
    m.set_gpr(1, kData);
    m.set_gpr(2, kData + 2);
    REQUIRE(run(m, R"(
        ld.b r3, [r1]
        ld.h r4, [r2]
        lds.b r5, [r1]
        lds.h r6, [r2]
        ld.w r7, [r1]
        exit 0)")
                .reason == ExitReason::Exit);
    CHECK(m.gpr(3) == 0xf1);
    CHECK(m.gpr(4) == 0x8281);
    CHECK(m.gpr(5) == 0xfffffff1);
    CHECK(m.gpr(6) == 0xffff8281);
    CHECK(m.gpr(7) == 0x8281f0f1);

    m.set_gpr(8, 0xa1b2c3d4);
    m.set_gpr(9, kData + 0x100);
    m.set_gpr(10, kData + 0x104);
    m.set_gpr(11, kData + 0x108);
    REQUIRE(run(m, "st.b [r9], r8\nst.h [r10], r8\nst.w [r11], r8\nexit 0 ; commit").reason ==
            ExitReason::Exit);
    CHECK(m.read32(kData + 0x100) == 0xd4);
    CHECK(m.read32(kData + 0x104) == 0xc3d4);
    CHECK(m.read32(kData + 0x108) == 0xa1b2c3d4);
}

TEST_CASE("FP loads and stores of 32/64/80 bits and FP arithmetic on 80-bit registers",
          "[semantics][fp]") {
    Machine m(cfg({}, "efficeon"), Machine::Backend::Plain); // two FPUs: pairs of FP atoms
    float fs = 1.5f;
    double fd = -2.25;
    long double ft = 1.0L / 3.0L;
    m.write_memory(kData, &fs, 4);
    m.write_memory(kData + 8, &fd, 8);
    m.write_memory(kData + 16, &ft, 10);
    m.set_gpr(1, kData);
    m.set_gpr(2, kData + 8);
    m.set_gpr(3, kData + 16);
    REQUIRE(run(m, R"(
        fld.s f1, [r1]
        fld.d f2, [r2]
        fld.t f3, [r3]
        fadd f4, f1, f2 ; fconst f10, one
        fsub f5, f1, f2 ; fconst f11, pi
        fmul f6, f3, f2 ; fconst f12, zero
        fdiv f7, f10, f3 ; fconst f13, ln2
        fsqrt f8, f3 ; fconst f14, l2e
        fabs f9, f2 ; fconst f15, l2t
        fneg f16, f2 ; fconst f17, lg2
        fmov f18, f3
        exit 0)")
                .reason == ExitReason::Exit);
    CHECK(m.fpr(1) == 1.5L);
    CHECK(m.fpr(2) == -2.25L);
    CHECK(m.fpr(3) == ft); // all 64 mantissa bits survive the 80-bit load
    CHECK(m.fpr(4) == -0.75L);
    CHECK(m.fpr(5) == 3.75L);
    CHECK(m.fpr(6) == ft * -2.25L);
    CHECK(m.fpr(7) == 1.0L / ft);
    CHECK(m.fpr(8) == std::sqrt(ft));
    CHECK(m.fpr(9) == 2.25L);
    CHECK(m.fpr(16) == 2.25L);
    CHECK(m.fpr(18) == ft);
    CHECK(m.fpr(10) == 1.0L);
    CHECK(m.fpr(11) == 3.14159265358979323846264338327950288L);
    CHECK(m.fpr(12) == 0.0L);
    CHECK(m.fpr(13) == 0.693147180559945309417232121458176568L);
    CHECK(m.fpr(14) == 1.44269504088896340735992468100189214L);
    CHECK(m.fpr(15) == 3.32192809488736234787031942948939018L);
    CHECK(m.fpr(17) == 0.301029995663981195213738894724493027L);

    m.set_gpr(4, kData + 0x40);
    m.set_gpr(5, kData + 0x48);
    m.set_gpr(6, kData + 0x50);
    REQUIRE(run(m, "fst.s [r4], f3\nfst.d [r5], f3\nfst.t [r6], f3 ; commit\nexit 0").reason ==
            ExitReason::Exit);
    float rs;
    double rd;
    long double rt = 0;
    m.read_memory(kData + 0x40, &rs, 4);
    m.read_memory(kData + 0x48, &rd, 8);
    m.read_memory(kData + 0x50, &rt, 10);
    CHECK(rs == static_cast<float>(ft));
    CHECK(rd == static_cast<double>(ft));
    CHECK(rt == ft);
}

TEST_CASE("FP conversions, rounding and compare", "[semantics][fp]") {
    Machine m(cfg({}, "efficeon"), Machine::Backend::Plain);
    m.set_gpr(1, uint32_t(-7));
    m.set_fpr(2, 2.5L);
    m.set_fpr(3, -3.7L);
    m.set_fpr(4, 1e20L);
    m.set_fpr(5, NAN);
    REQUIRE(run(m, R"(
        i2f f1, r1
        f2i r2, f2 ; frnd f6, f2
        f2iz r3, f3
        f2i r4, f4
        f2i r5, f3
        exit 0)")
                .reason == ExitReason::Exit);
    CHECK(m.fpr(1) == -7.0L);
    CHECK(m.gpr(2) == 2); // ties to even
    CHECK(m.fpr(6) == 2.0L);
    CHECK(m.gpr(3) == uint32_t(-3));
    CHECK(m.gpr(4) == 0x80000000u); // integer indefinite
    CHECK(m.gpr(5) == uint32_t(-4));
    struct C {
        long double a, b;
        uint32_t flags;
    };
    for (C c : {C{1, 2, F_CF}, C{2, 1, 0}, C{2, 2, F_ZF}, C{NAN, 1, F_ZF | F_PF | F_CF}}) {
        m.set_fpr(1, c.a);
        m.set_fpr(2, c.b);
        m.set_flags(F_OF | F_SF);
        REQUIRE(run(m, "fcmp f1, f2\nexit 0").reason == ExitReason::Exit);
        CHECK(m.flags() == c.flags);
    }
}

TEST_CASE("control atoms: direct, conditional, indirect branches, links and exit",
          "[semantics][branch]") {
    Machine m(cfg(), Machine::Backend::Plain);
    Program p = m.assemble(R"(
              movi r2, 0
        loop: { addi r2, r2, 3 ; addi r1, r1, -1 ; nop }
              bnz r1, loop
              bz r1, skip
              exit 1
        skip: br over
              exit 2
        over: movi r4, 9
              cmp r2, r4
              bcc g, big
              exit 3
        big:  jal r5, sub
              exit 4
        sub:  li r6, mid ; nop
              jr r6
              exit 5
        mid:  li r6, done ; nop
        jl:   jalr r7, r6
              exit 7
        done: exit 6)",
                           kCode);
    m.load(p);
    m.set_gpr(1, 5);
    ExitRecord r = m.run(kCode, 10000);
    for (const char* mn :
         {"br", "bcc", "bz", "bnz", "jr", "jal", "jalr", "exit", "movi", "li", "cmp", "addi"})
        covered().insert(opcode_by_mnemonic(mn));
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(r.code == 6);
    CHECK(m.gpr(2) == 15);
    CHECK(m.gpr(5) == p.label("big") + 8); // link = next molecule
    CHECK(m.gpr(7) == p.label("jl") + 8);
    CHECK(r.pc == p.label("done"));
    CHECK(r.next_pc == p.label("done") + 8);
    CHECK(m.counters().indirect_branches >= 1);

    // exit with a taken branch in the same molecule reports the target as next_pc
    // (needs two branch units: exit is a control atom).
    Machine m2(cfg({"vliw.branch_units=2"}), Machine::Backend::Plain);
    ExitRecord e = run(m2, "exit 9 ; br there\nnop\nthere: nop");
    CHECK(e.reason == ExitReason::Exit);
    CHECK(e.code == 9);
    CHECK(e.next_pc == kCode + 16);
}

TEST_CASE("alias atoms: ldp records, stam and fstam check (semantics only)", "[semantics][alias]") {
    Machine m(cfg(), Machine::Backend::Plain);
    m.write32(kData, 0x11223344);
    m.set_gpr(1, kData);
    m.set_gpr(2, kData + 0x40);
    m.set_fpr(1, 1.25L);
    ExitRecord r = run(m, R"(
        ldp.w r3, [r1], a0
        ldps.b r4, [r1], a1
        fldp.s f2, [r2], a2
        stam.w [r2], r3, 0x1
        fstam.d [r1], f1, 0x4
        stamx.b [r2], r3, 0x400
        fstamx.t [r2], f1, 0x400
        exit 0)");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.gpr(3) == 0x11223344);
    CHECK(m.gpr(4) == 0x44);
    CHECK(m.alias_valid(0));
    CHECK(m.alias_valid(1));
    CHECK(m.alias_valid(2));
    CHECK(m.store_buffer_size() == 4);
    ExitRecord f = run(m, "stam.h [r1], r3, 0x2\nexit 0");
    CHECK(f.reason == ExitReason::AliasFault);
    CHECK(f.code == 1);
    CHECK(f.fault_addr == kData);
    m.rollback();
    CHECK_FALSE(m.alias_valid(0));
}

TEST_CASE("ldc: a load from CMS memory that bypasses the store buffer", "[semantics][memory]") {
    // Without a permission table every page is fetchable, so ldc reads
    // anywhere; unlike ld it does not see uncommitted stores.
    Machine m(cfg(), Machine::Backend::Plain);
    m.write32(kData, 0x11223344);
    m.set_gpr(1, kData);
    m.set_gpr(2, 0x55667788);
    ExitRecord r = run(m, R"(
        st.w [r1], r2
        ldc.w r3, [r1]
        ld.w r4, [r1]
        ldc.b r5, [r1]
        exit 0)");
    REQUIRE(r.reason == ExitReason::Exit);
    CHECK(m.gpr(3) == 0x11223344);
    CHECK(m.gpr(4) == 0x55667788);
    CHECK(m.gpr(5) == 0x44);
    CHECK(m.counters().loads == 3);
}

TEST_CASE("nop fills slots", "[semantics]") {
    Machine m(cfg(), Machine::Backend::Plain);
    ExitRecord r = run(m, "nop ; nop ; nop ; nop\nexit 0");
    CHECK(r.reason == ExitReason::Exit);
    CHECK(m.counters().nops >= 4);
}

TEST_CASE("every atom of atoms.def has a semantic test above", "[semantics][coverage]") {
    std::string missing;
    for (unsigned op = 1; op < kNumOpcodes; ++op)
        if (!covered().count(static_cast<Opcode>(op)))
            missing += std::string(atom_info(static_cast<Opcode>(op))->mnemonic) + " ";
    INFO("atoms without a semantic test: " << missing);
    CHECK(missing.empty());
}
