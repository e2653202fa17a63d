#include "vliw/sc_core_module.hpp"

#include <cstring>

namespace cm::vliw {

// MemPort over the initiator socket: DMI when granted, b_transport otherwise.
class CoreModule::TlmPort final : public MemPort {
  public:
    explicit TlmPort(tlm_utils::simple_initiator_socket<CoreModule>& s) : sock_(s) {}

    bool read(uint32_t addr, void* dst, unsigned len) override {
        if (in_dmi(addr, len)) {
            std::memcpy(dst, dmi_ptr_ + (addr - dmi_lo_), len);
            return true;
        }
        return transport(tlm::TLM_READ_COMMAND, addr, static_cast<uint8_t*>(dst), len);
    }
    bool write(uint32_t addr, const void* src, unsigned len) override {
        if (in_dmi(addr, len)) {
            std::memcpy(dmi_ptr_ + (addr - dmi_lo_), src, len);
            return true;
        }
        return transport(tlm::TLM_WRITE_COMMAND, addr,
                         static_cast<uint8_t*>(const_cast<void*>(src)), len);
    }
    bool accessible(uint32_t addr, unsigned len) override {
        if (in_dmi(addr, len)) return true;
        uint8_t dummy[16];
        return transport(tlm::TLM_IGNORE_COMMAND, addr, dummy, len);
    }
    void invalidate() {
        dmi_ptr_ = nullptr;
        dmi_lo_ = 1;
        dmi_hi_ = 0;
    }

  private:
    bool in_dmi(uint32_t addr, unsigned len) const {
        return addr >= dmi_lo_ && uint64_t(addr) + len - 1 <= dmi_hi_;
    }

    bool transport(tlm::tlm_command cmd, uint32_t addr, uint8_t* data, unsigned len) {
        tlm::tlm_generic_payload t;
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(data);
        t.set_data_length(len);
        t.set_streaming_width(len);
        t.set_byte_enable_ptr(nullptr);
        t.set_dmi_allowed(false);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sock_->b_transport(t, delay);
        if (!t.is_response_ok()) return false;
        if (t.is_dmi_allowed()) {
            tlm::tlm_dmi dmi;
            if (sock_->get_direct_mem_ptr(t, dmi) && dmi.is_read_write_allowed()) {
                dmi_ptr_ = dmi.get_dmi_ptr();
                dmi_lo_ = dmi.get_start_address();
                dmi_hi_ = dmi.get_end_address();
            }
        }
        return true;
    }

    tlm_utils::simple_initiator_socket<CoreModule>& sock_;
    uint8_t* dmi_ptr_ = nullptr;
    uint64_t dmi_lo_ = 1, dmi_hi_ = 0; // empty range
};

CoreModule::CoreModule(sc_core::sc_module_name n, const Core::Params& p, const Blocks& b)
    : sc_module(n), socket("socket") {
    port_ = std::make_unique<TlmPort>(socket);
    core_ =
        std::make_unique<Core>(p, Core::Blocks{b.rf, b.sb, b.alias, b.l1i, b.l1d, b.l2, *port_});
    core_->set_sync_hook(this);
    socket.register_invalidate_direct_mem_ptr(this, &CoreModule::invalidate_dmi);
    SC_HAS_PROCESS(CoreModule);
    SC_THREAD(thread);
}

CoreModule::~CoreModule() = default;

void CoreModule::reset(const Core::Params& p, sc_core::sc_time period) {
    core_->reset(p);
    port_->invalidate();
    period_ = period;
    tlm::tlm_global_quantum::instance().set(period * static_cast<double>(p.quantum_cycles));
    qk_.reset();
    synced_cycle_ = 0;
}

void CoreModule::invalidate_dmi(sc_dt::uint64, sc_dt::uint64) {
    port_->invalidate();
}

void CoreModule::post(uint32_t pc, uint64_t max_cycles) {
    job_pc_ = pc;
    job_max_ = max_cycles;
    pending_ = true;
    // Before the first sc_start the thread has not run yet and will see
    // pending_ when it starts; afterwards it waits on job_.
    if (sc_core::sc_get_status() != sc_core::SC_ELABORATION &&
        sc_core::sc_get_status() != sc_core::SC_BEFORE_END_OF_ELABORATION)
        job_.notify(sc_core::SC_ZERO_TIME);
}

void CoreModule::sync(uint64_t cycle) {
    qk_.inc(period_ * static_cast<double>(cycle - synced_cycle_));
    synced_cycle_ = cycle;
    if (qk_.need_sync()) qk_.sync();
}

void CoreModule::thread() {
    for (;;) {
        while (!pending_)
            sc_core::wait(job_);
        pending_ = false;
        busy_ = true;
        result_ = core_->run(job_pc_, job_max_);
        // Bring SystemC time up to the core's cycle count before going idle.
        sync(core_->cycle());
        qk_.sync();
        busy_ = false;
        // Hand control back to Machine::run even if other processes in the
        // kernel still have events scheduled.
        sc_core::sc_pause();
    }
}

} // namespace cm::vliw
