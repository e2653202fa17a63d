// Memory as a TLM-2.0 target: blocking transport, debug transport and DMI
// (the DMI region is the largest accessible range around the address, so
// no-access regions are never covered by a DMI pointer). Accesses outside
// memory or to a no-access region answer TLM_ADDRESS_ERROR_RESPONSE;
// TLM_IGNORE_COMMAND checks accessibility without a transfer.
#pragma once

#include "vliw/memory.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace cm::vliw {

class MemoryModule : public sc_core::sc_module {
  public:
    MemoryModule(sc_core::sc_module_name n, const Memory::Params& p);

    tlm_utils::simple_target_socket<MemoryModule> socket;

    /// Reallocates memory and revokes every DMI grant.
    void reset(const Memory::Params& p);
    /// Changes the access map and revokes every DMI grant.
    void set_no_access(uint32_t addr, uint32_t len, bool no_access);
    Memory& memory() { return mem_; }

  private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

    Memory mem_;
};

} // namespace cm::vliw
