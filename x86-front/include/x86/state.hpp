// Architectural state of the IA-32 guest: what a context switch would save.
#pragma once
#include <cstdint>

namespace cm::x86 {

enum Gpr : uint8_t { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
enum Seg : uint8_t { ES, CS, SS, DS, FS, GS, kNumSegs };

/// The arithmetic and control flags kept unpacked (one byte each, 0 or 1),
/// so that the IR reads and writes each flag as its own value.
enum class Flag : uint8_t { CF, PF, AF, ZF, SF, DF, OF, Count };

/// EFLAGS bit positions.
namespace eflags {
constexpr uint32_t CF = 1u << 0, PF = 1u << 2, AF = 1u << 4, ZF = 1u << 6, SF = 1u << 7,
                   TF = 1u << 8, IF = 1u << 9, DF = 1u << 10, OF = 1u << 11, NT = 1u << 14,
                   RF = 1u << 16, VM = 1u << 17, AC = 1u << 18, VIF = 1u << 19, VIP = 1u << 20,
                   ID = 1u << 21;
constexpr uint32_t kArith = CF | PF | AF | ZF | SF | OF;
constexpr uint32_t kFixedOne = 1u << 1;
/// Bits a user-mode popf may change (IOPL 0, so IF and IOPL stay).
constexpr uint32_t kUserWritable = kArith | TF | DF | NT | AC | ID;
} // namespace eflags

/// EFLAGS bit position of each Flag.
constexpr uint32_t flag_bit(Flag f) {
    constexpr uint8_t pos[] = {0, 2, 4, 6, 7, 10, 11};
    return 1u << pos[static_cast<int>(f)];
}

/// The x87 FPU: eight 80-bit physical registers R0..R7 (held as the host's
/// long double, which is the same 80-bit extended format on x86-64), the
/// control, status and tag words, and the last-instruction pointers.
struct X87State {
    long double r[8] = {}; ///< physical registers; ST(i) is r[(top + i) & 7]
    uint16_t cw = 0x037f;  ///< control word (after finit)
    uint16_t sw = 0;       ///< status word; TOP is bits 11-13
    uint16_t tw = 0xffff;  ///< full tag word, 2 bits per physical register (11 = empty)
    uint16_t fop = 0;      ///< last opcode (11 bits)
    uint32_t fip = 0, fdp = 0; ///< last instruction and data pointers
    uint16_t fcs = 0, fds = 0; ///< their selectors

    unsigned top() const { return (sw >> 11) & 7; }
    /// Bit p set: physical register p is tagged empty (11).
    uint8_t empty_mask() const {
        uint8_t m = 0;
        for (unsigned p = 0; p < 8; ++p)
            if (((tw >> (2 * p)) & 3) == 3) m = uint8_t(m | 1u << p);
        return m;
    }
};

struct CpuState {
    uint32_t gpr[8] = {};
    uint32_t eip = 0;
    uint8_t flag[8] = {}; ///< indexed by Flag; each 0 or 1
    /// EFLAGS bits that are not unpacked into `flag` (IF, TF, AC, ID, ...).
    uint32_t eflags_other = eflags::kFixedOne | eflags::IF;
    uint16_t seg[kNumSegs] = {};
    uint32_t seg_base[kNumSegs] = {};
    uint32_t seg_limit[kNumSegs] = {0xffffffff, 0xffffffff, 0xffffffff,
                                    0xffffffff, 0xffffffff, 0xffffffff};
    X87State fpu;

    uint32_t get_eflags() const {
        uint32_t v = eflags_other;
        for (int i = 0; i < static_cast<int>(Flag::Count); ++i)
            if (flag[i]) v |= flag_bit(static_cast<Flag>(i));
        return v;
    }
    /// Writes the bits of `mask` from `value`; bit 1 stays set.
    void set_eflags(uint32_t value, uint32_t mask) {
        for (int i = 0; i < static_cast<int>(Flag::Count); ++i) {
            uint32_t b = flag_bit(static_cast<Flag>(i));
            if (mask & b) flag[i] = (value & b) ? 1 : 0;
        }
        uint32_t other_mask = mask & ~eflags::kArith & ~eflags::DF & ~eflags::kFixedOne;
        eflags_other = (eflags_other & ~other_mask) | (value & other_mask) | eflags::kFixedOne;
    }
};

/// Guest exceptions, named by their IA-32 vector.
enum class Fault : uint8_t {
    None = 0xff,
    DivideError = 0,     ///< #DE
    Debug = 1,           ///< #DB (int1)
    Breakpoint = 3,      ///< #BP (int3), a trap: EIP after the instruction
    Overflow = 4,        ///< #OF (into), a trap
    BoundRange = 5,      ///< #BR
    InvalidOpcode = 6,   ///< #UD
    GeneralProtection = 13, ///< #GP
    PageFault = 14,      ///< #PF
    FpError = 16,        ///< #MF
};

const char* fault_name(Fault f);

/// Everything known about a guest exception when it is raised.
struct FaultInfo {
    Fault kind = Fault::None;
    uint32_t eip = 0;      ///< address of the faulting instruction
    uint32_t next_eip = 0; ///< address after it (where traps resume)
    uint32_t addr = 0;     ///< faulting linear address (#PF) or 0
    bool write = false;    ///< #PF: the access was a write
    bool not_present = true; ///< #PF: page not mapped (else protection)
    uint32_t error_code = 0; ///< #GP/#PF error code as the CPU pushes it
    uint8_t int_no = 0;    ///< int n: the vector used
};

} // namespace cm::x86
