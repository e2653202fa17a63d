// The region differential test's instruction generator (see
// test_region_gen.hpp). Instructions are encoded by hand: a ModRM byte for
// a register or one of a few memory forms, and opcode tables below.
#include "test_region_gen.hpp"

#include <algorithm>
#include <cstring>

namespace cm::test {

using namespace cm::x86;

uint32_t GenRng::value() {
    switch (below(8)) {
    case 0: return 0;
    case 1: return 0xffffffffu;
    case 2: return 0x80000000u - below(2);
    case 3: return below(256);
    case 4: return 0x7f + below(3);
    case 5: return 0x8000u - below(2);
    default: return uint32_t(next() >> 32);
    }
}

namespace {

const int kFree32[] = {EAX, ECX, EDX, EBP};
const int kFree16[] = {EAX, ECX, EDX, EBP};
const int kFree8[] = {0, 1, 2, 4, 5, 6}; // AL CL DL AH CH DH

/// A register or memory operand, as the ModRM byte will encode it.
struct Rm {
    bool reg = true;
    int r = 0;    ///< register number (reg)
    int form = 0; ///< memory: 0 [base+d8], 1 [abs32], 2 [esp+d8]
    int base = EBX;
    int32_t disp = 0;
};

/// One item of the sequence: bytes, or a forward branch laid out later.
struct Item {
    std::vector<uint8_t> bytes;
    int branch = 0; ///< 0 none, 1 jcc, 2 jmp, 3 call, 4 loop, 5 jecxz
    uint8_t cc = 0;
    size_t target = 0; ///< item index the branch goes to
};

class Seq {
  public:
    Seq(GenRng& rng, const GenOptions& o) : g(rng), opt(o) {}

    GenRng& g;
    const GenOptions& opt;
    std::vector<Item> items;
    std::vector<Rm> pool; ///< memory operands used so far

    int free_reg(unsigned size) {
        if (size == 1) return kFree8[g.below(6)];
        if (size == 2) return kFree16[g.below(4)];
        return kFree32[g.below(4)];
    }
    unsigned size124() { return 1u << g.below(3); }

    /// A memory operand: mostly one of the case's few earlier operands, so
    /// that loads repeat and stores hit what loads read (forwarding and
    /// aliasing happen often), with small displacements around pointers
    /// that are close to each other.
    Rm mem() {
        if (!pool.empty() && g.chance(3, 4)) return pool[g.below(uint32_t(pool.size()))];
        Rm m;
        m.reg = false;
        static const int32_t kDisp[] = {-8, -4, -2, 0, 1, 2, 4, 8, 12};
        const int32_t d = g.chance(3, 4) ? kDisp[g.below(9)] : g.range(-64, 63);
        unsigned k = g.below(10);
        if (opt.faults && g.chance(1, 50)) {
            m.form = 1;
            m.disp = int32_t(kGenUnmapped + g.below(64));
        } else if (k < 6) {
            m.form = 0;
            const int bases[] = {EBX, ESI, EDI};
            m.base = bases[g.below(3)];
            m.disp = d;
        } else if (k < 8) {
            m.form = 2;
            m.disp = std::min(d, 60);
        } else {
            m.form = 1;
            m.disp = int32_t(kGenData + 0x100 + uint32_t(d));
        }
        if (pool.size() < 6) pool.push_back(m);
        return m;
    }
    /// A destination: a free register or memory.
    Rm dst(unsigned size) {
        if (g.chance(1, 2)) return mem();
        Rm r;
        r.r = free_reg(size);
        return r;
    }
    /// A source: any register (of the operand's size) or memory.
    Rm src(unsigned) {
        if (g.chance(1, 3)) return mem();
        Rm r;
        r.r = int(g.below(8));
        return r;
    }

