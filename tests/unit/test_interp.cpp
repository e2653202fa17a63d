// cm::morph::Interpreter running small hand-assembled byte sequences mapped
// into a GuestMemory: guest state before and after, stop reasons, precise
// faults, the block cache and its invalidation by code writes.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <memory>
#include <vector>

#include "morph/interpreter.hpp"

using namespace cm::x86;
using cm::morph::Interpreter;
using cm::morph::StopInfo;
using cm::morph::StopReason;

namespace {

class TestEnv : public GuestEnv {
  public:
    uint64_t rdtsc() override { return 1234; }
};

/// A guest with code at kCode (read+execute, or RWX) and a data page with
/// the stack at kData.
struct Guest {
    static constexpr uint32_t kCode = 0x10000;
    static constexpr uint32_t kData = 0x20000;

    CpuState cpu;
    GuestMemory mem;
    TestEnv env;
    std::unique_ptr<Interpreter> interp;

    explicit Guest(std::initializer_list<uint8_t> code, uint8_t code_perm = GuestMemory::RX) {
        std::vector<uint8_t> v(code);
        mem.map(kCode, GuestMemory::kPageSize, code_perm);
        mem.poke(kCode, v.data(), v.size());
        mem.map(kData, GuestMemory::kPageSize, GuestMemory::RW);
        cpu.eip = kCode;
        cpu.gpr[ESP] = kData + 0x800;
        interp = std::make_unique<Interpreter>(cpu, mem, env);
    }
    StopInfo run(uint64_t n = 1000) { return interp->run(n); }
    uint32_t& reg(Gpr r) { return cpu.gpr[r]; }
    bool flag(Flag f) const { return cpu.flag[int(f)] != 0; }
    uint32_t read32(uint32_t a) {
        uint32_t v = 0;
        REQUIRE(mem.read(a, 4, v));
        return v;
    }
};

} // namespace

TEST_CASE("interp: add sets result and flags, one instruction at a time", "[interp]") {
    Guest g({0x01, 0xd8, 0x01, 0xd8}); // add eax, ebx; add eax, ebx
    g.reg(EAX) = 0x7fffffff;
    g.reg(EBX) = 1;
    StopInfo si = g.run(1);
    CHECK(si.reason == StopReason::InsnLimit);
    CHECK(g.cpu.eip == Guest::kCode + 2);
    CHECK(g.reg(EAX) == 0x80000000);
    CHECK(g.flag(Flag::OF));
    CHECK(g.flag(Flag::SF));
    CHECK(g.flag(Flag::AF));
    CHECK(g.flag(Flag::PF));
    CHECK_FALSE(g.flag(Flag::CF));
    CHECK_FALSE(g.flag(Flag::ZF));
    CHECK(g.interp->stats().instructions == 1);
    g.reg(EBX) = 0x80000000;
    g.run(1);
    CHECK(g.reg(EAX) == 0);
    CHECK(g.flag(Flag::CF));
    CHECK(g.flag(Flag::ZF));
    CHECK(g.flag(Flag::OF));
    CHECK(g.cpu.get_eflags() ==
          (eflags::kFixedOne | eflags::IF | eflags::CF | eflags::PF | eflags::ZF | eflags::OF));
}

TEST_CASE("interp: partial register writes merge", "[interp]") {
    Guest g({0xb4, 0x12,             // mov ah, 0x12
             0x66, 0xb9, 0x56, 0x34, // mov cx, 0x3456
             0x88, 0xe2,             // mov dl, ah
             0x66, 0x41});           // inc cx
    g.reg(EAX) = 0xaabbccdd;
    g.reg(ECX) = 0x11112222;
    g.reg(EDX) = 0xffffffff;
    g.run(4);
    CHECK(g.reg(EAX) == 0xaabb12dd);
    CHECK(g.reg(ECX) == 0x11113457);
    CHECK(g.reg(EDX) == 0xffffff12);
}

TEST_CASE("interp: loads, stores and the stack", "[interp]") {
    Guest g({0x89, 0x01,       // mov [ecx], eax
             0x8b, 0x59, 0x00, // mov ebx, [ecx]
             0x50,             // push eax
             0x5e});           // pop esi
    g.reg(EAX) = 0xcafef00d;
    g.reg(ECX) = Guest::kData + 0x10;
    uint32_t sp = g.reg(ESP);
    g.run(2);
    CHECK(g.read32(Guest::kData + 0x10) == 0xcafef00d);
    CHECK(g.reg(EBX) == 0xcafef00d);
    g.run(1);
    CHECK(g.reg(ESP) == sp - 4);
    CHECK(g.read32(sp - 4) == 0xcafef00d);
    g.run(1);
    CHECK(g.reg(ESP) == sp);
    CHECK(g.reg(ESI) == 0xcafef00d);
}

