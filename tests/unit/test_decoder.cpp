// cm::x86::Decoder: the Zydis wrapper's view of instructions (lengths,
// mnemonics, operands, prefixes, flag masks, statuses, disassembly).
#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

#include "x86/decoder.hpp"
#include "x86/state.hpp"

using namespace cm::x86;

namespace {

const Decoder& decoder() {
    static const Decoder d;
    return d;
}

DecodeStatus decode(std::initializer_list<uint8_t> bytes, Insn& out, uint32_t addr = 0x1000) {
    std::vector<uint8_t> v(bytes);
    return decoder().decode(v.data(), v.size(), addr, out);
}

/// Decodes `bytes`, which must be one valid instruction.
Insn dec(std::initializer_list<uint8_t> bytes, uint32_t addr = 0x1000) {
    Insn in;
    std::vector<uint8_t> v(bytes);
    REQUIRE(decoder().decode(v.data(), v.size(), addr, in) == DecodeStatus::Ok);
    return in;
}

std::string disasm(std::initializer_list<uint8_t> bytes, uint32_t addr = 0x1000) {
    std::vector<uint8_t> v(bytes);
    return decoder().disassemble(v.data(), v.size(), addr);
}

constexpr uint32_t kArith = eflags::kArith;

} // namespace

TEST_CASE("decoder: lengths and mnemonics", "[decoder]") {
    CHECK(dec({0x90}).length == 1);
    CHECK(dec({0x90}).mnemonic == Mnemonic::nop_);
    Insn mov = dec({0xb8, 0x78, 0x56, 0x34, 0x12});
    CHECK(mov.length == 5);
    CHECK(mov.mnemonic == Mnemonic::mov_);
    CHECK(mov.op[1].kind == OperandKind::Imm);
    CHECK(mov.op[1].imm == 0x12345678);
    CHECK(dec({0x8b, 0x44, 0x24, 0x04}).length == 4); // SIB + disp8
    CHECK(dec({0x81, 0x84, 0x88, 0x44, 0x33, 0x22, 0x11, 0x01, 0, 0, 0}).length == 11);
    CHECK(dec({0x0f, 0xaf, 0xc1}).mnemonic == Mnemonic::imul_);
    CHECK(dec({0x0f, 0xc8}).mnemonic == Mnemonic::bswap_);
    CHECK(dec({0xd7}).mnemonic == Mnemonic::xlat_);
    // Trailing bytes after the instruction are not part of it.
    Insn ret = dec({0xc3, 0xcc, 0xcc});
    CHECK(ret.length == 1);
    CHECK(ret.mnemonic == Mnemonic::ret_);
    CHECK(ret.next() == 0x1001);
    CHECK(std::string(mnemonic_name(Mnemonic::add_)) == "add");
    CHECK(std::string(mnemonic_name(Mnemonic::cmpxchg8b_)) == "cmpxchg8b");
    CHECK(std::string(mnemonic_name(Mnemonic::Unsupported)) == "(unsupported)");
    Insn b = dec({0x0f, 0xa3, 0xc8}); // bt eax, ecx
    CHECK(b.mnemonic == Mnemonic::bt_);
    CHECK(b.opcode_map == 1);
    CHECK(b.opcode == 0xa3);
}

TEST_CASE("decoder: register operands, sizes and AH..BH indices", "[decoder]") {
    Insn add = dec({0x01, 0xd8}); // add eax, ebx
    REQUIRE(add.num_operands >= 2);
    CHECK(add.op[0].kind == OperandKind::Reg);
    CHECK(add.op[0].reg.cls == RegClass::Gpr);
    CHECK(add.op[0].reg.index == EAX);
    CHECK(add.op[0].size == 4);
    CHECK(add.op[0].read);
    CHECK(add.op[0].write);
    CHECK_FALSE(add.op[0].hidden);
    CHECK(add.op[1].reg.index == EBX);
    CHECK(add.op[1].read);
    CHECK_FALSE(add.op[1].write);

    Insn m8 = dec({0x88, 0xe0}); // mov al, ah
    CHECK(m8.operand_size == 1);
    CHECK(m8.op[0].size == 1);
    CHECK(m8.op[0].reg.index == 0);                // AL
    CHECK(m8.op[1].reg.index == 4);                // AH
    CHECK(dec({0x88, 0xfd}).op[0].reg.index == 5); // mov ch, bh: CH
    CHECK(dec({0x88, 0xfd}).op[1].reg.index == 7); // BH
    CHECK(dec({0x88, 0xf6}).op[0].reg.index == 6); // mov dh, dh

    Insn m16 = dec({0x66, 0x89, 0xce}); // mov si, cx
    CHECK(m16.operand_size == 2);
    CHECK(m16.op[0].size == 2);
    CHECK(m16.op[0].reg.index == ESI);
    CHECK(m16.op[1].reg.index == ECX);

    Insn seg = dec({0x8c, 0xd8}); // mov eax, ds
    CHECK(seg.op[1].reg.cls == RegClass::Seg);
    CHECK(seg.op[1].reg.index == DS);

    Insn mul = dec({0xf7, 0xe1}); // mul ecx: EAX and EDX are hidden operands
    bool hidden_edx = false;
    for (unsigned i = 0; i < mul.num_operands; ++i)
        if (mul.op[i].hidden && mul.op[i].kind == OperandKind::Reg && mul.op[i].reg.index == EDX)
            hidden_edx = mul.op[i].write;
    CHECK(hidden_edx);
}

