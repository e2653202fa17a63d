// The core as a SystemC module: an SC_THREAD runs the plain Core for whole
// runs (many molecules per activation), synchronising with SystemC time
// every quantum (tlm_utils::tlm_quantumkeeper, temporal decoupling). Cycle
// counts stay exact: the core counts cycles itself; SystemC time is
// cycles x clock period. Memory traffic goes out through a TLM-2.0
// initiator socket with a DMI fast path.
#pragma once

#include "vliw/core.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace cm::vliw {

class CoreModule : public sc_core::sc_module, private Core::SyncHook {
  public:
    /// Blocks other than memory (memory is reached through `socket`).
    struct Blocks {
        RegFile& rf;
        StoreBuffer& sb;
        AliasUnit& alias;
        Cache& l1i;
        Cache& l1d;
        Cache& l2;
    };

    CoreModule(sc_core::sc_module_name n, const Core::Params& p, const Blocks& b);
    ~CoreModule() override;

    tlm_utils::simple_initiator_socket<CoreModule> socket;

    /// New parameters and clock period; clears timing state and DMI.
    void reset(const Core::Params& p, sc_core::sc_time period);
    Core& core() { return *core_; }

    /// Queues a run for the thread; the caller then runs the kernel
    /// (sc_start) until the thread is idle again, and reads result().
    void post(uint32_t pc, uint64_t max_cycles);
    bool idle() const { return !pending_ && !busy_; }
    const ExitRecord& result() const { return result_; }

  private:
    class TlmPort;
    void thread();
    void sync(uint64_t cycle) override;
    void invalidate_dmi(sc_dt::uint64 lo, sc_dt::uint64 hi);

    std::unique_ptr<TlmPort> port_;
    std::unique_ptr<Core> core_;
    tlm_utils::tlm_quantumkeeper qk_;
    sc_core::sc_time period_;
    uint64_t synced_cycle_ = 0;
    sc_core::sc_event job_;
    bool pending_ = false, busy_ = false;
    uint32_t job_pc_ = 0;
    uint64_t job_max_ = 0;
    ExitRecord result_;
};

} // namespace cm::vliw