    static void modrm(std::vector<uint8_t>& b, int regf, const Rm& m) {
        if (m.reg) {
            b.push_back(uint8_t(0xc0 | regf << 3 | m.r));
        } else if (m.form == 0) {
            b.push_back(uint8_t(0x40 | regf << 3 | m.base));
            b.push_back(uint8_t(m.disp));
        } else if (m.form == 2) {
            b.push_back(uint8_t(0x44 | regf << 3));
            b.push_back(0x24);
            b.push_back(uint8_t(m.disp));
        } else {
            b.push_back(uint8_t(regf << 3 | 5));
            for (int i = 0; i < 4; ++i)
                b.push_back(uint8_t(uint32_t(m.disp) >> (8 * i)));
        }
    }
    static void imm(std::vector<uint8_t>& b, uint32_t v, unsigned n) {
        for (unsigned i = 0; i < n; ++i)
            b.push_back(uint8_t(v >> (8 * i)));
    }
    void emit(std::vector<uint8_t> b) { items.push_back({std::move(b)}); }

    /// Opcode byte(s) for a sized form: size 2 gets 0x66, size 1 the byte opcode.
    std::vector<uint8_t> op(unsigned size, uint8_t byte_op, uint8_t full_op) {
        std::vector<uint8_t> b;
        if (size == 2) b.push_back(0x66);
        b.push_back(size == 1 ? byte_op : full_op);
        return b;
    }

