// Why the core stopped running and handed control back to the CMS.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cm::vliw {

enum class ExitReason : uint8_t {
    None,                ///< (internal) still running
    Exit,                ///< an `exit` atom: code = its 16-bit reason code
    CycleLimit,          ///< max_cycles reached; pc = next molecule to run
    AliasFault,          ///< stam overlapped a protected range: code = alias register
    MemoryFault,         ///< access outside memory or to a no-access region (also fetch)
    DivideError,         ///< divide by zero or quotient overflow
    StoreBufferOverflow, ///< more uncommitted stores than store-buffer entries
    UndefinedAtom,       ///< undecodable molecule, undefined opcode or operand
    IllegalMolecule,     ///< molecule wider than the machine or over a unit's slots
};
std::string_view exit_reason_name(ExitReason r);

/// Result of Machine::run. After a fault the machine holds the faulting
/// molecule's pre-state (molecules are atomic): nothing of that molecule is
/// visible, earlier uncommitted work is still in the working registers and the
/// store buffer, and Machine::rollback() returns to the last commit.
struct ExitRecord {
    ExitReason reason = ExitReason::None;
    uint16_t code = 0;    ///< exit code (Exit) or alias register (AliasFault)
    uint8_t slot = 0;     ///< atom slot of the faulting atom
    uint32_t pc = 0;      ///< address of the exiting / faulting molecule
    uint32_t next_pc = 0; ///< Exit: where execution would continue (fall-through or branch target)
    uint32_t fault_addr = 0; ///< data address of a memory/alias fault (fetch: the pc)
    uint64_t cycles = 0;     ///< machine cycles consumed by this run
    uint64_t molecules = 0;  ///< molecules issued by this run (incl. a faulting one)

    bool is_fault() const {
        return reason != ExitReason::Exit && reason != ExitReason::CycleLimit &&
               reason != ExitReason::None;
    }
};

/// One line, e.g. "exit code=7 pc=0x1040 cycles=12".
std::string to_string(const ExitRecord& r);

} // namespace cm::vliw