TEST_CASE("interp: a loop runs to the syscall", "[interp]") {
    Guest g({0xb9, 0x05, 0x00, 0x00, 0x00, // mov ecx, 5
             0x40,                         // l: inc eax
             0xe2, 0xfd,                   // loop l
             0xcd, 0x80});                 // int 0x80
    StopInfo si = g.run();
    CHECK(si.reason == StopReason::Syscall);
    CHECK(g.cpu.eip == Guest::kCode + 10); // after the int
    CHECK(g.reg(EAX) == 5);
    CHECK(g.reg(ECX) == 0);
    CHECK(g.interp->stats().instructions == 1 + 5 * 2 + 1);

    // The profile: the loop body's block is entered for iterations 2-5; its
    // loop is taken three times and falls through once.
    const cm::morph::Block* body = nullptr;
    for (const cm::morph::Block* b : g.interp->blocks())
        if (b->start == Guest::kCode + 5) body = b;
    REQUIRE(body != nullptr);
    CHECK(body->exec_count == 4);
    CHECK(body->taken == 3);
    CHECK(body->not_taken == 1);

    g.interp->flush();
    CHECK(g.interp->blocks().empty());
}

TEST_CASE("interp: max_insns stops mid-loop", "[interp]") {
    Guest g({0xb9, 0x05, 0x00, 0x00, 0x00, 0x40, 0xe2, 0xfd, 0xcd, 0x80});
    StopInfo si = g.run(3);
    CHECK(si.reason == StopReason::InsnLimit);
    CHECK(g.cpu.eip == Guest::kCode + 5); // back at inc
    CHECK(g.reg(EAX) == 1);
    CHECK(g.reg(ECX) == 4);
    si = g.run(2);
    CHECK(g.reg(EAX) == 2);
    CHECK(g.reg(ECX) == 3);
}

TEST_CASE("interp: page faults are precise", "[interp]") {
    SECTION("load from an unmapped page") {
        Guest g({0x40, 0x8b, 0x00}); // inc eax; mov eax, [eax]
        g.reg(EAX) = 0x2ffff;        // inc makes it 0x30000: unmapped
        StopInfo si = g.run();
        REQUIRE(si.reason == StopReason::Fault);
        CHECK(si.fault.kind == Fault::PageFault);
        CHECK(si.fault.addr == 0x30000);
        CHECK_FALSE(si.fault.write);
        CHECK(si.fault.not_present);
        CHECK(si.fault.eip == Guest::kCode + 1);
        CHECK(g.cpu.eip == Guest::kCode + 1); // the faulting instruction, not after it
        CHECK(g.reg(EAX) == 0x30000);         // the inc before it completed
        CHECK(si.nbytes == 2);
        CHECK(si.bytes[0] == 0x8b);
    }
    SECTION("store to read-only code") {
        Guest g({0x89, 0x03}); // mov [ebx], eax
        g.reg(EBX) = Guest::kCode;
        StopInfo si = g.run();
        REQUIRE(si.reason == StopReason::Fault);
        CHECK(si.fault.kind == Fault::PageFault);
        CHECK(si.fault.write);
        CHECK_FALSE(si.fault.not_present);
        CHECK(g.cpu.eip == Guest::kCode);
    }
    SECTION("a faulting push leaves ESP alone") {
        Guest g({0x50});           // push eax
        g.reg(ESP) = Guest::kData; // the page below is unmapped
        StopInfo si = g.run();
        REQUIRE(si.reason == StopReason::Fault);
        CHECK(si.fault.kind == Fault::PageFault);
        CHECK(g.reg(ESP) == Guest::kData);
    }
    SECTION("fetch from an unmapped page") {
        Guest g({0xff, 0xe0}); // jmp eax
        g.reg(EAX) = 0x40000;
        StopInfo si = g.run();
        REQUIRE(si.reason == StopReason::Fault);
        CHECK(si.fault.kind == Fault::PageFault);
        CHECK(si.fault.eip == 0x40000);
        CHECK(g.cpu.eip == 0x40000);
    }
}

