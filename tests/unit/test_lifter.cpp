// cm::x86::lift: the shape of the IR a few instructions become, and how the
// lifter describes them (flow, targets, flag sets, unsupported forms).
#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <span>
#include <vector>

#include "x86/decoder.hpp"
#include "x86/lifter.hpp"
#include "x86/state.hpp"

using namespace cm::x86;

namespace {

struct Lifted {
    Insn insn;
    LiftedInsn li;
    std::vector<IrInst> ops;

    std::span<const IrInst> ir() const { return {ops.data() + li.first_op, li.num_ops}; }
    size_t count(IrOp op) const {
        return size_t(
            std::count_if(ir().begin(), ir().end(), [&](const IrInst& i) { return i.op == op; }));
    }
    size_t count(IrOp op, uint32_t imm) const {
        return size_t(std::count_if(ir().begin(), ir().end(),
                                    [&](const IrInst& i) { return i.op == op && i.imm == imm; }));
    }
    bool puts_flag(Flag f) const { return count(IrOp::PutFlag, uint32_t(f)) > 0; }
    std::string dump() const {
        std::string s;
        for (const IrInst& i : ir())
            s += ir_to_string(i) + "\n";
        return s;
    }
};

Lifted lift_bytes(std::initializer_list<uint8_t> bytes, uint32_t addr = 0x1000,
                  std::vector<IrInst> prefix = {}) {
    static const Decoder decoder;
    Lifted l;
    std::vector<uint8_t> v(bytes);
    REQUIRE(decoder.decode(v.data(), v.size(), addr, l.insn) == DecodeStatus::Ok);
    l.ops = std::move(prefix);
    l.li = lift(l.insn, l.ops);
    return l;
}

constexpr Flag kArithFlags[] = {Flag::CF, Flag::PF, Flag::AF, Flag::ZF, Flag::SF, Flag::OF};

} // namespace

TEST_CASE("lifter: add eax, ebx writes EAX and all six arithmetic flags", "[lifter]") {
    Lifted l = lift_bytes({0x01, 0xd8});
    INFO(l.dump());
    CHECK(l.li.addr == 0x1000);
    CHECK(l.li.length == 2);
    CHECK(l.li.next() == 0x1002);
    CHECK(l.li.flow == Flow::Next);
    CHECK_FALSE(l.li.ends_block());
    CHECK_FALSE(l.li.unsupported);
    for (Flag f : kArithFlags) {
        INFO("flag " << int(f));
        CHECK(l.count(IrOp::PutFlag, uint32_t(f)) == 1);
    }
    CHECK_FALSE(l.puts_flag(Flag::DF));
    CHECK(l.count(IrOp::Add) >= 1);
    CHECK(l.count(IrOp::GetReg, EAX) == 1);
    CHECK(l.count(IrOp::GetReg, EBX) == 1);
    REQUIRE(l.count(IrOp::PutReg, EAX) == 1);
    for (const IrInst& i : l.ir())
        if (i.op == IrOp::PutReg) CHECK(i.size == 4);
    CHECK(l.count(IrOp::Load) == 0);
    CHECK(l.count(IrOp::Store) == 0);
    CHECK((l.li.flags_written & eflags::kArith) == eflags::kArith);
    CHECK(l.li.flags_read == 0);
    CHECK(l.li.ntemps > 0);
    CHECK(l.li.ntemps <= kMaxTemps);
}

TEST_CASE("lifter: IR is appended after existing ops", "[lifter]") {
    std::vector<IrInst> prefix(7);
    Lifted l = lift_bytes({0x01, 0xd8}, 0x1000, prefix);
    CHECK(l.li.first_op == 7);
    CHECK(l.ops.size() == 7u + l.li.num_ops);
}

TEST_CASE("lifter: inc leaves CF alone, adc reads it", "[lifter]") {
    Lifted inc = lift_bytes({0x40});
    INFO(inc.dump());
    CHECK_FALSE(inc.puts_flag(Flag::CF));
    for (Flag f : {Flag::PF, Flag::AF, Flag::ZF, Flag::SF, Flag::OF})
        CHECK(inc.puts_flag(f));

    Lifted adc = lift_bytes({0x11, 0xd8});
    CHECK(adc.count(IrOp::GetFlag, uint32_t(Flag::CF)) >= 1);
    CHECK((adc.li.flags_read & eflags::CF) != 0);

    Lifted mov = lift_bytes({0x89, 0xd8});
    CHECK(mov.count(IrOp::PutFlag) == 0);
    CHECK(mov.li.flags_written == 0);
}

