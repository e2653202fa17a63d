#include "vliw/sc_core_module.hpp"

#include "vliw/sc_memory.hpp"

#include <cstring>
#include <utility>

namespace cm::vliw {

namespace {
// The core's accesses are 1, 2, 4 or 8 bytes long: copy those inline
// instead of calling memcpy with a run-time length.
inline void copy_small(void* dst, const void* src, unsigned len) {
    switch (len) {
    case 1: std::memcpy(dst, src, 1); break;
    case 2: std::memcpy(dst, src, 2); break;
    case 4: std::memcpy(dst, src, 4); break;
    case 8: std::memcpy(dst, src, 8); break;
    default: std::memcpy(dst, src, len); break;
    }
}
} // namespace

// MemPort over the initiator socket: DMI when granted, b_transport otherwise.
// Grants are kept per access kind (read, write, fetch), a few each, most
// recently used first: a guest's code, data and stack are usually separate
// ranges of pages with different permissions, so one grant would thrash.
class CoreModule::TlmPort final : public MemPort {
  public:
    explicit TlmPort(tlm_utils::simple_initiator_socket<CoreModule>& s) : sock_(s) {}

    bool read(uint32_t addr, void* dst, unsigned len) override {
        if (uint8_t* p = dmi(MemAccess::Read, addr, len)) {
            copy_small(dst, p, len);
            return true;
        }
        return transport(tlm::TLM_READ_COMMAND, MemAccess::Read, addr, static_cast<uint8_t*>(dst),
                         len);
    }
    bool write(uint32_t addr, const void* src, unsigned len) override {
        if (uint8_t* p = dmi(MemAccess::Write, addr, len)) {
            copy_small(p, src, len);
            return true;
        }
        return transport(tlm::TLM_WRITE_COMMAND, MemAccess::Write, addr,
                         static_cast<uint8_t*>(const_cast<void*>(src)), len);
    }
    bool fetch(uint32_t addr, void* dst, unsigned len) override {
        if (uint8_t* p = dmi(MemAccess::Fetch, addr, len)) {
            copy_small(dst, p, len);
            return true;
        }
        return transport(tlm::TLM_READ_COMMAND, MemAccess::Fetch, addr, static_cast<uint8_t*>(dst),
                         len);
    }
    bool accessible(uint32_t addr, unsigned len, MemAccess a) override {
        if (dmi(a, addr, len)) return true;
        uint8_t dummy[64];
        return len <= sizeof dummy && transport(tlm::TLM_IGNORE_COMMAND, a, addr, dummy, len);
    }
    void invalidate() {
        for (auto& kind : grants_)
            for (Grant& g : kind)
                g = Grant{};
    }

  private:
    struct Grant {
        uint64_t lo = 1, hi = 0; // empty range
        uint8_t* ptr = nullptr;  // host address of lo
    };
    static constexpr unsigned kGrants = 4;

    uint8_t* dmi(MemAccess a, uint32_t addr, unsigned len) {
        Grant* g = grants_[static_cast<unsigned>(a)];
        if (addr >= g[0].lo && uint64_t(addr) + len - 1 <= g[0].hi)
            return g[0].ptr + (addr - g[0].lo);
        return dmi_other(g, addr, len);
    }
    // Not the MRU grant: search the others and move a hit to the front.
    uint8_t* dmi_other(Grant* g, uint32_t addr, unsigned len) {
        for (unsigned i = 1; i < kGrants; ++i)
            if (addr >= g[i].lo && uint64_t(addr) + len - 1 <= g[i].hi) {
                std::swap(g[0], g[i]);
                return g[0].ptr + (addr - g[0].lo);
            }
        return nullptr;
    }
    void add_grant(MemAccess a, const tlm::tlm_dmi& d) {
        Grant* g = grants_[static_cast<unsigned>(a)];
        for (unsigned i = kGrants - 1; i > 0; --i)
            g[i] = g[i - 1];
        g[0] = {d.get_start_address(), d.get_end_address(), d.get_dmi_ptr()};
    }

    bool transport(tlm::tlm_command cmd, MemAccess a, uint32_t addr, uint8_t* data, unsigned len) {
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
        ext_.access = a;
        t.set_extension(&ext_);
        sock_->b_transport(t, delay);
        const bool ok = t.is_response_ok();
        if (ok && t.is_dmi_allowed()) {
            // Ask for a grant of the kind this access needed.
            t.set_command(a == MemAccess::Write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
            tlm::tlm_dmi dmi;
            if (sock_->get_direct_mem_ptr(t, dmi)) {
                if (a == MemAccess::Fetch) {
                    if (dmi.is_read_allowed()) add_grant(MemAccess::Fetch, dmi);
                } else {
                    if (dmi.is_read_allowed()) add_grant(MemAccess::Read, dmi);
                    if (dmi.is_write_allowed()) add_grant(MemAccess::Write, dmi);
                }
            }
        }
        t.clear_extension(&ext_); // ours, not the payload's to delete
        return ok;
    }

    tlm_utils::simple_initiator_socket<CoreModule>& sock_;
    Grant grants_[3][kGrants];
    MemAccessExtension ext_;
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
