// The generator's core: random state, operands that land where they must
// (memory operands are solved backwards from a chosen target address), the
// class table, and encoding with Zydis's encoder.
#include "generator.hpp"

#include <cstring>

#include "gen_internal.hpp"
#include "x86/decoder.hpp"

namespace cm::diff {

using x86::EBP;
using x86::EBX;
using x86::EDI;
using x86::ESI;
using x86::ESP;

// --- Rng ---

namespace {
uint64_t splitmix(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

uint32_t size_mask(unsigned size) {
    return size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

ZydisRegister gpr_reg(unsigned size, int idx) {
    ZydisRegister first = size == 1   ? ZYDIS_REGISTER_AL
                          : size == 2 ? ZYDIS_REGISTER_AX
                                      : ZYDIS_REGISTER_EAX;
    return static_cast<ZydisRegister>(first + idx);
}
} // namespace

Rng::Rng(uint64_t seed) {
    for (auto& s : s_)
        s = splitmix(seed);
}

uint64_t Rng::next() {
    uint64_t r = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
}

// --- Gen: request and plain operands ---

void Gen::begin(ZydisMnemonic m) {
    std::memset(&req, 0, sizeof req);
    req.machine_mode = ZYDIS_MACHINE_MODE_LEGACY_32;
    req.mnemonic = m;
}

void Gen::bytes(const uint8_t* b, unsigned n) {
    raw = true;
    raw_len = uint8_t(n);
    std::memcpy(raw_bytes, b, n);
}

ZydisEncoderOperand& Gen::next_operand() {
    return req.operands[req.operand_count++];
}

Opnd Gen::reg_at(unsigned size, int idx) {
    ZydisEncoderOperand& z = next_operand();
    z.type = ZYDIS_OPERAND_TYPE_REGISTER;
    z.reg.value = gpr_reg(size, idx);
    return Opnd{Opnd::Reg, size, idx, 0};
}

Opnd Gen::reg(unsigned size) {
    return reg_at(size, int(rng.below(8)));
}

Opnd Gen::imm(unsigned size, uint32_t value) {
    ZydisEncoderOperand& z = next_operand();
    z.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
    z.imm.s = size == 1 ? int8_t(value) : size == 2 ? int16_t(value) : int32_t(value);
    return Opnd{Opnd::Imm, size, -1, 0};
}

Opnd Gen::uimm(unsigned size, uint32_t value) {
    ZydisEncoderOperand& z = next_operand();
    z.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
    z.imm.u = value & size_mask(size);
    return Opnd{Opnd::Imm, size, -1, 0};
}

void Gen::rel(int64_t disp) {
    ZydisEncoderOperand& z = next_operand();
    z.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
    z.imm.s = disp;
}

// --- Gen: memory operands ---

uint32_t Gen::target(unsigned size, unsigned flags, bool a16) {
    if (!(flags & kNoFault) && rng.chance(1, 40)) {
        // Aim (partly) outside the mapped areas: both CPUs must fault alike.
        switch (rng.below(4)) {
        case 0: return kDataBase + kDataSize - 1 - (size > 1 ? rng.below(size - 1) : 0);
        case 1: return kDataBase - 1 - (size > 1 ? rng.below(size - 1) : 0);
        case 2: return 0x4000 + rng.below(0x1000);
        default: return a16 ? rng.below(0x10000) : rng.u32();
        }
    }
    unsigned margin = (flags & kWideMargin) ? 96 : 16;
    return kDataBase + margin + rng.below(kDataSize - 2 * margin - size);
}

uint32_t Gen::mem32(ZydisEncoderOperand& z, uint32_t t) {
    int base = rng.chance(7, 8) ? int(rng.below(8)) : -1;
    int index = -1;
    if (rng.chance(1, 2)) {
        do
            index = int(rng.below(8));
        while (index == ESP || index == base);
    }
    uint32_t scale = index >= 0 ? 1u << rng.below(4) : 1;
    unsigned dk = base < 0 ? 2 : rng.below(3); // no disp, disp8, disp32
    auto rdisp = [&]() -> int32_t {
        if (dk == 0) return 0;
        if (dk == 1) return rng.range(-128, 127);
        return rng.chance(1, 2) ? rng.range(-4096, 4096) : int32_t(rng.u32());
    };
    uint32_t ival = index >= 0 ? gpr(index) : 0;
    int32_t disp;
    if (base >= 0 && !is_locked(base)) {
        disp = rdisp();
        gpr(base) = t - uint32_t(disp) - ival * scale;
    } else if (index >= 0 && !is_locked(index)) {
        disp = rdisp();
        uint32_t need = t - (base >= 0 ? gpr(base) : 0) - uint32_t(disp);
        need -= need & (scale - 1); // index*scale can only hit multiples of scale
        gpr(index) = need / scale;
    } else if (base == ESP && index < 0 && dk != 2) {
        disp = rdisp(); // [esp], [esp+d8]: wherever the stack pointer is
    } else {
        disp = int32_t(t - (base >= 0 ? gpr(base) : 0) - ival * scale);
    }
    if (base >= 0) lock(base);
    if (index >= 0) lock(index);
    z.mem.base = base >= 0 ? gpr_reg(4, base) : ZYDIS_REGISTER_NONE;
    z.mem.index = index >= 0 ? gpr_reg(4, index) : ZYDIS_REGISTER_NONE;
    z.mem.scale = uint8_t(index >= 0 ? scale : 0);
    z.mem.displacement = disp;
    return (base >= 0 ? gpr(base) : 0) + (index >= 0 ? gpr(index) * scale : 0) + uint32_t(disp);
}

uint32_t Gen::mem16(ZydisEncoderOperand& z, uint32_t t) {
    static const int8_t forms[9][2] = {{EBX, ESI}, {EBX, EDI}, {EBP, ESI}, {EBP, EDI}, {ESI, -1},
                                       {EDI, -1},  {EBP, -1},  {EBX, -1},  {-1, -1}};
    const int8_t* f = forms[rng.below(9)];
    int base = f[0], index = f[1];
    unsigned dk = base < 0 ? 2 : rng.below(3);
    int32_t disp = dk == 0 ? 0 : dk == 1 ? rng.range(-128, 127) : rng.range(-32768, 32767);
    int free = base >= 0 && !is_locked(base) ? base : index >= 0 && !is_locked(index) ? index : -1;
    uint32_t b16 = base >= 0 ? gpr(base) & 0xffff : 0, i16 = index >= 0 ? gpr(index) & 0xffff : 0;
    if (free >= 0) {
        uint32_t other = free == base ? i16 : b16;
        gpr(free) = (gpr(free) & 0xffff0000u) | ((t - other - uint32_t(disp)) & 0xffff);
    } else {
        disp = int16_t(t - b16 - i16);
    }
    if (base >= 0) lock(base);
    if (index >= 0) lock(index);
    z.mem.base = base >= 0 ? gpr_reg(2, base) : ZYDIS_REGISTER_NONE;
    z.mem.index = index >= 0 ? gpr_reg(2, index) : ZYDIS_REGISTER_NONE;
    z.mem.scale = uint8_t(index >= 0 ? 1 : 0);
    z.mem.displacement = disp;
    addr16();
    return ((base >= 0 ? gpr(base) : 0) + (index >= 0 ? gpr(index) : 0) + uint32_t(disp)) & 0xffff;
}

Opnd Gen::mem(unsigned size, unsigned flags) {
    bool a16 = !(flags & kNo16) && rng.chance(1, 8);
    uint32_t t = target(size, flags, a16);
    ZydisEncoderOperand& z = next_operand();
    z.type = ZYDIS_OPERAND_TYPE_MEMORY;
    z.mem.size = uint16_t(size);
    t = a16 ? mem16(z, t) : mem32(z, t);
    maybe_segment();
    return Opnd{Opnd::Mem, size, -1, t};
}

void Gen::maybe_lock(const Opnd& dst) {
    if (dst.kind == Opnd::Mem && rng.chance(1, 6)) prefix(ZYDIS_ATTRIB_HAS_LOCK);
}

void Gen::maybe_segment() {
    static const ZydisInstructionAttributes segs[] = {
        ZYDIS_ATTRIB_HAS_SEGMENT_ES, ZYDIS_ATTRIB_HAS_SEGMENT_SS, ZYDIS_ATTRIB_HAS_SEGMENT_DS,
        ZYDIS_ATTRIB_HAS_SEGMENT_FS, ZYDIS_ATTRIB_HAS_SEGMENT_GS};
    if (rng.chance(1, 24)) prefix(segs[rng.below(5)]);
}

// --- Gen: values ---

uint32_t Gen::value(unsigned size) {
    uint32_t m = size_mask(size), sign = 1u << (size * 8 - 1);
    switch (rng.below(12)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return m;
    case 3: return sign;
    case 4: return sign - 1;
    case 5: return rng.below(16);
    case 6: return m - rng.below(16);
    case 7: return (sign + rng.range(-8, 8)) & m;
    default: return rng.u32() & m;
    }
}

uint32_t Gen::count() {
    static const uint8_t edge[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 64, 255};
    return rng.chance(2, 3) ? edge[rng.below(sizeof edge)] : rng.below(256);
}

uint32_t Gen::get_reg(int idx, unsigned size) const {
    const uint32_t* g = tc.init.gpr;
    if (size == 4) return g[idx];
    if (size == 2) return g[idx] & 0xffff;
    return idx < 4 ? g[idx] & 0xff : (g[idx - 4] >> 8) & 0xff;
}

void Gen::set_reg(int idx, unsigned size, uint32_t v) {
    uint32_t* g = tc.init.gpr;
    if (size == 4)
        g[idx] = v;
    else if (size == 2)
        g[idx] = (g[idx] & 0xffff0000u) | (v & 0xffff);
    else if (idx < 4)
        g[idx] = (g[idx] & 0xffffff00u) | (v & 0xff);
    else
        g[idx - 4] = (g[idx - 4] & 0xffff00ffu) | ((v & 0xff) << 8);
}

uint8_t* Gen::host(uint32_t addr, unsigned size) {
    const uint64_t end = uint64_t(addr) + size;
    if (addr >= kDataBase && end <= kDataBase + kDataSize) return &tc.init.data[addr - kDataBase];
    if (addr >= kStackBase && end <= kStackBase + kStackSize)
        return &tc.init.stack[addr - kStackBase];
    return nullptr;
}

uint32_t Gen::get(const Opnd& o) const {
    if (o.kind == Opnd::Reg) return get_reg(o.reg, o.size);
    uint32_t v = 0;
    if (o.kind == Opnd::Mem)
        if (const uint8_t* p = const_cast<Gen*>(this)->host(o.addr, o.size))
            std::memcpy(&v, p, o.size);
    return v;
}

void Gen::set(const Opnd& o, uint32_t v) {
    if (o.kind == Opnd::Reg)
        set_reg(o.reg, o.size, v);
    else if (o.kind == Opnd::Mem)
        if (uint8_t* p = host(o.addr, o.size)) std::memcpy(p, &v, o.size);
}

// --- the class table and case construction ---

const std::vector<ClassInfo>& classes() {
    static const std::vector<ClassInfo> table = {
        {"data", "mov movzx movsx lea xchg bswap xlat cbw cwde cwd cdq lahf sahf", gen_data},
        {"stack", "push pop pusha popa pushf popf (16/32-bit forms)", gen_stack},
        {"cmov", "cmovcc setcc", gen_cmov},
        {"arith", "add adc sub sbb cmp inc dec neg", gen_arith},
        {"logic", "and or xor not test", gen_logic},
        {"shift", "shl shr sar rol ror rcl rcr shld shrd", gen_shift},
        {"muldiv", "mul imul(1,2,3 operands) div idiv", gen_muldiv},
        {"bitops", "bt bts btr btc bsf bsr", gen_bitops},
        {"bcd", "aaa aas aam aad daa das", gen_bcd},
        {"string", "movs cmps stos lods scas b/w/d, rep/repe/repne, a16", gen_string},
        {"branch", "jcc jmp call ret loop loope loopne jecxz enter leave", gen_branch},
        {"atomic", "xadd cmpxchg cmpxchg8b (with and without lock)", gen_atomic},
        {"flags", "clc stc cmc cld std", gen_flags},
        {"nop", "nop forms, pause", gen_nop},
        {"x87", "the x87 FPU over random stacks (gen_x87.cpp)", gen_x87},
    };
    return table;
}

int find_class(const std::string& name) {
    const auto& t = classes();
    for (size_t i = 0; i < t.size(); ++i)
        if (name == t[i].name) return int(i);
    return -1;
}

namespace {

void init_state(Rng& rng, Gen& g) {
    MachineState& s = g.tc.init;
    for (auto& r : s.gpr)
        r = g.value(4);
    s.gpr[ESP] = (kStackMid + uint32_t(rng.range(-256, 256))) & (rng.chance(3, 4) ? ~3u : ~0u);
    s.eip = kInsnAddr;
    s.eflags = (rng.u32() & (x86::eflags::kArith | x86::eflags::DF)) | x86::eflags::IF |
               x86::eflags::kFixedOne;
    if (rng.chance(1, 4))
        s.eflags |= rng.u32() & (x86::eflags::NT | x86::eflags::AC | x86::eflags::ID);
    for (size_t i = 0; i < kDataSize; i += 8) {
        uint64_t v = rng.next();
        std::memcpy(&s.data[i], &v, 8);
    }
    for (size_t i = 0; i < kStackSize; i += 8) {
        uint64_t v = rng.next();
        std::memcpy(&s.stack[i], &v, 8);
    }
    g.locked = uint8_t(1u << ESP);
}

/// "rep movs/16 a16"-style key: what the summaries group mismatches by.
std::string make_key(const x86::Insn& in) {
    std::string k;
    if (in.lock) k += "lock ";
    if (in.rep) k += "rep ";
    if (in.repne) k += "repne ";
    k += x86::mnemonic_name(in.mnemonic);
    const x86::Operand& o = in.op[0];
    if (in.num_operands && !o.hidden &&
        (o.kind == x86::OperandKind::Reg || o.kind == x86::OperandKind::Mem))
        k += "/" + std::to_string(o.size * 8);
    else if (in.operand_size == 2)
        k += "/16";
    bool uses_addr = false;
    for (unsigned i = 0; i < in.num_operands; ++i)
        uses_addr |= in.op[i].kind == x86::OperandKind::Mem;
    if (in.address_size == 2 &&
        (uses_addr || in.mnemonic == x86::Mnemonic::jcxz_ || in.mnemonic == x86::Mnemonic::loop_ ||
         in.mnemonic == x86::Mnemonic::loope_ || in.mnemonic == x86::Mnemonic::loopne_))
        k += " a16";
    return k;
}

} // namespace

bool make_case(uint64_t seed, uint64_t index, TestCase& out) {
    static const x86::Decoder decoder;
    const auto& table = classes();
    Rng rng(seed * 0x9e3779b97f4a7c15ull ^ (index + 1) * 0xd1b54a32d192ed03ull);
    out = TestCase{};
    out.index = index;
    out.cls = int(index % table.size());
    for (int attempt = 0; attempt < 200; ++attempt) {
        out.init = MachineState{};
        out.max_steps = 1;
        Gen g(rng, out);
        init_state(rng, g);
        g.begin(ZYDIS_MNEMONIC_INVALID);
        table[out.cls].generate(g);
        uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
        ZyanUSize len = sizeof buf;
        if (g.raw) {
            std::memcpy(buf, g.raw_bytes, g.raw_len);
            len = g.raw_len;
        } else if (!ZYAN_SUCCESS(ZydisEncoderEncodeInstruction(&g.req, buf, &len))) {
            continue; // an operand combination the ISA does not have: draw again
        }
        x86::Insn insn;
        if (decoder.decode(buf, len, kInsnAddr, insn) != x86::DecodeStatus::Ok ||
            insn.length != len)
            continue;
        std::memcpy(out.code, buf, len);
        out.len = uint8_t(len);
        out.flags_undefined = insn.flags_undefined;
        out.fpu_cc_undefined = insn.fpu_cc_undefined;
        out.key = make_key(insn);
        return true;
    }
    return false;
}

} // namespace cm::diff