TEST_CASE("interp: #DE leaves the state as before the div", "[interp]") {
    Guest g({0x31, 0xc9, 0xf7, 0xf1}); // xor ecx, ecx; div ecx
    g.reg(EAX) = 1234;
    g.reg(EDX) = 0;
    StopInfo si = g.run();
    REQUIRE(si.reason == StopReason::Fault);
    CHECK(si.fault.kind == Fault::DivideError);
    CHECK(g.cpu.eip == Guest::kCode + 2);
    CHECK(g.reg(EAX) == 1234);
    CHECK(g.reg(EDX) == 0);
    CHECK(g.flag(Flag::ZF)); // from the xor
}

TEST_CASE("interp: int3 is a trap: EIP after it", "[interp]") {
    Guest g({0x90, 0xcc, 0x90});
    StopInfo si = g.run();
    REQUIRE(si.reason == StopReason::Fault);
    CHECK(si.fault.kind == Fault::Breakpoint);
    CHECK(g.cpu.eip == Guest::kCode + 2);
    CHECK(g.interp->stats().instructions == 2);
}

TEST_CASE("interp: #UD for unsupported, invalid and ud2", "[interp]") {
    SECTION("SSE is unsupported") {
        Guest g({0x0f, 0x58, 0xc1});
        StopInfo si = g.run();
        REQUIRE(si.reason == StopReason::Fault);
        CHECK(si.fault.kind == Fault::InvalidOpcode);
        CHECK(si.unsupported);
        CHECK(si.nbytes == 3);
        CHECK(g.cpu.eip == Guest::kCode);
    }
    SECTION("reserved opcode") {
        Guest g({0x0f, 0x04});
        StopInfo si = g.run();
        REQUIRE(si.reason == StopReason::Fault);
        CHECK(si.fault.kind == Fault::InvalidOpcode);
        CHECK_FALSE(si.unsupported);
    }
    SECTION("ud2") {
        Guest g({0x40, 0x0f, 0x0b});
        StopInfo si = g.run();
        REQUIRE(si.reason == StopReason::Fault);
        CHECK(si.fault.kind == Fault::InvalidOpcode);
        CHECK_FALSE(si.unsupported);
        CHECK(g.cpu.eip == Guest::kCode + 1);
        CHECK(g.reg(EAX) == 1);
    }
}

TEST_CASE("interp: shift by zero keeps the flags", "[interp]") {
    Guest g({0xc1, 0xe0, 0x00, // shl eax, 0
             0xd3, 0xeb});     // shr ebx, cl (CL = 32: masked to 0)
    g.cpu.set_eflags(eflags::kArith, eflags::kArith);
    g.reg(EAX) = 0x12345678;
    g.reg(EBX) = 0x9abcdef0;
    g.reg(ECX) = 32;
    g.run(2);
    CHECK(g.reg(EAX) == 0x12345678);
    CHECK(g.reg(EBX) == 0x9abcdef0);
    CHECK((g.cpu.get_eflags() & eflags::kArith) == eflags::kArith);
}

TEST_CASE("interp: rep stosd, then rep movsb with ECX = 0", "[interp]") {
    Guest g({0xf3, 0xab, 0xcd, 0x80,   // rep stosd; int 0x80
             0xf3, 0xa4, 0xcd, 0x80}); // rep movsb; int 0x80
    g.reg(EAX) = 0x11223344;
    g.reg(ECX) = 3;
    g.reg(EDI) = Guest::kData;
    REQUIRE(g.run().reason == StopReason::Syscall);
    CHECK(g.read32(Guest::kData) == 0x11223344);
    CHECK(g.read32(Guest::kData + 8) == 0x11223344);
    CHECK(g.read32(Guest::kData + 12) == 0);
    CHECK(g.reg(ECX) == 0);
    CHECK(g.reg(EDI) == Guest::kData + 12);
    g.reg(ESI) = 0x50000; // unmapped: must not be touched
    REQUIRE(g.run().reason == StopReason::Syscall);
    CHECK(g.cpu.eip == Guest::kCode + 8);
    CHECK(g.reg(ESI) == 0x50000);
    CHECK(g.reg(EDI) == Guest::kData + 12);
}

