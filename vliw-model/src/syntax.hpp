// Private: the assembler syntax of each operand format (slot order).
#pragma once

#include "vliw/isa.hpp"

#include <array>
#include <cstdint>

namespace cm::vliw::detail {

/// One operand position of the text form.
enum class Slot : uint8_t {
    RD,
    RS,
    RT,
    RU,
    MEM,
    IMM,
    POS,
    LEN,
    CC,
    CMPCC,
    AREG,
    MASK,
    TARGET,
    CODE,
    FK
};

struct FormatSyntax {
    uint8_t count;
    std::array<Slot, 4> slots;
};

constexpr FormatSyntax format_syntax(Format f) {
    using S = Slot;
    switch (f) {
    case Format::NONE: return {0, {}};
    case Format::R3SF:
    case Format::R3: return {3, {S::RD, S::RS, S::RT}};
    case Format::R2SF:
    case Format::R2S:
    case Format::R2:
    case Format::JALR: return {2, {S::RD, S::RS}};
    case Format::C2S:
    case Format::FCMP: return {2, {S::RS, S::RT}};
    case Format::R4: return {4, {S::RD, S::RS, S::RT, S::RU}};
    case Format::R1D: return {1, {S::RD}};
    case Format::R1S:
    case Format::JR: return {1, {S::RS}};
    case Format::BF: return {4, {S::RD, S::RS, S::POS, S::LEN}};
    case Format::RI18:
    case Format::RLI: return {2, {S::RD, S::IMM}};
    case Format::RI12: return {3, {S::RD, S::RS, S::IMM}};
    case Format::CC: return {2, {S::RD, S::CC}};
    case Format::R3CC: return {4, {S::RD, S::RS, S::RT, S::CC}};
    case Format::SCMP: return {4, {S::RD, S::RS, S::RT, S::CMPCC}};
    case Format::MEMLD: return {2, {S::RD, S::MEM}};
    case Format::MEMST: return {2, {S::MEM, S::RT}};
    case Format::LDP: return {3, {S::RD, S::MEM, S::AREG}};
    case Format::STAM:
    case Format::STAMX: return {3, {S::MEM, S::RT, S::MASK}};
    case Format::BR24: return {1, {S::TARGET}};
    case Format::BCC: return {2, {S::CC, S::TARGET}};
    case Format::BRZ: return {2, {S::RS, S::TARGET}};
    case Format::JAL: return {2, {S::RD, S::TARGET}};
    case Format::EXIT: return {1, {S::CODE}};
    case Format::FCONST: return {2, {S::RD, S::FK}};
    }
    return {0, {}};
}

/// True if the slot names a register operand described by the row's kinds string.
constexpr bool is_reg_slot(Slot s) {
    return s == Slot::RD || s == Slot::RS || s == Slot::RT || s == Slot::RU;
}

inline constexpr const char* kFconstNames[] = {"zero", "one", "pi", "l2t", "l2e", "lg2", "ln2"};
inline constexpr unsigned kNumFconst = 7;

} // namespace cm::vliw::detail