    void one() {
        const unsigned s = size124();
        std::vector<uint8_t> b;
        switch (g.below(22)) {
        case 0:
        case 1:
        case 2: { // ALU rm, r / r, rm
            unsigned alu = g.below(8);
            bool to_reg = g.chance(1, 2);
            b = op(s, uint8_t(alu * 8 + (to_reg ? 2 : 0)), uint8_t(alu * 8 + (to_reg ? 3 : 1)));
            if (to_reg) {
                int r = alu == 7 ? int(g.below(8)) : free_reg(s);
                modrm(b, r, src(s));
            } else {
                Rm d = alu == 7 ? src(s) : dst(s);
                modrm(b, int(g.below(8)), d);
            }
            break;
        }
        case 3:
        case 4: { // ALU rm, imm
            unsigned alu = g.below(8);
            Rm d = alu == 7 ? src(s) : dst(s);
            bool imm8 = s != 1 && g.chance(1, 2);
            b = op(s, 0x80, imm8 ? 0x83 : 0x81);
            modrm(b, int(alu), d);
            imm(b, g.value(), s == 1 || imm8 ? 1 : s);
            break;
        }
        case 5:
        case 6: { // mov
            unsigned k = g.below(4);
            if (k == 0) {
                b = op(s, 0x88, 0x89);
                modrm(b, int(g.below(8)), dst(s));
            } else if (k == 1) {
                b = op(s, 0x8a, 0x8b);
                modrm(b, free_reg(s), src(s));
            } else if (k == 2) {
                b = {uint8_t(0xb8 + kFree32[g.below(4)])};
                imm(b, g.value(), 4);
            } else {
                b = op(s, 0xc6, 0xc7);
                modrm(b, 0, dst(s));
                imm(b, g.value(), s);
            }
            break;
        }
        case 7: // test
            b = op(s, 0x84, 0x85);
            modrm(b, int(g.below(8)), src(s));
            break;
        case 8: { // inc/dec/neg/not on a destination
            const uint8_t kinds[] = {0xfe, 0xfe, 0xf6, 0xf6};
            const int regf[] = {0, 1, 2, 3};
            unsigned k = g.below(4);
            b = op(s, kinds[k], uint8_t(kinds[k] + 1));
            modrm(b, regf[k], dst(s));
            break;
        }
        case 9: { // mul/imul (EDX:EAX), rarely div/idiv
            unsigned k = opt.faults && g.chance(1, 6) ? 6 + g.below(2) : 4 + g.below(2);
            b = op(s, 0xf6, 0xf7);
            modrm(b, int(k), src(s));
            break;
        }
        case 10:
        case 11: { // shifts and rotates
            const int kinds[] = {0, 1, 2, 3, 4, 5, 7};
            int k = kinds[g.below(7)];
            unsigned form = g.below(3);
            if (form == 0) {
                b = op(s, 0xc0, 0xc1);
                modrm(b, k, dst(s));
                b.push_back(uint8_t(g.chance(1, 4) ? g.below(256) : g.below(33)));
            } else {
                b = op(s, form == 1 ? 0xd0 : 0xd2, form == 1 ? 0xd1 : 0xd3);
                modrm(b, k, dst(s));
            }
            break;
        }
        case 12: { // movzx/movsx
            bool word = g.chance(1, 2);
            b = {0x0f, uint8_t((g.chance(1, 2) ? 0xb6 : 0xbe) + (word ? 1 : 0))};
            modrm(b, kFree32[g.below(4)], src(word ? 2 : 1));
            break;
        }
        case 13: { // lea (EDI only from a pointer)
            Rm m;
            m.reg = false;
            m.base = g.chance(1, 2) ? EBX : ESI;
            m.disp = g.range(-64, 63);
            b = {0x8d};
            modrm(b, g.chance(1, 3) ? EDI : kFree32[g.below(4)], m);
            break;
        }
        case 14: // setcc
            b = {0x0f, uint8_t(0x90 + g.below(16))};
            modrm(b, 0, dst(1));
            break;
        case 15: // cmovcc
            b = {0x0f, uint8_t(0x40 + g.below(16))};
            modrm(b, kFree32[g.below(4)], src(4));
            break;
        case 16: { // imul r, rm (, imm8)
            if (g.chance(1, 2)) {
                b = {0x0f, 0xaf};
                modrm(b, kFree32[g.below(4)], src(4));
            } else {
                b = {0x6b};
                modrm(b, kFree32[g.below(4)], src(4));
                b.push_back(uint8_t(g.below(256)));
            }
            break;
        }
        case 17: { // push / pop
            unsigned k = g.below(5);
            if (k == 0)
                b = {uint8_t(0x50 + g.below(8))};
            else if (k == 1)
                b = {uint8_t(0x58 + kFree32[g.below(4)])};
            else if (k == 2)
                b = {0x6a, uint8_t(g.below(256))};
            else if (k == 3) {
                b = {0xff};
                modrm(b, 6, mem());
            } else {
                b = {0x8f};
                modrm(b, 0, mem());
            }
            break;
        }
        case 18: { // flag instructions and friends
            const uint8_t ops[] = {0xf8, 0xf9, 0xf5, 0xfc, 0x99, 0x98, 0x9f, 0x9c, 0x90};
            b = {ops[g.below(9)]};
            break;
        }
        case 19: { // bt/bts/btr/btc rm32, imm8
            b = {0x0f, 0xba};
            modrm(b, int(4 + g.below(4)), dst(4));
            b.push_back(uint8_t(g.below(256)));
            break;
        }
        case 20: { // xchg / xadd / cmpxchg
            unsigned k = g.below(3);
            if (k == 0)
                b = op(s, 0x86, 0x87);
            else
                b = {0x0f, uint8_t(k == 1 ? 0xc1 : 0xb1)};
            if (k != 0 && s == 2) b.insert(b.begin(), 0x66);
            if (k != 0 && s == 1) b.back() = uint8_t(b.back() - 1);
            modrm(b, free_reg(s), dst(s));
            break;
        }
        default: // bswap
            b = {0x0f, uint8_t(0xc8 + kFree32[g.below(4)])};
            break;
        }
        emit(std::move(b));
    }

    void branch(size_t n_total) {
        Item it;
        unsigned k = g.below(10);
        it.branch = k < 6 ? 1 : k < 7 ? 2 : k < 8 ? 3 : k < 9 ? 4 : 5;
        it.cc = uint8_t(g.below(16));
        size_t here = items.size();
        size_t span = std::min<size_t>(n_total - here, 6);
        it.target = here + 1 + g.below(uint32_t(span)); // up to the terminator
        items.push_back(it);
    }

    void terminator() {
        if (!opt.terminators) return emit({0xcc});
        switch (g.below(7)) {
        case 0: return emit({0xc3});       // ret: indirect exit
        case 1: return emit({0xff, 0xe3}); // jmp ebx: indirect, non-executable target
        case 2: return emit({0xcd, 0x80}); // int 0x80: interp exit
        case 3: return emit({0x9d});       // popf: interp exit
        case 4: return emit({0xf3, 0xa4}); // rep movsb: interp exit
        case 5: return emit({0xd9, 0xe8}); // fld1: x87, interp exit
        default: return emit({0xcc});
        }
    }