TEST_CASE("decoder: memory operands", "[decoder]") {
    Insn sib = dec({0x8b, 0x44, 0x8b, 0xfc}); // mov eax, [ebx+ecx*4-4]
    const Operand& m = sib.op[1];
    CHECK(m.kind == OperandKind::Mem);
    CHECK(m.size == 4);
    CHECK(m.base == EBX);
    CHECK(m.index == ECX);
    CHECK(m.scale == 4);
    CHECK(m.disp == -4);
    CHECK(m.seg == DS);
    CHECK(m.addr_size == 4);

    // EBP and ESP bases default to SS.
    Insn bp = dec({0x8b, 0x45, 0x08});
    CHECK(bp.op[1].seg == SS);
    CHECK(bp.op[1].base == EBP);
    CHECK(bp.op[1].disp == 8);
    CHECK(dec({0x8b, 0x04, 0x24}).op[1].seg == SS); // [esp]

    // Absolute disp32, no base or index.
    Insn abs = dec({0xa1, 0x00, 0x20, 0x00, 0x00}); // mov eax, [0x2000]
    CHECK(abs.op[1].kind == OperandKind::Mem);
    CHECK(abs.op[1].base == -1);
    CHECK(abs.op[1].index == -1);
    CHECK(abs.op[1].disp == 0x2000);

    // lea computes an address: no memory access.
    Insn lea = dec({0x8d, 0x04, 0x49}); // lea eax, [ecx+ecx*2]
    CHECK(lea.op[1].kind == OperandKind::Mem);
    CHECK_FALSE(lea.op[1].read);
    CHECK_FALSE(lea.op[1].write);

    Insn st = dec({0x88, 0x07}); // mov [edi], al
    CHECK(st.op[0].kind == OperandKind::Mem);
    CHECK(st.op[0].size == 1);
    CHECK(st.op[0].write);
}

TEST_CASE("decoder: segment overrides", "[decoder]") {
    CHECK(dec({0x64, 0x8b, 0x03}).op[1].seg == FS); // mov eax, fs:[ebx]
    CHECK(dec({0x65, 0xa1, 0, 0, 0, 0}).op[1].seg == GS);
    CHECK(dec({0x26, 0x88, 0x07}).op[0].seg == ES);
    CHECK(dec({0x3e, 0x8b, 0x45, 0x00}).op[1].seg == DS); // ds: overrides the SS default
    CHECK(dec({0x36, 0x8b, 0x03}).op[1].seg == SS);
}

TEST_CASE("decoder: 16-bit addressing", "[decoder]") {
    Insn bxsi = dec({0x67, 0x8b, 0x00}); // mov eax, [bx+si]
    CHECK(bxsi.address_size == 2);
    CHECK(bxsi.operand_size == 4);
    CHECK(bxsi.length == 3);
    CHECK(bxsi.op[1].addr_size == 2);
    CHECK(bxsi.op[1].base == EBX);
    CHECK(bxsi.op[1].index == ESI);
    CHECK(bxsi.op[1].seg == DS);

    Insn bp = dec({0x67, 0x8b, 0x46, 0x10}); // mov eax, [bp+0x10]
    CHECK(bp.op[1].base == EBP);
    CHECK(bp.op[1].index == -1);
    CHECK(bp.op[1].disp == 0x10);
    CHECK(bp.op[1].seg == SS);

    Insn d16 = dec({0x67, 0x8b, 0x06, 0x34, 0x12}); // mov eax, [0x1234]: disp16
    CHECK(d16.length == 5);
    CHECK(d16.op[1].base == -1);
    CHECK(d16.op[1].disp == 0x1234);
}

