// The Zydis wrapper: the one translation unit that turns Zydis's decoded
// instructions into Codemorph's Insn.
#include "x86/decoder.hpp"
#include "x86/state.hpp"

#include <Zydis/Zydis.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace cm::x86 {

namespace {

const char* const kMnemonicNames[] = {
    "(invalid)",
#define MN(name) #name,
#include "x86/mnemonics.def"
#undef MN
    "(unsupported)",
};
static_assert(std::size(kMnemonicNames) == static_cast<size_t>(Mnemonic::Count));

/// Zydis mnemonic -> ours, built once by name.
struct MnemonicMap {
    std::array<Mnemonic, ZYDIS_MNEMONIC_MAX_VALUE + 1> to_ours{};
    MnemonicMap() {
        to_ours.fill(Mnemonic::Unsupported);
        for (int z = 0; z <= ZYDIS_MNEMONIC_MAX_VALUE; ++z) {
            const char* zname = ZydisMnemonicGetString(static_cast<ZydisMnemonic>(z));
            if (!zname) continue;
            for (size_t m = 1; m + 1 < std::size(kMnemonicNames); ++m)
                if (std::string_view(zname) == kMnemonicNames[m]) {
                    to_ours[z] = static_cast<Mnemonic>(m);
                    break;
                }
        }
    }
};

const MnemonicMap& mnemonic_map() {
    static const MnemonicMap map;
    return map;
}

RegRef convert_reg(ZydisRegister r) {
    RegRef out;
    if (r >= ZYDIS_REGISTER_EAX && r <= ZYDIS_REGISTER_EDI) {
        out.cls = RegClass::Gpr;
        out.index = static_cast<uint8_t>(r - ZYDIS_REGISTER_EAX);
    } else if (r >= ZYDIS_REGISTER_AX && r <= ZYDIS_REGISTER_DI) {
        out.cls = RegClass::Gpr;
        out.index = static_cast<uint8_t>(r - ZYDIS_REGISTER_AX);
    } else if (r >= ZYDIS_REGISTER_AL && r <= ZYDIS_REGISTER_BH) {
        // Zydis orders AL CL DL BL AH CH DH BH, as the encoding does.
        out.cls = RegClass::Gpr;
        out.index = static_cast<uint8_t>(r - ZYDIS_REGISTER_AL);
    } else if (r >= ZYDIS_REGISTER_ES && r <= ZYDIS_REGISTER_GS) {
        out.cls = RegClass::Seg;
        out.index = static_cast<uint8_t>(r - ZYDIS_REGISTER_ES);
    } else if (r >= ZYDIS_REGISTER_ST0 && r <= ZYDIS_REGISTER_ST7) {
        out.cls = RegClass::X87;
        out.index = static_cast<uint8_t>(r - ZYDIS_REGISTER_ST0);
    } else if (r != ZYDIS_REGISTER_NONE) {
        out.cls = RegClass::Other;
        out.index = 0;
    }
    return out;
}

int8_t gpr_index(ZydisRegister r) {
    RegRef ref = convert_reg(r);
    return ref.cls == RegClass::Gpr ? static_cast<int8_t>(ref.index) : -1;
}

bool isa_supported(const ZydisDecodedInstruction& z) {
    // fisttp is SSE3, so not on an i686: the lifter raises #UD for it as an
    // instruction the modelled processor lacks (not one Codemorph lacks).
    if (z.mnemonic == ZYDIS_MNEMONIC_FISTTP) return true;
    switch (z.meta.isa_ext) {
    case ZYDIS_ISA_EXT_BASE:
    case ZYDIS_ISA_EXT_X87:
    case ZYDIS_ISA_EXT_PAUSE: return true;
    default: return false;
    }
}

} // namespace

const char* mnemonic_name(Mnemonic m) {
    auto i = static_cast<size_t>(m);
    return i < std::size(kMnemonicNames) ? kMnemonicNames[i] : "(?)";
}

struct Decoder::Impl {
    ZydisDecoder decoder;
    ZydisFormatter formatter;
};

Decoder::Decoder() : impl_(std::make_unique<Impl>()) {
    ZydisDecoderInit(&impl_->decoder, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32);
    ZydisFormatterInit(&impl_->formatter, ZYDIS_FORMATTER_STYLE_INTEL);
    (void)mnemonic_map();
}

Decoder::~Decoder() = default;