TEST_CASE("lifter: memory operands load and store", "[lifter]") {
    Lifted ld = lift_bytes({0x8b, 0x43, 0x04}); // mov eax, [ebx+4]
    CHECK(ld.count(IrOp::Load) == 1);
    CHECK(ld.count(IrOp::Store) == 0);
    Lifted st = lift_bytes({0x89, 0x43, 0x04}); // mov [ebx+4], eax
    CHECK(st.count(IrOp::Store) == 1);
    CHECK(st.count(IrOp::Load) == 0);
    Lifted rmw = lift_bytes({0x01, 0x03}); // add [ebx], eax
    CHECK(rmw.count(IrOp::Load) == 1);
    CHECK(rmw.count(IrOp::Store) == 1);
    Lifted lea = lift_bytes({0x8d, 0x44, 0x8b, 0x10}); // lea eax, [ebx+ecx*4+16]
    CHECK(lea.count(IrOp::Load) == 0);
    CHECK(lea.count(IrOp::Store) == 0);
    CHECK(lea.count(IrOp::PutReg, EAX) == 1);
    for (const IrInst& i : st.ir())
        if (i.op == IrOp::Store) CHECK(i.size == 4);
    Lifted st8 = lift_bytes({0x88, 0x23});  // mov [ebx], ah
    CHECK(st8.count(IrOp::GetReg, 4) == 1); // AH is GPR index 4 at size 1
    for (const IrInst& i : st8.ir())
        if (i.op == IrOp::Store) CHECK(i.size == 1);
}

TEST_CASE("lifter: jz is a conditional branch to its absolute target", "[lifter]") {
    Lifted jz = lift_bytes({0x74, 0x10}, 0x2000);
    INFO(jz.dump());
    CHECK(jz.li.flow == Flow::CondBranch);
    CHECK(jz.li.ends_block());
    CHECK(jz.li.branch_target == 0x2012);
    CHECK(jz.count(IrOp::Cond, uint32_t(CondCode::Z)) == 1);
    CHECK(jz.count(IrOp::Br) == 1);
    CHECK(jz.count(IrOp::Const, 0x2012) >= 1);
    CHECK((jz.li.flags_read & eflags::ZF) != 0);

    Lifted jnle = lift_bytes({0x0f, 0x8f, 0x00, 0x01, 0x00, 0x00}, 0x2000);
    CHECK(jnle.li.flow == Flow::CondBranch);
    CHECK(jnle.li.branch_target == 0x2106);
    CHECK(jnle.count(IrOp::Cond, uint32_t(CondCode::NLE)) == 1);

    Lifted loop = lift_bytes({0xe2, 0xfe}, 0x3000);
    CHECK(loop.li.flow == Flow::CondBranch);
    CHECK(loop.li.branch_target == 0x3000);
    CHECK(loop.count(IrOp::PutReg, ECX) == 1);
}

TEST_CASE("lifter: control-flow kinds", "[lifter]") {
    Lifted jmp = lift_bytes({0xe9, 0x00, 0x01, 0x00, 0x00}, 0x1000);
    CHECK(jmp.li.flow == Flow::Jump);
    CHECK(jmp.li.branch_target == 0x1105);
    CHECK(jmp.count(IrOp::Jmp) == 1);

    Lifted call = lift_bytes({0xe8, 0x00, 0x00, 0x00, 0x00}, 0x1000);
    CHECK(call.li.flow == Flow::Call);
    CHECK(call.li.branch_target == 0x1005);
    CHECK(call.count(IrOp::Store) == 1); // the return address
    CHECK(call.count(IrOp::Const, 0x1005) >= 1);

    CHECK(lift_bytes({0xff, 0xe0}).li.flow == Flow::IndirectJump); // jmp eax
    CHECK(lift_bytes({0xff, 0x13}).li.flow == Flow::IndirectCall); // call [ebx]
    CHECK(lift_bytes({0xc3}).li.flow == Flow::Return);
    CHECK(lift_bytes({0xc2, 0x08, 0x00}).li.flow == Flow::Return); // ret 8
    CHECK(lift_bytes({0xf3, 0xa4}).li.flow == Flow::Repeat);       // rep movsb
    CHECK(lift_bytes({0xa4}).li.flow == Flow::Next);               // movsb
    CHECK(lift_bytes({0xcd, 0x80}).li.flow == Flow::Syscall);
    CHECK(lift_bytes({0xcd, 0x80}).count(IrOp::Syscall, 0x80) == 1);
    CHECK(lift_bytes({0x0f, 0xa2}).li.flow == Flow::Serialize); // cpuid
    CHECK(lift_bytes({0x0f, 0x31}).li.flow == Flow::Serialize); // rdtsc
    Lifted int3 = lift_bytes({0xcc});
    CHECK(int3.li.flow == Flow::Trap);
    CHECK(int3.count(IrOp::Trap, uint32_t(Fault::Breakpoint)) == 1);
}