TEST_CASE("decoder: relative branch targets are absolute", "[decoder]") {
    Insn jmp = dec({0xeb, 0x10}, 0x1000);
    CHECK(jmp.mnemonic == Mnemonic::jmp_);
    CHECK(jmp.relative);
    CHECK(jmp.op[0].kind == OperandKind::Imm);
    CHECK(jmp.op[0].imm == 0x1012);

    CHECK(dec({0x74, 0xfe}, 0x4000).op[0].imm == 0x4000);        // jz $
    CHECK(dec({0xe8, 0, 0, 0, 0}, 0x2000).op[0].imm == 0x2005);  // call next
    Insn jz = dec({0x0f, 0x84, 0xfa, 0xff, 0xff, 0xff}, 0x3000); // jz near, back to itself
    CHECK(jz.mnemonic == Mnemonic::jz_);
    CHECK(jz.length == 6);
    CHECK(jz.op[0].imm == 0x3000);
    CHECK(dec({0xe2, 0xfe}, 0x5000).op[0].imm == 0x5000); // loop $
    CHECK(dec({0xe9, 0x00, 0x00, 0x00, 0x80}, 0x1000).op[0].imm == 0x80001005u);
    CHECK_FALSE(dec({0xff, 0xe0}).relative); // jmp eax
}

TEST_CASE("decoder: prefixes", "[decoder]") {
    Insn rep = dec({0xf3, 0xa4});
    CHECK(rep.mnemonic == Mnemonic::movsb_);
    CHECK(rep.rep);
    CHECK_FALSE(rep.repne);
    Insn repe = dec({0xf3, 0xa6});
    CHECK(repe.mnemonic == Mnemonic::cmpsb_);
    CHECK(repe.rep);
    Insn repne = dec({0xf2, 0xae});
    CHECK(repne.mnemonic == Mnemonic::scasb_);
    CHECK(repne.repne);
    CHECK_FALSE(repne.rep);
    CHECK_FALSE(dec({0xa4}).rep);

    Insn lock = dec({0xf0, 0x01, 0x03}); // lock add [ebx], eax
    CHECK(lock.lock);
    CHECK_FALSE(dec({0x01, 0x03}).lock);

    Insn o16 = dec({0x66, 0xa5}); // movsw
    CHECK(o16.mnemonic == Mnemonic::movsw_);
    CHECK(o16.operand_size == 2);
    Insn a16 = dec({0x67, 0xa4}); // movsb with SI/DI
    CHECK(a16.address_size == 2);
    CHECK(a16.operand_size == 1);
    Insn both = dec({0x66, 0x67, 0x8b, 0x00}); // mov ax, [bx+si]
    CHECK(both.operand_size == 2);
    CHECK(both.address_size == 2);
    CHECK(both.length == 4);
}

TEST_CASE("decoder: flag masks", "[decoder]") {
    Insn add = dec({0x01, 0xd8});
    CHECK((add.flags_modified & kArith) == kArith);
    CHECK(add.flags_tested == 0);
    CHECK(add.flags_undefined == 0);

    Insn adc = dec({0x11, 0xd8});
    CHECK((adc.flags_tested & eflags::CF) != 0);

    Insn inc = dec({0x40}); // inc eax: CF untouched
    CHECK((inc.flags_modified & eflags::CF) == 0);
    CHECK((inc.flags_modified & eflags::OF) != 0);

    Insn jz = dec({0x74, 0x00});
    CHECK(jz.flags_tested == eflags::ZF);
    CHECK(jz.flags_modified == 0);

    Insn jle = dec({0x7e, 0x00});
    CHECK(jle.flags_tested == (eflags::ZF | eflags::SF | eflags::OF));

    Insn shl = dec({0xd3, 0xe0}); // shl eax, cl: AF (and OF for counts > 1) undefined
    CHECK((shl.flags_undefined & eflags::AF) != 0);

    Insn logic = dec({0x21, 0xd8}); // and eax, ebx: CF and OF cleared, AF undefined
    CHECK((logic.flags_set0 & (eflags::CF | eflags::OF)) == (eflags::CF | eflags::OF));
    CHECK((logic.flags_undefined & eflags::AF) != 0);

    Insn stc = dec({0xf9});
    CHECK(stc.flags_set1 == eflags::CF);
    Insn cld = dec({0xfc});
    CHECK(cld.flags_set0 == eflags::DF);
    CHECK(dec({0xa4}).flags_tested == eflags::DF); // movsb reads DF

    CHECK(dec({0x89, 0xd8}).flags_modified == 0); // mov
}

