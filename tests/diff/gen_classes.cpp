// One generator per instruction class: which mnemonics, which operand forms,
// and which parts of the initial state to steer (divisors, string pointers,
// equal runs for repe/repne, sane EFLAGS images for popf, ...).
#include <cstring>

#include "gen_internal.hpp"

namespace cm::diff {

using x86::EAX;
using x86::EBP;
using x86::EBX;
using x86::ECX;
using x86::EDI;
using x86::EDX;
using x86::ESI;
using x86::ESP;

namespace {

template <size_t N> ZydisMnemonic pick(Gen& g, const ZydisMnemonic (&list)[N]) {
    return list[g.rng.below(N)];
}

const ZydisMnemonic kJcc[] = {
    ZYDIS_MNEMONIC_JO, ZYDIS_MNEMONIC_JNO, ZYDIS_MNEMONIC_JB,  ZYDIS_MNEMONIC_JNB,
    ZYDIS_MNEMONIC_JZ, ZYDIS_MNEMONIC_JNZ, ZYDIS_MNEMONIC_JBE, ZYDIS_MNEMONIC_JNBE,
    ZYDIS_MNEMONIC_JS, ZYDIS_MNEMONIC_JNS, ZYDIS_MNEMONIC_JP,  ZYDIS_MNEMONIC_JNP,
    ZYDIS_MNEMONIC_JL, ZYDIS_MNEMONIC_JNL, ZYDIS_MNEMONIC_JLE, ZYDIS_MNEMONIC_JNLE};
const ZydisMnemonic kCmov[] = {
    ZYDIS_MNEMONIC_CMOVO, ZYDIS_MNEMONIC_CMOVNO, ZYDIS_MNEMONIC_CMOVB,  ZYDIS_MNEMONIC_CMOVNB,
    ZYDIS_MNEMONIC_CMOVZ, ZYDIS_MNEMONIC_CMOVNZ, ZYDIS_MNEMONIC_CMOVBE, ZYDIS_MNEMONIC_CMOVNBE,
    ZYDIS_MNEMONIC_CMOVS, ZYDIS_MNEMONIC_CMOVNS, ZYDIS_MNEMONIC_CMOVP,  ZYDIS_MNEMONIC_CMOVNP,
    ZYDIS_MNEMONIC_CMOVL, ZYDIS_MNEMONIC_CMOVNL, ZYDIS_MNEMONIC_CMOVLE, ZYDIS_MNEMONIC_CMOVNLE};
const ZydisMnemonic kSetcc[] = {
    ZYDIS_MNEMONIC_SETO, ZYDIS_MNEMONIC_SETNO, ZYDIS_MNEMONIC_SETB,  ZYDIS_MNEMONIC_SETNB,
    ZYDIS_MNEMONIC_SETZ, ZYDIS_MNEMONIC_SETNZ, ZYDIS_MNEMONIC_SETBE, ZYDIS_MNEMONIC_SETNBE,
    ZYDIS_MNEMONIC_SETS, ZYDIS_MNEMONIC_SETNS, ZYDIS_MNEMONIC_SETP,  ZYDIS_MNEMONIC_SETNP,
    ZYDIS_MNEMONIC_SETL, ZYDIS_MNEMONIC_SETNL, ZYDIS_MNEMONIC_SETLE, ZYDIS_MNEMONIC_SETNLE};

/// Two-operand ALU forms: r/m,r  r,r/m  r/m,imm (the encoder picks the
/// accumulator and sign-extended imm8 forms when they fit).
void alu2(Gen& g, ZydisMnemonic m, bool can_lock) {
    unsigned s = g.size124();
    g.begin(m);
    switch (g.rng.below(3)) {
    case 0: {
        Opnd d = g.rm(s);
        g.reg(s);
        if (can_lock) g.maybe_lock(d);
        break;
    }
    case 1:
        g.reg(s);
        g.rm(s);
        break;
    default: {
        Opnd d = g.rm(s);
        g.imm(s, g.value(s));
        if (can_lock) g.maybe_lock(d);
        break;
    }
    }
}

/// A pointer register aimed into the data area (low 16 bits only for a16),
/// occasionally anywhere so that faults get compared too.
uint32_t aim(Gen& g, int r, bool a16, uint32_t margin) {
    uint32_t a = kDataBase + margin + g.rng.below(kDataSize - 2 * margin);
    if (g.rng.chance(1, 40)) a = g.value(4);
    g.gpr(r) = a16 ? (g.gpr(r) & 0xffff0000u) | (a & 0xffff) : a;
    g.lock(r);
    return a16 ? a & 0xffff : a;
}

/// A relative branch displacement of a random width (8, 32, or 16 bits).
void branch_rel(Gen& g, bool allow8 = true) {
    unsigned w = g.rng.below(8);
    if (allow8 && w < 4) {
        g.req.branch_width = ZYDIS_BRANCH_WIDTH_8;
        g.rel(g.rng.range(-128, 127));
    } else if (w < 7) {
        g.req.branch_width = ZYDIS_BRANCH_WIDTH_32;
        g.rel(g.rng.chance(1, 2) ? g.rng.range(-0x900, 0x900) : int32_t(g.rng.u32()));
    } else {
        g.req.branch_width = ZYDIS_BRANCH_WIDTH_16; // 0x66: EIP wraps to 16 bits
        g.rel(g.rng.range(-32768, 32767));
    }
}

/// Makes a division mostly not overflow: the dividend's high half below the
/// divisor (div) or the sign extension of its low half (idiv).
void tame_dividend(Gen& g, const Opnd& divisor, unsigned s, bool sgn) {
    if (g.rng.chance(1, 4)) return;
    int h = Gen::home(divisor);
    if (h == EAX || h == EDX || g.is_locked(EAX) || (s > 1 && g.is_locked(EDX))) return;
    uint32_t d = g.get(divisor);
    int hi_reg = s == 1 ? 4 /* AH */ : EDX;
    uint32_t lo = g.get_reg(EAX, s);
    uint32_t sign = 1u << (s * 8 - 1);
    if (!sgn) {
        if (d) g.set_reg(hi_reg, s, g.rng.u32() % d);
    } else {
        g.set_reg(hi_reg, s, (lo & sign) ? 0xffffffffu : 0);
    }
}

} // namespace

void gen_data(Gen& g) {
    switch (g.rng.below(12)) {
    case 0:
    case 1:
    case 2: {
        unsigned s = g.size124();
        g.begin(ZYDIS_MNEMONIC_MOV);
        switch (g.rng.below(4)) {
        case 0: g.rm(s), g.reg(s); break;
        case 1: g.reg(s), g.rm(s); break;
        case 2: g.reg(s), g.imm(s, g.value(s)); break;
        default: g.mem(s), g.imm(s, g.value(s)); break;
        }
        break;
    }
    case 3:
    case 4: {
        g.begin(g.rng.chance(1, 2) ? ZYDIS_MNEMONIC_MOVZX : ZYDIS_MNEMONIC_MOVSX);
        unsigned d = g.size24(), src = d == 2 ? 1 : g.rng.chance(1, 2) ? 1 : 2;
        g.reg(d);
        g.rm(src);
        break;
    }
    case 5:
        g.begin(ZYDIS_MNEMONIC_LEA);
        g.reg(g.size24());
        g.mem(0, kNoFault); // an address computation: the size is irrelevant
        break;
    case 6: {
        unsigned s = g.size124();
        g.begin(ZYDIS_MNEMONIC_XCHG);
        Opnd d = g.rm(s);
        g.reg(s);
        g.maybe_lock(d);
        break;
    }
    case 7:
        g.begin(ZYDIS_MNEMONIC_BSWAP);
        g.reg(4);
        break;
    case 8: {
        g.begin(ZYDIS_MNEMONIC_XLAT);
        bool a16 = g.rng.chance(1, 4);
        if (a16) g.addr16();
        aim(g, EBX, a16, 300); // EBX + AL (0-255) stays inside
        g.maybe_segment();
        break;
    }
    case 9: {
        static const ZydisMnemonic m[] = {ZYDIS_MNEMONIC_CBW, ZYDIS_MNEMONIC_CWDE,
                                          ZYDIS_MNEMONIC_CWD, ZYDIS_MNEMONIC_CDQ};
        g.begin(pick(g, m));
        break;
    }
    default: g.begin(g.rng.chance(1, 2) ? ZYDIS_MNEMONIC_LAHF : ZYDIS_MNEMONIC_SAHF); break;
    }
}

void gen_stack(Gen& g) {
    const bool w16 = g.rng.chance(1, 4);
    switch (g.rng.below(10)) {
    case 0:
    case 1:
        g.begin(ZYDIS_MNEMONIC_PUSH);
        g.rm(w16 ? 2 : 4);
        break;
    case 2:
        g.begin(ZYDIS_MNEMONIC_PUSH);
        if (w16) g.opsize16();
        g.imm(w16 ? 2 : 4, g.value(w16 ? 2 : 4));
        break;
    case 3:
    case 4:
        g.begin(ZYDIS_MNEMONIC_POP);
        g.rm(w16 ? 2 : 4);
        break;
    case 5: g.begin(w16 ? ZYDIS_MNEMONIC_PUSHA : ZYDIS_MNEMONIC_PUSHAD); break;
    case 6: g.begin(w16 ? ZYDIS_MNEMONIC_POPA : ZYDIS_MNEMONIC_POPAD); break;
    case 7: g.begin(w16 ? ZYDIS_MNEMONIC_PUSHF : ZYDIS_MNEMONIC_PUSHFD); break;
    default: {
        g.begin(w16 ? ZYDIS_MNEMONIC_POPF : ZYDIS_MNEMONIC_POPFD);
        // Unicorn runs at CPL 0 where popf also loads IF and IOPL, and a set TF
        // would trap after the instruction; Codemorph models CPL 3. Give the
        // image the values both agree on: IF=1, IOPL=0, TF=0.
        uint8_t* p = g.host(g.gpr(ESP), 4);
        if (!p) break;
        uint32_t v;
        std::memcpy(&v, p, 4);
        v = (v & ~(x86::eflags::TF | 0x3000u)) | x86::eflags::IF;
        std::memcpy(p, &v, 4);
        break;
    }
    }
}

void gen_cmov(Gen& g) {
    if (g.rng.chance(1, 2)) {
        g.begin(pick(g, kCmov));
        unsigned s = g.size24();
        g.reg(s);
        g.rm(s);
    } else {
        g.begin(pick(g, kSetcc));
        g.rm(1);
    }
}

void gen_arith(Gen& g) {
    static const ZydisMnemonic two[] = {ZYDIS_MNEMONIC_ADD, ZYDIS_MNEMONIC_ADC, ZYDIS_MNEMONIC_SUB,
                                        ZYDIS_MNEMONIC_SBB, ZYDIS_MNEMONIC_CMP};
    static const ZydisMnemonic one[] = {ZYDIS_MNEMONIC_INC, ZYDIS_MNEMONIC_DEC, ZYDIS_MNEMONIC_NEG};
    if (g.rng.chance(5, 8)) {
        ZydisMnemonic m = pick(g, two);
        alu2(g, m, m != ZYDIS_MNEMONIC_CMP);
    } else {
        g.begin(pick(g, one));
        Opnd d = g.rm(g.size124());
        g.maybe_lock(d);
    }
}

void gen_logic(Gen& g) {
    static const ZydisMnemonic two[] = {ZYDIS_MNEMONIC_AND, ZYDIS_MNEMONIC_OR, ZYDIS_MNEMONIC_XOR};
    switch (g.rng.below(6)) {
    case 0:
    case 1:
    case 2: alu2(g, pick(g, two), true); break;
    case 3: {
        g.begin(ZYDIS_MNEMONIC_NOT);
        Opnd d = g.rm(g.size124());
        g.maybe_lock(d);
        break;
    }
    default: {
        unsigned s = g.size124();
        g.begin(ZYDIS_MNEMONIC_TEST);
        g.rm(s);
        if (g.rng.chance(1, 2))
            g.reg(s);
        else
            g.imm(s, g.value(s));
        break;
    }
    }
}

void gen_shift(Gen& g) {
    static const ZydisMnemonic sh[] = {ZYDIS_MNEMONIC_SHL, ZYDIS_MNEMONIC_SHR, ZYDIS_MNEMONIC_SAR,
                                       ZYDIS_MNEMONIC_ROL, ZYDIS_MNEMONIC_ROR, ZYDIS_MNEMONIC_RCL,
                                       ZYDIS_MNEMONIC_RCR};
    const bool dbl = g.rng.chance(1, 4);
    const unsigned form = g.rng.below(3); // by 1, by CL, by imm8
    const bool by_cl = form == 1 || (dbl && form == 0);
    if (by_cl) {
        g.set_reg(ECX, 1, g.count()); // set before the memory operand so it stays
        g.lock(ECX);
    }
    if (dbl) {
        unsigned s = g.size24();
        g.begin(g.rng.chance(1, 2) ? ZYDIS_MNEMONIC_SHLD : ZYDIS_MNEMONIC_SHRD);
        g.rm(s);
        g.reg(s);
    } else {
        g.begin(pick(g, sh));
        g.rm(g.size124());
        if (form == 0) g.uimm(1, 1);
    }
    if (by_cl)
        g.reg_at(1, ECX);
    else if (form == 2 || dbl)
        g.uimm(1, g.count());
}

void gen_muldiv(Gen& g) {
    switch (g.rng.below(6)) {
    case 0:
        g.begin(ZYDIS_MNEMONIC_MUL);
        g.rm(g.size124());
        break;
    case 1:
        g.begin(ZYDIS_MNEMONIC_IMUL);
        g.rm(g.size124());
        break;
    case 2: {
        unsigned s = g.size24();
        g.begin(ZYDIS_MNEMONIC_IMUL);
        g.reg(s);
        g.rm(s);
        break;
    }
    case 3: {
        unsigned s = g.size24();
        g.begin(ZYDIS_MNEMONIC_IMUL);
        g.reg(s);
        g.rm(s);
        g.imm(s, g.value(s));
        break;
    }
    default: {
        bool sgn = g.rng.chance(1, 2);
        unsigned s = g.size124();
        g.begin(sgn ? ZYDIS_MNEMONIC_IDIV : ZYDIS_MNEMONIC_DIV);
        Opnd d = g.rm(s);
        tame_dividend(g, d, s, sgn);
        // unicorn-idiv-host-trap: Unicorn 2.0.1's helper_idivw/idivl divide
        // INT32_MIN / -1 (or INT64_MIN / -1) on the host before checking the
        // quotient, and the host's SIGFPE kills the process. Hardware gives
        // #DE; the case cannot be run, so it is drawn again.
        const uint32_t hi = s == 2 ? g.get_reg(EDX, 2) : g.gpr(EDX), lo = g.get_reg(EAX, s);
        const uint32_t min = 1u << (s * 8 - 1), m = s == 2 ? 0xffffu : 0xffffffffu;
        if (sgn && s > 1 && g.get(d) == m && hi == min && lo == 0) g.begin(ZYDIS_MNEMONIC_INVALID);
        break;
    }
    }
}

void gen_bitops(Gen& g) {
    static const ZydisMnemonic bt[] = {ZYDIS_MNEMONIC_BT, ZYDIS_MNEMONIC_BTS, ZYDIS_MNEMONIC_BTR,
                                       ZYDIS_MNEMONIC_BTC};
    unsigned s = g.size24();
    if (g.rng.chance(3, 4)) {
        ZydisMnemonic m = pick(g, bt);
        g.begin(m);
        Opnd d;
        if (g.rng.chance(1, 2)) {
            // bt m, r: the register is a signed bit offset that moves the
            // access; keep it small so it stays in the data area.
            int r;
            do
                r = int(g.rng.below(8));
            while (r == ESP);
            g.set_reg(r, s, uint32_t(g.rng.range(-256, 255)));
            g.lock(r);
            d = g.rm(s, kWideMargin);
            g.reg_at(s, r);
        } else {
            d = g.rm(s);
            g.uimm(1, g.count());
        }
        if (m != ZYDIS_MNEMONIC_BT) g.maybe_lock(d);
    } else {
        g.begin(g.rng.chance(1, 2) ? ZYDIS_MNEMONIC_BSF : ZYDIS_MNEMONIC_BSR);
        g.reg(s);
        Opnd src = g.rm(s);
        if (g.rng.chance(1, 4) && Gen::home(src) != ESP) g.set(src, 0); // destination stays
    }
}

void gen_bcd(Gen& g) {
    static const ZydisMnemonic adj[] = {ZYDIS_MNEMONIC_AAA, ZYDIS_MNEMONIC_AAS, ZYDIS_MNEMONIC_DAA,
                                        ZYDIS_MNEMONIC_DAS};
    if (g.rng.chance(1, 2)) g.set_reg(EAX, 1, g.rng.below(10) << 4 | g.rng.below(10));
    if (g.rng.chance(2, 3)) {
        g.begin(pick(g, adj));
    } else {
        g.begin(g.rng.chance(1, 2) ? ZYDIS_MNEMONIC_AAM : ZYDIS_MNEMONIC_AAD);
        g.uimm(1, g.rng.chance(3, 4) ? 10 : g.value(1)); // aam 0 is #DE
    }
}

void gen_string(Gen& g) {
    static const ZydisMnemonic ops[5][3] = {
        {ZYDIS_MNEMONIC_MOVSB, ZYDIS_MNEMONIC_MOVSW, ZYDIS_MNEMONIC_MOVSD},
        {ZYDIS_MNEMONIC_CMPSB, ZYDIS_MNEMONIC_CMPSW, ZYDIS_MNEMONIC_CMPSD},
        {ZYDIS_MNEMONIC_STOSB, ZYDIS_MNEMONIC_STOSW, ZYDIS_MNEMONIC_STOSD},
        {ZYDIS_MNEMONIC_LODSB, ZYDIS_MNEMONIC_LODSW, ZYDIS_MNEMONIC_LODSD},
        {ZYDIS_MNEMONIC_SCASB, ZYDIS_MNEMONIC_SCASW, ZYDIS_MNEMONIC_SCASD}};
    enum { Movs, Cmps, Stos, Lods, Scas };
    const unsigned kind = g.rng.below(5), szi = g.rng.below(3), s = 1u << szi;
    const bool compares = kind == Cmps || kind == Scas;
    g.begin(ops[kind][szi]);
    const bool a16 = g.rng.chance(1, 4);
    if (a16) g.addr16();
    const unsigned rep = g.rng.below(3); // none, F3, F2 (F2 only where it means repne)
    if (rep == 1 || (rep == 2 && !compares))
        g.prefix(compares ? ZYDIS_ATTRIB_HAS_REPE : ZYDIS_ATTRIB_HAS_REP);
    else if (rep == 2)
        g.prefix(ZYDIS_ATTRIB_HAS_REPNE);
    if (kind == Movs || kind == Cmps || kind == Lods) g.maybe_segment(); // DS:ESI only
    const uint32_t src = aim(g, ESI, a16, 80);
    uint32_t dst = aim(g, EDI, a16, 80);
    if (g.rng.chance(1, 4)) { // overlapping source and destination
        dst = src + uint32_t(g.rng.range(-8, 8));
        g.gpr(EDI) = a16 ? (g.gpr(EDI) & 0xffff0000u) | (dst & 0xffff) : dst;
    }
    if (rep) {
        uint32_t n = g.rng.below(9);
        g.gpr(ECX) = a16 ? (g.gpr(ECX) & 0xffff0000u) | n : n;
        g.tc.max_steps = n + 2;
    }
    if (compares && g.rng.chance(1, 2)) {
        // Runs of equal elements so that repe/repne stop somewhere inside.
        const bool down = g.tc.init.eflags & x86::eflags::DF;
        const unsigned k = g.rng.below(10);
        const uint32_t acc = g.get_reg(EAX, s);
        for (unsigned i = 0; i < k; ++i) {
            uint32_t off = down ? 0u - i * s : i * s;
            uint8_t* d = g.host(dst + off, s);
            const uint8_t* from =
                kind == Cmps ? g.host(src + off, s) : reinterpret_cast<const uint8_t*>(&acc);
            if (d && from) std::memmove(d, from, s);
        }
    }
}

void gen_branch(Gen& g) {
    switch (g.rng.below(12)) {
    case 0:
    case 1:
    case 2:
        g.begin(pick(g, kJcc));
        branch_rel(g);
        break;
    case 3:
        g.begin(ZYDIS_MNEMONIC_JMP);
        branch_rel(g);
        break;
    case 4:
        g.begin(ZYDIS_MNEMONIC_CALL);
        branch_rel(g, false);
        break;
    case 5: {
        g.begin(g.rng.chance(1, 2) ? ZYDIS_MNEMONIC_JMP : ZYDIS_MNEMONIC_CALL);
        const unsigned s = g.rng.chance(1, 8) ? 2 : 4; // r/m16: EIP = zero-extended
        Opnd t = g.rm(s);
        if (g.rng.chance(1, 2) && Gen::home(t) != ESP &&
            !(t.kind == Opnd::Reg && g.is_locked(t.reg)))
            g.set(t, kInsnAddr + uint32_t(g.rng.range(-64, 64)));
        break;
    }
    case 6:
    case 7: {
        g.begin(ZYDIS_MNEMONIC_RET);
        if (g.rng.chance(1, 4)) g.opsize16();
        if (g.rng.chance(1, 3)) g.uimm(2, g.value(2));
        if (g.rng.chance(1, 2))
            if (uint8_t* p = g.host(g.gpr(ESP), 4)) {
                uint32_t ra = kInsnAddr + uint32_t(g.rng.range(-64, 64));
                std::memcpy(p, &ra, 4);
            }
        break;
    }
    case 8: {
        static const ZydisMnemonic m[] = {ZYDIS_MNEMONIC_LOOP, ZYDIS_MNEMONIC_LOOPE,
                                          ZYDIS_MNEMONIC_LOOPNE};
        g.begin(pick(g, m));
        if (g.rng.chance(1, 4)) g.addr16(); // counts in CX
        if (g.rng.chance(1, 2)) g.gpr(ECX) = g.rng.below(3) + (g.rng.chance(1, 4) ? 0x10000 : 0);
        g.rel(g.rng.range(-128, 127));
        break;
    }
    case 9: {
        const bool a16 = g.rng.chance(1, 4);
        g.begin(a16 ? ZYDIS_MNEMONIC_JCXZ : ZYDIS_MNEMONIC_JECXZ);
        if (g.rng.chance(1, 2)) g.gpr(ECX) = g.rng.chance(1, 2) ? 0 : 0x10000;
        g.rel(g.rng.range(-128, 127));
        break;
    }
    case 10: {
        g.begin(ZYDIS_MNEMONIC_ENTER);
        if (g.rng.chance(1, 4)) g.opsize16();
        if (g.rng.chance(3, 4)) g.gpr(EBP) = kStackMid + uint32_t(g.rng.range(-64, 256));
        g.uimm(2, g.rng.chance(1, 2) ? g.rng.below(64) : g.value(2));
        const uint32_t level = g.rng.chance(1, 2)   ? g.rng.below(3)
                               : g.rng.chance(1, 2) ? g.rng.below(32)
                                                    : g.rng.below(256);
        g.uimm(1, level); // taken mod 32
        break;
    }
    default:
        g.begin(ZYDIS_MNEMONIC_LEAVE);
        if (g.rng.chance(1, 4)) g.opsize16();
        if (g.rng.chance(3, 4)) g.gpr(EBP) = kStackMid + uint32_t(g.rng.range(-256, 256));
        break;
    }
}

void gen_atomic(Gen& g) {
    switch (g.rng.below(3)) {
    case 0: {
        unsigned s = g.size124();
        g.begin(ZYDIS_MNEMONIC_XADD);
        Opnd d = g.rm(s);
        g.reg(s);
        g.maybe_lock(d);
        break;
    }
    case 1: {
        unsigned s = g.size124();
        g.begin(ZYDIS_MNEMONIC_CMPXCHG);
        Opnd d = g.rm(s);
        g.reg(s);
        g.maybe_lock(d);
        if (g.rng.chance(1, 2) && !g.is_locked(EAX)) g.set_reg(EAX, s, g.get(d)); // equal: exchange
        break;
    }
    default: {
        g.begin(ZYDIS_MNEMONIC_CMPXCHG8B);
        Opnd m = g.mem(8);
        g.maybe_lock(m);
        if (g.rng.chance(1, 2) && !g.is_locked(EAX) && !g.is_locked(EDX))
            if (const uint8_t* p = g.host(m.addr, 8)) {
                std::memcpy(&g.gpr(EAX), p, 4);
                std::memcpy(&g.gpr(EDX), p + 4, 4);
            }
        break;
    }
    }
}

void gen_flags(Gen& g) {
    static const ZydisMnemonic m[] = {ZYDIS_MNEMONIC_CLC, ZYDIS_MNEMONIC_STC, ZYDIS_MNEMONIC_CMC,
                                      ZYDIS_MNEMONIC_CLD, ZYDIS_MNEMONIC_STD};
    g.begin(pick(g, m));
}

void gen_nop(Gen& g) {
    switch (g.rng.below(4)) {
    case 0: {
        // The recommended multi-byte nops (90, 66 90, 0f 1f /0 forms).
        uint8_t b[9];
        unsigned n = 1 + g.rng.below(9);
        ZydisEncoderNopFill(b, n);
        g.bytes(b, n);
        break;
    }
    case 1: {
        // 0f 1f /0 with a random addressing form: encode "add r/m, eAX"
        // (01 /0) and turn its opcode into 0f 1f. Memory is not accessed.
        unsigned s = g.size24();
        g.begin(ZYDIS_MNEMONIC_ADD);
        g.mem(s);
        g.reg_at(s, EAX);
        uint8_t b[16];
        ZyanUSize n = sizeof b;
        if (!ZYAN_SUCCESS(ZydisEncoderEncodeInstruction(&g.req, b, &n)) || n >= 15) {
            g.begin(ZYDIS_MNEMONIC_INVALID); // nothing usable: make_case draws again
            return;
        }
        unsigned op = 0;
        while (op < n && b[op] != 0x01)
            ++op; // skip the 66/67/segment prefixes
        uint8_t out[15] = {};
        std::memcpy(out, b, op);
        out[op] = 0x0f;
        out[op + 1] = 0x1f;
        std::memcpy(out + op + 2, b + op + 1, n - op - 1);
        g.bytes(out, unsigned(n + 1));
        break;
    }
    case 2: {
        // 0f 1f /0 on a register. (The encoder's own NOP r/m choice is the
        // 0f 18 hint space, which is SSE-era and not part of the i686.)
        uint8_t b[4] = {0x66, 0x0f, 0x1f, uint8_t(0xc0 | g.rng.below(8))};
        const bool w16 = g.rng.chance(1, 3);
        g.bytes(b + (w16 ? 0 : 1), w16 ? 4 : 3);
        break;
    }
    default: g.begin(ZYDIS_MNEMONIC_PAUSE); break;
    }
}

} // namespace cm::diff
