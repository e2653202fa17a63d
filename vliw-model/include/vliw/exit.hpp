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
    MemoryFault,         ///< access outside memory, to a no-access region or without the page
                         ///< permission (also fetch): see fault_addr, access
    DivideError,         ///< divide by zero or quotient overflow
    StoreBufferOverflow, ///< more uncommitted stores than store-buffer entries
    UndefinedAtom,       ///< undecodable molecule, undefined opcode or operand
    IllegalMolecule,     ///< molecule wider than the machine or over a unit's slots
    FpCheck,             ///< fchk: fsr holds a flag of its mask (code = the flags)
};
std::string_view exit_reason_name(ExitReason r);

/// Kind of memory access: selects the permission an access needs (see
/// Memory::Params) and says which access a MemoryFault came from.
enum class MemAccess : uint8_t {
    Read,  ///< data load
    Write, ///< data store (checked when the store enters the store buffer)
    Fetch, ///< instruction (molecule) fetch by the core
};
std::string_view mem_access_name(MemAccess a);

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
    /// Alias fault: the store's address. Memory fault: the first byte of the
    /// access that is outside memory or lacks the permission (as IA-32's CR2;
    /// the access's own address when its first page faults, the next page's
    /// first byte when only the second page of a straddling access does).
    uint32_t fault_addr = 0;
    MemAccess access = MemAccess::Read; ///< MemoryFault: the access that faulted
    uint64_t cycles = 0;                ///< machine cycles consumed by this run
    uint64_t molecules = 0;             ///< molecules issued by this run (incl. a faulting one)

    bool is_fault() const {
        return reason != ExitReason::Exit && reason != ExitReason::CycleLimit &&
               reason != ExitReason::None;
    }
};

/// One line, e.g. "exit code=7 pc=0x1040 cycles=12".
std::string to_string(const ExitRecord& r);

} // namespace cm::vliw
