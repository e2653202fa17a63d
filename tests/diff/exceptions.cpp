// Every entry here is a place where the comparison looks away on purpose.
// Add one only for a documented Unicorn/QEMU deviation from real hardware on
// *defined* behaviour, or for behaviour the SDM leaves undefined in a way the
// decoder's static undefined-flags mask cannot express; name it and say why.
#include "exceptions.hpp"

#include <cstring>

#include "x86/decoder.hpp"

namespace cm::diff {

namespace {
constexpr uint32_t SF = 1u << 7, PF = 1u << 2;
} // namespace

namespace {

/// The physical registers an x87 instruction may write: ST(0), ST(1) and
/// the register a push fills, relative to the initial TOP.
uint8_t fpu_result_regs(const TestCase& tc) {
    unsigned top = (tc.init.fpu.sw >> 11) & 7;
    return uint8_t((1u << top) | (1u << ((top + 1) & 7)) | (1u << ((top + 7) & 7)));
}
uint16_t tag_bits(uint8_t regs) {
    uint16_t m = 0;
    for (int i = 0; i < 8; ++i)
        if ((regs >> i) & 1) m = uint16_t(m | (3u << (2 * i)));
    return m;
}

/// Neither zero, NaN, infinity nor denormal: the operands fxtract and fscale
/// handle like hardware in QEMU 5.
bool plain_finite(const uint8_t* r) {
    uint16_t se;
    std::memcpy(&se, r + 8, 2);
    unsigned e = se & 0x7fff;
    return e != 0 && e != 0x7fff;
}

/// The x87 rules; `l` already holds the status-word rule.
void x87_rules(const TestCase& tc, const x86::Insn& in, Leniency& l) {
    using M = x86::Mnemonic;
    const FpuState& f = tc.init.fpu;
    unsigned top = (f.sw >> 11) & 7;
    auto named = [&](const char* rule, uint8_t regs) {
        l.rule2 = rule;
        l.fpu_regs |= regs;
        l.fpu_tag_bits |= tag_bits(regs);
        l.fpu_sw_bits |= 0x4700; // C0-C3
    };
    switch (in.mnemonic) {
    // qemu-x87-transcendentals: QEMU 5 computes these (and fprem/fprem1)
    // through the host's double-precision libm, so results and quotient bits
    // differ from the processor's 64-bit-significand microcode in the low
    // bits or worse. Codemorph runs the host x87; they are compared against
    // native execution instead (tests/asm/x87_*.asm and the native fuzzer).
    case M::fsin_:
    case M::fcos_:
    case M::fsincos_:
    case M::fptan_:
    case M::fpatan_:
    case M::f2xm1_:
    case M::fyl2x_:
    case M::fyl2xp1_:
    case M::fprem_:
    case M::fprem1_:
        // (QEMU's fyl2x/fyl2xp1 do not even pop for a negative operand.)
        named("qemu-x87-transcendentals", 0xff);
        l.fpu_sw_bits = 0xffff;
        break;
    // qemu-x87-constants-rc: fldl2t, fldl2e, fldpi, fldlg2 and fldln2 round
    // their 66-bit internal constants as RC says (SDM 8.3.8); QEMU 5 always
    // loads the round-to-nearest value.
    case M::fldl2t_:
    case M::fldl2e_:
    case M::fldpi_:
    case M::fldlg2_:
    case M::fldln2_:
        if ((f.cw >> 10) & 3) named("qemu-x87-constants-rc", fpu_result_regs(tc));
        break;
    // qemu-x87-special-operands: QEMU 5's fxtract and fscale do not follow
    // the SDM's tables for zero, infinite, NaN or denormal operands (fxtract
    // of 0 must raise ZE and give -inf; NaNs must propagate quieted).
    case M::fxtract_:
        if (!plain_finite(f.r[top])) named("qemu-x87-special-operands", fpu_result_regs(tc));
        break;
    case M::fscale_:
        if (!plain_finite(f.r[top]) || !plain_finite(f.r[(top + 1) & 7]))
            named("qemu-x87-special-operands", fpu_result_regs(tc));
        // qemu-fscale-precision: precision control applies to add, sub,
        // mul, div and sqrt only (SDM 8.1.5.2); QEMU 5 rounds fscale's
        // result to it as well.
        else if (((f.cw >> 8) & 3) != 3)
            named("qemu-fscale-precision", fpu_result_regs(tc));
        break;
    // qemu-fldcw-reserved-bits: control-word bits 7 and 13-15 are reserved
    // and read as 0, bit 6 as 1, on hardware (checked natively); QEMU 5
    // keeps whatever fldcw loaded.
    case M::fldcw_:
        l.rule2 = "qemu-fldcw-reserved-bits";
        l.fpu_cw_bits = 0xe0c0;
        break;
    // qemu-fcomi-of-sf-af: fcomi and friends clear OF, SF and AF (SDM
    // FCOMI: "OF, SF, AF set to 0"); QEMU 5 leaves them as they were.
    case M::fcomi_:
    case M::fcomip_:
    case M::fucomi_:
    case M::fucomip_:
        l.rule2 = "qemu-fcomi-of-sf-af";
        l.flags |= (1u << 11) | (1u << 7) | (1u << 4);
        break;
    // qemu-fst-sti-tag: fst/fstp st(i) into an empty register makes it valid
    // on hardware (checked natively); QEMU 5 copies the value but leaves the
    // register tagged empty.
    case M::fst_:
    case M::fstp_:
        if (in.op[0].kind == x86::OperandKind::Reg) {
            unsigned p = (top + in.op[0].reg.index) & 7;
            if (((f.tw >> (2 * p)) & 3) == 3) {
                l.rule2 = "qemu-fst-sti-tag";
                l.fpu_tag_bits |= uint16_t(3u << (2 * p));
            }
        }
        break;
    default: break;
    }
}

} // namespace

Leniency exceptions_for(const TestCase& tc) {
    static const x86::Decoder decoder;
    x86::Insn in;
    if (decoder.decode(tc.code, tc.len, kInsnAddr, in) != x86::DecodeStatus::Ok) return {};

    // qemu-x87-status-flags: QEMU 5 (Unicorn 2.0) does not record the
    // exception flags of x87 operations (only ZE of fdiv and IE of a few
    // checks), stack faults (SF), or C1 as "rounded up"; ES and B follow.
    // Codemorph takes them from the host x87, bit-exact with native runs,
    // which check them (the native fuzzer and tests/asm/x87_*.asm).
    if (tc.fpu) {
        Leniency l{"qemu-x87-status-flags", 0, {}};
        l.fpu_sw_bits = 0x7f | 0x80 | 0x8000 | 0x0200; // flags, SF, ES, B, C1
        x87_rules(tc, in, l);
        return l;
    }

    // qemu-lock-neg-flags: QEMU's LOCK NEG is a cmpxchg loop that leaves the
    // *old* value in T0, and gen_op_update_neg_cc then derives SF and PF from
    // it instead of from the result (lock neg dword [m] with m=1 gives SF=0 in
    // Unicorn 2.0.1; without LOCK it gives SF=1, as hardware does). ZF, CF,
    // OF and AF come out right, so only SF and PF are skipped.
    if (in.mnemonic == x86::Mnemonic::neg_ && in.lock) return {"qemu-lock-neg-flags", SF | PF, {}};

    // qemu-enter16-ebp: ENTER with a 16-bit operand size sets only BP (SDM
    // ENTER, Operation: "BP := FrameTemp[15:0]"; Bochs agrees). QEMU's
    // gen_enter writes the frame pointer with the stack's address size, so
    // on a 32-bit stack it replaces all of EBP. Compare EBP's low half only.
    if (in.mnemonic == x86::Mnemonic::enter_ && in.operand_size == 2) {
        Leniency l{"qemu-enter16-ebp", 0, {}};
        l.gpr_bits[x86::EBP] = 0xffff0000u;
        return l;
    }

    // qemu-ret-imm16-sign: RET imm16 releases imm16 bytes, zero-extended (SDM
    // RET, Operation: "ESP := ESP + SRC"; Bochs adds the unsigned Iw). QEMU
    // fetches the immediate with x86_ldsw_code, sign-extended, so for
    // imm16 >= 0x8000 its ESP is 0x10000 lower. Compare ESP's low half only.
    if (in.mnemonic == x86::Mnemonic::ret_ && in.num_operands &&
        in.op[0].kind == x86::OperandKind::Imm && (in.op[0].imm & 0x8000)) {
        Leniency l{"qemu-ret-imm16-sign", 0, {}};
        l.gpr_bits[x86::ESP] = 0xffff0000u;
        return l;
    }
    return {};
}

} // namespace cm::diff