TEST_CASE("decoder: invalid and truncated bytes", "[decoder]") {
    Insn in;
    CHECK(decode({0x0f, 0x04}, in) == DecodeStatus::Invalid);       // reserved opcode
    CHECK(decode({0xf0, 0x01, 0xd8}, in) == DecodeStatus::Invalid); // lock on a register operand
    CHECK(decode({0x0f, 0xc7, 0xc8}, in) == DecodeStatus::Invalid); // cmpxchg8b eax
    CHECK(decode({0x8d, 0xc0}, in) == DecodeStatus::Invalid);       // lea with a register source
    CHECK(decode({0x8e, 0xc8}, in) == DecodeStatus::Invalid);       // mov cs, ax

    // The instruction runs past the readable bytes.
    CHECK(decode({0xb8, 0x01, 0x02}, in) == DecodeStatus::NoMoreData);
    CHECK(decode({0x0f}, in) == DecodeStatus::NoMoreData);
    CHECK(decode({0x66}, in) == DecodeStatus::NoMoreData);
    CHECK(decode({0x8b, 0x84}, in) == DecodeStatus::NoMoreData); // needs SIB and disp32

    // Longer than 15 bytes: no amount of extra data makes it valid, and the
    // processor raises #GP rather than #UD, so it has its own status.
    std::vector<uint8_t> longest(15, 0x66);
    longest.push_back(0x90);
    CHECK(decoder().decode(longest.data(), longest.size(), 0x1000, in) == DecodeStatus::TooLong);
    CHECK(decoder().decode(longest.data(), 15, 0x1000, in) == DecodeStatus::TooLong);
    std::vector<uint8_t> ok15(14, 0x66);
    ok15.push_back(0x90);
    REQUIRE(decoder().decode(ok15.data(), ok15.size(), 0x1000, in) == DecodeStatus::Ok);
    CHECK(in.length == 15);
}

TEST_CASE("decoder: zero readable bytes is NoMoreData, not Invalid", "[decoder]") {
    // A caller fetching at the very end of executable memory must see a
    // fetch fault (#PF), not #UD.
    Insn in;
    const uint8_t byte = 0x90;
    CHECK(decoder().decode(&byte, 0, 0x1000, in) == DecodeStatus::NoMoreData);
}

TEST_CASE("decoder: SSE, MMX and other extensions are Unsupported", "[decoder]") {
    CHECK(dec({0x0f, 0x58, 0xc1}).mnemonic == Mnemonic::Unsupported);       // addps
    CHECK(dec({0x0f, 0x6f, 0xc1}).mnemonic == Mnemonic::Unsupported);       // movq mm0, mm1
    CHECK(dec({0x0f, 0x77}).mnemonic == Mnemonic::Unsupported);             // emms
    CHECK(dec({0x66, 0x0f, 0xef, 0xc0}).mnemonic == Mnemonic::Unsupported); // pxor xmm0, xmm0
    CHECK(dec({0x0f, 0xae, 0xf0}).mnemonic == Mnemonic::Unsupported);       // mfence (SSE2)
    // ...but they decode with their real length, so a #UD can name them.
    CHECK(dec({0x0f, 0x58, 0xc1}).length == 3);
    // Base-ISA relatives of those stay supported.
    CHECK(dec({0xf3, 0x90}).mnemonic == Mnemonic::pause_);
    CHECK(dec({0x0f, 0x1f, 0x00}).mnemonic == Mnemonic::nop_);
}

TEST_CASE("decoder: disassembly text", "[decoder]") {
    CHECK(disasm({0x01, 0xd8}) == "add eax, ebx");
    CHECK(disasm({0x88, 0xe0}) == "mov al, ah");
    CHECK(disasm({0xeb, 0x10}, 0x1000) == "jmp 0x00001012");
    CHECK(disasm({0x64, 0x8b, 0x03}) == "mov eax, fs:[ebx]");
    CHECK(disasm({0xf3, 0xa4}) == "rep movsb");
    CHECK(disasm({0x0f, 0x04}) == "(bad)");
    CHECK(disasm({0xb8, 0x01}) == "(bad)");
    const uint8_t ud2[] = {0x0f, 0x0b};
    CHECK(hex_bytes(ud2, 2) == "0f 0b");
    CHECK(hex_bytes(ud2, 0).empty());
}