TEST_CASE("lifter: unsupported instructions become a #UD trap", "[lifter]") {
    Lifted sse = lift_bytes({0x0f, 0x58, 0xc1}); // addps
    INFO(sse.dump());
    CHECK(sse.insn.mnemonic == Mnemonic::Unsupported);
    CHECK(sse.li.unsupported);
    CHECK(sse.li.flow == Flow::Trap);
    CHECK(sse.li.length == 3);
    CHECK(sse.count(IrOp::Trap, uint32_t(Fault::InvalidOpcode)) == 1);
    CHECK(sse.count(IrOp::PutReg) == 0);
    CHECK(sse.count(IrOp::Store) == 0);
    CHECK_FALSE(is_lifted(Mnemonic::Unsupported));

    // ud2 is a real #UD, not a gap in Codemorph.
    Lifted ud2 = lift_bytes({0x0f, 0x0b});
    CHECK(ud2.li.flow == Flow::Trap);
    CHECK_FALSE(ud2.li.unsupported);
    CHECK(ud2.count(IrOp::Trap, uint32_t(Fault::InvalidOpcode)) == 1);

    // Far transfers are outside the flat user-mode model.
    Lifted far = lift_bytes({0xea, 0, 0, 0, 0, 0x73, 0}); // jmp 0x73:0
    CHECK(far.li.unsupported);
    CHECK(far.li.flow == Flow::Trap);
}

TEST_CASE("lifter: every listed integer mnemonic has a handler", "[lifter]") {
    for (Mnemonic m : {Mnemonic::mov_,       Mnemonic::add_,   Mnemonic::adc_,   Mnemonic::sub_,
                       Mnemonic::sbb_,       Mnemonic::cmp_,   Mnemonic::and_,   Mnemonic::or_,
                       Mnemonic::xor_,       Mnemonic::test_,  Mnemonic::inc_,   Mnemonic::dec_,
                       Mnemonic::neg_,       Mnemonic::not_,   Mnemonic::push_,  Mnemonic::pop_,
                       Mnemonic::jmp_,       Mnemonic::call_,  Mnemonic::ret_,   Mnemonic::jz_,
                       Mnemonic::setnle_,    Mnemonic::cmovo_, Mnemonic::xadd_,  Mnemonic::cmpxchg_,
                       Mnemonic::cmpxchg8b_, Mnemonic::bswap_, Mnemonic::enter_, Mnemonic::leave_,
                       Mnemonic::shl_,       Mnemonic::rcr_,   Mnemonic::shld_,  Mnemonic::mul_,
                       Mnemonic::idiv_,      Mnemonic::bt_,    Mnemonic::bsf_,   Mnemonic::daa_,
                       Mnemonic::aam_,       Mnemonic::movsb_, Mnemonic::scasd_, Mnemonic::cpuid_,
                       Mnemonic::rdtsc_,     Mnemonic::int_}) {
        INFO(mnemonic_name(m));
        CHECK(is_lifted(m));
    }
}

TEST_CASE("lifter: setcc and cmovcc use the right condition", "[lifter]") {
    Lifted setb = lift_bytes({0x0f, 0x92, 0xc0}); // setb al
    CHECK(setb.count(IrOp::Cond, uint32_t(CondCode::B)) == 1);
    Lifted cmovle = lift_bytes({0x0f, 0x4e, 0xc1}); // cmovle eax, ecx
    CHECK(cmovle.count(IrOp::Cond, uint32_t(CondCode::LE)) == 1);
    CHECK(cmovle.count(IrOp::Select) == 1);
    CHECK(cmovle.li.flow == Flow::Next);
}

TEST_CASE("lifter: ir_to_string", "[lifter]") {
    IrInst add;
    add.op = IrOp::Add;
    add.size = 4;
    add.dst = 3;
    add.src[0] = 1;
    add.src[1] = 2;
    CHECK(ir_to_string(add) == "t3 = Add.4 t1, t2");
    CHECK(std::string(ir_info(IrOp::Store).name) == "Store");
    CHECK(ir_info(IrOp::Store).nsrc == 2);
    CHECK(ir_info(IrOp::Store).ndst == 0);
    CHECK(ir_info(IrOp::MulU).ndst == 2);
}

// Regression: enter with a deep nesting level needs many temporaries; it
// once ran out of them and was lifted as an unsupported #UD.
TEST_CASE("lifter: enter at the deepest nesting level lifts fully", "[lifter]") {
    for (uint8_t level : {uint8_t(1), uint8_t(2), uint8_t(16), uint8_t(31), uint8_t(0xff)}) {
        Lifted l = lift_bytes({0xc8, 0x10, 0x00, level});
        INFO("level " << int(level));
        CHECK_FALSE(l.li.unsupported);
        unsigned nest = level & 31u;
        // One store for EBP, one per copied frame pointer, one for the frame.
        CHECK(l.count(IrOp::Store) == (nest == 0 ? 1u : nest + 1u));
        CHECK(l.li.ntemps <= kMaxTemps);
    }
}
