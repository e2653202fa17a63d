#include "vliw/sc_memory.hpp"

#include <cstring>

namespace cm::vliw {

namespace {

// The kind of access a transaction stands for (see sc_memory.hpp).
MemAccess access_of(tlm::tlm_generic_payload& t) {
    if (t.is_write()) return MemAccess::Write;
    const auto* e = t.get_extension<MemAccessExtension>();
    return e ? e->access : MemAccess::Read;
}

} // namespace

MemoryModule::MemoryModule(sc_core::sc_module_name n, const Memory::Params& p)
    : sc_module(n), socket("socket"), mem_(p) {
    socket.register_b_transport(this, &MemoryModule::b_transport);
    socket.register_transport_dbg(this, &MemoryModule::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &MemoryModule::get_direct_mem_ptr);
    granted_generation_ = mem_.map_generation();
}

void MemoryModule::revoke_all() {
    granted_generation_ = mem_.map_generation();
    socket->invalidate_direct_mem_ptr(0, ~sc_dt::uint64(0));
}

void MemoryModule::reset(const Memory::Params& p) {
    mem_.reset(p);
    revoke_all();
}

void MemoryModule::set_no_access(uint32_t addr, uint32_t len, bool no_access) {
    mem_.set_no_access(addr, len, no_access);
    revoke_all();
}

bool MemoryModule::refresh() {
    if (mem_.refresh_generation() == granted_generation_) return false;
    revoke_all();
    return true;
}

void MemoryModule::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
    const sc_dt::uint64 addr = t.get_address();
    const unsigned len = t.get_data_length();
    if (t.get_byte_enable_ptr() || t.get_streaming_width() < len) {
        t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (addr > 0xffffffffull || !mem_.accessible(static_cast<uint32_t>(addr), len, access_of(t))) {
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
    if (addr > 0xffffffffull || !mem_.accessible(static_cast<uint32_t>(addr), len, access_of(t)))
        return 0;
    if (t.is_read())
        std::memcpy(t.get_data_ptr(), mem_.data() + addr, len);
    else if (t.is_write())
        std::memcpy(mem_.data() + addr, t.get_data_ptr(), len);
    return len;
}

bool MemoryModule::get_direct_mem_ptr(tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) {
    uint64_t lo, hi;
    const sc_dt::uint64 addr = t.get_address();
    const MemAccess a = access_of(t);
    if (addr > 0xffffffffull || !mem_.accessible_range(static_cast<uint32_t>(addr), a, lo, hi))
        return false;
    dmi.set_dmi_ptr(mem_.data() + lo);
    dmi.set_start_address(lo);
    dmi.set_end_address(hi);
    if (a == MemAccess::Fetch)
        dmi.allow_read(); // for fetches only: the requester asked for a fetch grant
    else if (mem_.range_allows(lo, hi, a == MemAccess::Read ? MemAccess::Write : MemAccess::Read))
        dmi.allow_read_write();
    else if (a == MemAccess::Read)
        dmi.allow_read();
    else
        dmi.allow_write();
    dmi.set_read_latency(sc_core::SC_ZERO_TIME);
    dmi.set_write_latency(sc_core::SC_ZERO_TIME);
    return true;
}

} // namespace cm::vliw
