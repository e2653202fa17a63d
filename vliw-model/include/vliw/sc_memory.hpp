// Memory as a TLM-2.0 target: blocking transport, debug transport and DMI.
// Every transaction is checked against the memory's access map (bounds,
// no-access regions, page permissions) for its kind of access: a read
// command is a data read unless it carries a MemAccessExtension saying
// Fetch; TLM_IGNORE_COMMAND checks the permission the extension names
// (default: read) without a transfer. Failures answer
// TLM_ADDRESS_ERROR_RESPONSE.
//
// DMI: a request for a read (write, fetch) grant covers a range around the
// address in which every page allows reads (writes, fetches), so a DMI
// pointer never lets an access bypass a permission; the grant is read-write
// only if the whole range also allows the other data access. A fetch grant
// (request carrying Fetch) is marked read-only and is valid for fetches only.
// Every grant is revoked when the access map changes: set_no_access, reset,
// and refresh() after the external permission generation moved.
#pragma once

#include "vliw/memory.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace cm::vliw {

/// Says what kind of access a TLM transaction is (see MemAccess). Attach it
/// to read commands that are instruction fetches, and to
/// TLM_IGNORE_COMMAND checks; targets that do not know it see plain reads.
struct MemAccessExtension : tlm::tlm_extension<MemAccessExtension> {
    MemAccess access = MemAccess::Read;
    tlm::tlm_extension_base* clone() const override { return new MemAccessExtension(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override {
        access = static_cast<const MemAccessExtension&>(e).access;
    }
};

class MemoryModule : public sc_core::sc_module {
  public:
    MemoryModule(sc_core::sc_module_name n, const Memory::Params& p);

    tlm_utils::simple_target_socket<MemoryModule> socket;

    /// Applies new memory Params (see Memory::reset) and revokes every DMI grant.
    void reset(const Memory::Params& p);
    /// Changes the access map and revokes every DMI grant.
    void set_no_access(uint32_t addr, uint32_t len, bool no_access);
    /// Polls the external permission generation; if the access map changed
    /// since the last call, revokes every DMI grant and returns true.
    bool refresh();
    Memory& memory() { return mem_; }

  private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    void revoke_all();

    Memory mem_;
    uint64_t granted_generation_ = 0; // map generation the live grants were made under
};

} // namespace cm::vliw
