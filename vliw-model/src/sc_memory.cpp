#include "vliw/sc_memory.hpp"

#include <cstring>

namespace cm::vliw {

MemoryModule::MemoryModule(sc_core::sc_module_name n, const Memory::Params& p)
    : sc_module(n), socket("socket"), mem_(p) {
    socket.register_b_transport(this, &MemoryModule::b_transport);
    socket.register_transport_dbg(this, &MemoryModule::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &MemoryModule::get_direct_mem_ptr);
}

void MemoryModule::reset(const Memory::Params& p) {
    mem_.reset(p);
    socket->invalidate_direct_mem_ptr(0, ~sc_dt::uint64(0));
}

void MemoryModule::set_no_access(uint32_t addr, uint32_t len, bool no_access) {
    mem_.set_no_access(addr, len, no_access);
    socket->invalidate_direct_mem_ptr(0, ~sc_dt::uint64(0));
}

void MemoryModule::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
    const sc_dt::uint64 addr = t.get_address();
    const unsigned len = t.get_data_length();
    if (t.get_byte_enable_ptr() || t.get_streaming_width() < len) {
        t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (addr > 0xffffffffull || !mem_.accessible(static_cast<uint32_t>(addr), len)) {
        t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    // Timing is modelled by the core's caches; memory adds no delay here.
    if (t.is_read())
        std::memcpy(t.get_data_ptr(), mem_.data() + addr, len);
    else if (t.is_write())
        std::memcpy(mem_.data() + addr, t.get_data_ptr(), len);
    t.set_dmi_allowed(true);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned MemoryModule::transport_dbg(tlm::tlm_generic_payload& t) {
    const sc_dt::uint64 addr = t.get_address();
    const unsigned len = t.get_data_length();
    if (addr > 0xffffffffull || !mem_.accessible(static_cast<uint32_t>(addr), len)) return 0;
    if (t.is_read())
        std::memcpy(t.get_data_ptr(), mem_.data() + addr, len);
    else if (t.is_write())
        std::memcpy(mem_.data() + addr, t.get_data_ptr(), len);
    return len;
}

bool MemoryModule::get_direct_mem_ptr(tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) {
    uint64_t lo, hi;
    const sc_dt::uint64 addr = t.get_address();
    if (addr > 0xffffffffull || !mem_.accessible_range(static_cast<uint32_t>(addr), lo, hi))
        return false;
    dmi.set_dmi_ptr(mem_.data() + lo);
    dmi.set_start_address(lo);
    dmi.set_end_address(hi);
    dmi.allow_read_write();
    dmi.set_read_latency(sc_core::SC_ZERO_TIME);
    dmi.set_write_latency(sc_core::SC_ZERO_TIME);
    return true;
}

} // namespace cm::vliw