TEST_CASE("interp: writes to code drop cached blocks", "[interp]") {
    SECTION("host-side write through GuestMemory::write") {
        Guest g({0xb8, 0x11, 0x11, 0x11, 0x11, // mov eax, 0x11111111
                 0xcd, 0x80});
        REQUIRE(g.run().reason == StopReason::Syscall);
        CHECK(g.reg(EAX) == 0x11111111);
        g.mem.protect(Guest::kCode, GuestMemory::kPageSize, GuestMemory::RWX);
        REQUIRE(g.mem.write(Guest::kCode + 1, 4, 0x22222222));
        CHECK(g.interp->stats().invalidations >= 1);
        g.cpu.eip = Guest::kCode;
        REQUIRE(g.run().reason == StopReason::Syscall);
        CHECK(g.reg(EAX) == 0x22222222);
    }
    SECTION("a guest store patches the next instruction of its own block") {
        // mov dword [kCode + 11], 0x22222222; mov eax, 0x11111111; int 0x80
        Guest g({0xc7, 0x05, 0x0b, 0x00, 0x01, 0x00, 0x22, 0x22, 0x22, 0x22, 0xb8, 0x11, 0x11, 0x11,
                 0x11, 0xcd, 0x80},
                GuestMemory::RWX);
        REQUIRE(g.run().reason == StopReason::Syscall);
        CHECK(g.reg(EAX) == 0x22222222);
        CHECK(g.interp->stats().invalidations >= 1);
    }
}

TEST_CASE("interp: disassemble", "[interp]") {
    Guest g({0xb8, 0x11, 0x11, 0x11, 0x11});
    CHECK(g.interp->disassemble(Guest::kCode) == "mov eax, 0x11111111");
    CHECK(g.interp->disassemble(0x50000) == "(unreadable)");
}

TEST_CASE("memory: a code page stays marked while any owner remains", "[interp][memory]") {
    GuestMemory mem;
    mem.map(0x40000, 2 * GuestMemory::kPageSize, GuestMemory::R | GuestMemory::W | GuestMemory::X);
    std::vector<std::pair<uint32_t, uint32_t>> writes;
    mem.set_code_write_listener([&](uint32_t a, uint32_t l) { writes.emplace_back(a, l); });
    auto marked = [&](uint32_t a) { return (mem.page_flags(a) & GuestMemory::kCode) != 0; };

    mem.add_code(0x40ff0, 0x20); // spans both pages
    mem.add_code(0x40010, 4);    // a second owner on the first page
    CHECK(marked(0x40000));
    CHECK(marked(0x41000));
    CHECK_FALSE(mem.page_flags(0x40000) & GuestMemory::kWritableNotCode);
    mem.remove_code(0x40ff0, 0x20);
    CHECK(marked(0x40000)); // the second owner keeps it
    CHECK_FALSE(marked(0x41000));
    CHECK(mem.page_flags(0x41000) & GuestMemory::kWritableNotCode);
    CHECK(mem.write(0x41004, 4, 1));
    CHECK(writes.empty()); // no owner there any more
    CHECK(mem.write(0x40100, 4, 1));
    REQUIRE(writes.size() == 1);
    CHECK(writes[0] == std::make_pair(0x40100u, 4u));
    mem.remove_code(0x40010, 4);
    CHECK_FALSE(marked(0x40000));
    mem.remove_code(0x40010, 4); // an extra removal does not underflow
    mem.add_code(0x40010, 4);
    CHECK(marked(0x40000));
    mem.unmap(0x40000, GuestMemory::kPageSize); // unmapping drops the page's owners
    mem.map(0x40000, GuestMemory::kPageSize, GuestMemory::R | GuestMemory::X);
    CHECK_FALSE(marked(0x40000));
    mem.set_code_write_listener(nullptr);
}

TEST_CASE("interp: a page keeps its code mark while another block still uses it", "[interp]") {
    // Two blocks on one page: writing into the first drops only that block;
    // a later write to the second must still be seen (the page stays marked).
    //   0: mov eax, 1 ; jmp +0   (block 1: 5 + 2 bytes)
    //   7: inc eax ; int 0x80    (block 2)
    Guest g({0xb8, 0x01, 0x00, 0x00, 0x00, 0xeb, 0x00, 0x40, 0xcd, 0x80},
            GuestMemory::R | GuestMemory::W | GuestMemory::X);
    REQUIRE(g.run(100).reason == StopReason::Syscall);
    CHECK(g.reg(EAX) == 2);
    CHECK(g.mem.write(Guest::kCode + 1, 1, 5)); // mov eax, 5: drops block 1
    CHECK(g.mem.page_flags(Guest::kCode) & GuestMemory::kCode);
    CHECK(g.mem.write(Guest::kCode + 7, 1, 0x48)); // inc -> dec: block 2 must go too
    g.cpu.eip = Guest::kCode;
    REQUIRE(g.run(100).reason == StopReason::Syscall);
    CHECK(g.reg(EAX) == 4);
}