DecodeStatus Decoder::decode(const uint8_t* bytes, size_t avail, uint32_t addr, Insn& out) const {
    ZydisDecodedInstruction z;
    ZydisDecodedOperand zops[ZYDIS_MAX_OPERAND_COUNT];
    size_t len = avail < 15 ? avail : 15;
    ZyanStatus st = ZydisDecoderDecodeFull(&impl_->decoder, bytes, len, &z, zops);
    out = Insn{};
    out.addr = addr;
    if (st == ZYDIS_STATUS_NO_MORE_DATA) {
        // A 15-byte window can only run out if the readable bytes do.
        return len < 15 ? DecodeStatus::NoMoreData : DecodeStatus::TooLong;
    }
    if (st == ZYDIS_STATUS_INSTRUCTION_TOO_LONG) return DecodeStatus::TooLong;
    if (!ZYAN_SUCCESS(st)) return DecodeStatus::Invalid;

    out.length = z.length;
    std::memcpy(out.bytes, bytes, z.length);
    out.mnemonic = isa_supported(z) ? mnemonic_map().to_ours[z.mnemonic] : Mnemonic::Unsupported;
    // 0F 1E is reserved-NOP space: CET's endbr32, rdsspd, incsspd... execute
    // as NOPs on an i686 (and on any CPU with CET off), and glibc's startup
    // code and longjmp contain them.
    if (z.meta.isa_ext == ZYDIS_ISA_EXT_CET && z.opcode_map == ZYDIS_OPCODE_MAP_0F && z.opcode == 0x1e)
        out.mnemonic = Mnemonic::nop_;
    // Without BMI1/ABM (our CPUID has neither) the F3 prefix of tzcnt/lzcnt is
    // ignored and they execute as bsf/bsr; glibc's string functions use them.
    if (z.mnemonic == ZYDIS_MNEMONIC_TZCNT) out.mnemonic = Mnemonic::bsf_;
    if (z.mnemonic == ZYDIS_MNEMONIC_LZCNT) out.mnemonic = Mnemonic::bsr_;
    out.operand_size = static_cast<uint8_t>(z.operand_width / 8);
    out.address_size = static_cast<uint8_t>(z.address_width / 8);
    out.opcode = z.opcode;
    out.opcode_map = static_cast<uint8_t>(z.opcode_map);
    out.lock = z.attributes & ZYDIS_ATTRIB_HAS_LOCK;
    out.rep = z.attributes & (ZYDIS_ATTRIB_HAS_REP | ZYDIS_ATTRIB_HAS_REPE);
    out.repne = z.attributes & ZYDIS_ATTRIB_HAS_REPNE;
    out.relative = z.attributes & ZYDIS_ATTRIB_IS_RELATIVE;
    if (z.cpu_flags) {
        out.flags_tested = z.cpu_flags->tested;
        out.flags_modified = z.cpu_flags->modified;
        out.flags_set0 = z.cpu_flags->set_0;
        out.flags_set1 = z.cpu_flags->set_1;
        out.flags_undefined = z.cpu_flags->undefined;
    }
    if (z.fpu_flags) {
        auto cc = [](uint32_t zbits) {
            uint16_t v = 0;
            if (zbits & ZYDIS_FPUFLAG_C0) v |= 1u << 8;
            if (zbits & ZYDIS_FPUFLAG_C1) v |= 1u << 9;
            if (zbits & ZYDIS_FPUFLAG_C2) v |= 1u << 10;
            if (zbits & ZYDIS_FPUFLAG_C3) v |= 1u << 14;
            return v;
        };
        out.fpu_cc_modified = cc(z.fpu_flags->modified | z.fpu_flags->set_0 | z.fpu_flags->set_1);
        out.fpu_cc_undefined = cc(z.fpu_flags->undefined);
    }

    unsigned n = z.operand_count < 5 ? z.operand_count : 5;
    out.num_operands = static_cast<uint8_t>(n);
    for (unsigned i = 0; i < n; ++i) {
        const ZydisDecodedOperand& zo = zops[i];
        Operand& o = out.op[i];
        o.size = static_cast<uint8_t>(zo.size / 8);
        o.read = zo.actions & ZYDIS_OPERAND_ACTION_MASK_READ;
        o.write = zo.actions & ZYDIS_OPERAND_ACTION_MASK_WRITE;
        o.hidden = zo.visibility != ZYDIS_OPERAND_VISIBILITY_EXPLICIT;
        switch (zo.type) {
        case ZYDIS_OPERAND_TYPE_REGISTER:
            o.kind = OperandKind::Reg;
            o.reg = convert_reg(zo.reg.value);
            break;
        case ZYDIS_OPERAND_TYPE_MEMORY:
            o.kind = OperandKind::Mem;
            o.seg = zo.mem.segment >= ZYDIS_REGISTER_ES && zo.mem.segment <= ZYDIS_REGISTER_GS
                        ? static_cast<uint8_t>(zo.mem.segment - ZYDIS_REGISTER_ES)
                        : static_cast<uint8_t>(DS);
            o.base = gpr_index(zo.mem.base);
            o.index = gpr_index(zo.mem.index);
            o.scale = zo.mem.scale ? zo.mem.scale : 1;
            o.addr_size = out.address_size;
            o.disp = static_cast<int32_t>(zo.mem.disp.value);
            // LEA's memory operand is an address computation, not an access.
            if (zo.mem.type == ZYDIS_MEMOP_TYPE_AGEN) o.read = o.write = false;
            break;
        case ZYDIS_OPERAND_TYPE_IMMEDIATE:
            o.kind = OperandKind::Imm;
            if (zo.imm.is_relative) {
                uint64_t target = 0;
                ZydisCalcAbsoluteAddress(&z, &zo, addr, &target);
                o.imm = static_cast<uint32_t>(target);
            } else {
                o.imm = static_cast<uint32_t>(zo.imm.value.u);
            }
            break;
        case ZYDIS_OPERAND_TYPE_POINTER:
            o.kind = OperandKind::FarPtr;
            o.imm = zo.ptr.offset;
            o.far_seg = zo.ptr.segment;
            break;
        default: o.kind = OperandKind::None; break;
        }
    }
    return DecodeStatus::Ok;
}

std::string Decoder::disassemble(const uint8_t* bytes, size_t avail, uint32_t addr) const {
    ZydisDecodedInstruction z;
    ZydisDecodedOperand zops[ZYDIS_MAX_OPERAND_COUNT];
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&impl_->decoder, bytes, avail < 15 ? avail : 15, &z, zops)))
        return "(bad)";
    char buf[160];
    if (!ZYAN_SUCCESS(ZydisFormatterFormatInstruction(&impl_->formatter, &z, zops, z.operand_count_visible,
                                                      buf, sizeof buf, addr, nullptr)))
        return "(bad)";
    return buf;
}

std::string hex_bytes(const uint8_t* bytes, size_t n) {
    std::string s;
    char b[4];
    for (size_t i = 0; i < n; ++i) {
        std::snprintf(b, sizeof b, i ? " %02x" : "%02x", bytes[i]);
        s += b;
    }
    return s;
}

} // namespace cm::x86