    std::vector<uint8_t> layout() {
        std::vector<uint32_t> at(items.size() + 1);
        auto size_of = [](const Item& it) -> uint32_t {
            switch (it.branch) {
            case 1: return 6;
            case 2:
            case 3: return 5;
            case 4:
            case 5: return 2;
            default: return uint32_t(it.bytes.size());
            }
        };
        // rel8 forms (loop, jecxz) that cannot reach become jcc rel32.
        for (int pass = 0; pass < 2; ++pass) {
            uint32_t a = kGenCode;
            for (size_t i = 0; i < items.size(); ++i)
                at[i] = a, a += size_of(items[i]);
            at[items.size()] = a;
            for (size_t i = 0; i < items.size(); ++i) {
                Item& it = items[i];
                if ((it.branch == 4 || it.branch == 5) &&
                    int64_t(at[it.target]) - int64_t(at[i] + 2) > 120)
                    it.branch = 1;
            }
        }
        std::vector<uint8_t> out;
        for (size_t i = 0; i < items.size(); ++i) {
            const Item& it = items[i];
            const uint32_t next = at[i] + size_of(it);
            const uint32_t rel = at[it.target] - next;
            switch (it.branch) {
            case 0: out.insert(out.end(), it.bytes.begin(), it.bytes.end()); break;
            case 1:
                out.push_back(0x0f), out.push_back(uint8_t(0x80 + it.cc)), imm(out, rel, 4);
                break;
            case 2: out.push_back(0xe9), imm(out, rel, 4); break;
            case 3: out.push_back(0xe8), imm(out, rel, 4); break;
            case 4: out.push_back(0xe2), out.push_back(uint8_t(rel)); break;
            case 5: out.push_back(0xe3), out.push_back(uint8_t(rel)); break;
            }
        }
        return out;
    }
};

} // namespace

void gen_state(GenRng& g, GenCase& c) {
    c.cpu = CpuState{};
    for (int r : kFree32)
        c.cpu.gpr[r] = g.value();
    c.cpu.gpr[EBX] = kGenData + 0x100;
    // Pointers close to EBX, so that accesses through them often overlap.
    static const int32_t kNear[] = {0, 1, 2, 4, -4, 8, -8, 40};
    c.cpu.gpr[ESI] = kGenData + 0x100 + uint32_t(kNear[g.below(8)]);
    c.cpu.gpr[EDI] =
        kGenData + 0x100 + uint32_t(g.chance(1, 2) ? kNear[g.below(8)] : g.range(-64, 64));
    c.cpu.gpr[ESP] = kGenStack + 0x800 - uint32_t(g.below(64));
    for (int f = 0; f < int(Flag::Count); ++f)
        c.cpu.flag[f] = uint8_t(g.below(2));
    c.cpu.flag[int(Flag::DF)] = 0;
    c.cpu.eip = kGenCode;
    c.data.resize(4096);
    c.stack.resize(4096);
    for (auto* v : {&c.data, &c.stack})
        for (size_t i = 0; i < v->size(); i += 8) {
            uint64_t x = g.next();
            std::memcpy(v->data() + i, &x, 8);
        }
}

GenCase gen_case(uint64_t seed, uint64_t index, const GenOptions& opt) {
    GenRng g(seed ^ (index * 0x100000001b3ull));
    Seq q(g, opt);
    const unsigned n = 1 + g.below(opt.max_insns);
    for (unsigned i = 0; i < n; ++i) {
        if (opt.branches && g.chance(1, 5))
            q.branch(n);
        else
            q.one();
    }
    // Branch targets are item indices: fix those past the end to the terminator.
    for (Item& it : q.items)
        if (it.branch && it.target > q.items.size()) it.target = q.items.size();
    q.terminator();
    GenCase c;
    c.code = q.layout();
    gen_state(g, c);
    return c;
}

} // namespace cm::test
