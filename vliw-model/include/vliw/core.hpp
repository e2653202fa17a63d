// The VLIW core (plain C++): fetch, decode (cached), in-order issue of one
// molecule per cycle, atom semantics, scoreboard timing, caches, store
// buffer, alias unit, commit and rollback. Testable without SystemC; the
// SystemC CoreModule (sc_core_module.hpp) runs it inside an SC_THREAD.
//
// Timing model (all in core cycles):
//  * a molecule issues when the previous one has issued, branch/d-cache
//    penalties of the previous molecule have elapsed, its fetch hit or its
//    L1I miss was served, all source and destination registers are ready
//    (scoreboard, per-atom latency), the divider is free (div atoms), and the
//    store buffer has room for its stores;
//  * results are ready `latency` cycles after issue (vliw.lat.*);
//  * L1D misses block: the next molecule waits l2 (+memory) latency;
//  * taken direct branches cost taken_branch_penalty, indirect ones
//    indirect_branch_penalty;
//  * committed stores drain at sb_drain_per_cycle entries per cycle.
// Every lost issue cycle is charged to one StallCause, so
// cycles = molecules + sum(stall_cycles) for a run.
#pragma once

#include "vliw/alias_unit.hpp"
#include "vliw/cache.hpp"
#include "vliw/counters.hpp"
#include "vliw/exit.hpp"
#include "vliw/memory.hpp"
#include "vliw/regfile.hpp"
#include "vliw/store_buffer.hpp"

#include <cstdint>
#include <memory>

namespace cm::vliw {

class Core {
  public:
    struct Params {
        unsigned molecule_atoms = 4; ///< widest molecule in slots (2, 4 or 8)
        unsigned alu_units = 2, exec_units = 0, lsu_units = 1, fpu_units = 1, branch_units = 1;
        unsigned lat[static_cast<unsigned>(LatClass::Count_)] = {0, 1,  3,  20, 2, 3,
                                                                 4, 18, 24, 2,  1};
        unsigned taken_branch_penalty = 1;    ///< cycles
        unsigned indirect_branch_penalty = 3; ///< cycles
        unsigned sb_drain_per_cycle = 1;      ///< entries per cycle
        unsigned l2_latency = 10;             ///< extra cycles for an L1 miss that hits L2
        unsigned memory_latency = 80;         ///< extra cycles for an L2 miss
        uint64_t quantum_cycles = 10000;      ///< cycles between SyncHook calls
    };

    /// The blocks the core drives (owned elsewhere: by SystemC modules or by
    /// the plain platform).
    struct Blocks {
        RegFile& rf;
        StoreBuffer& sb;
        AliasUnit& alias;
        Cache& l1i;
        Cache& l1d;
        Cache& l2;
        MemPort& mem;
    };

    /// Called every quantum_cycles of simulated time (temporal decoupling).
    class SyncHook {
      public:
        virtual ~SyncHook() = default;
        virtual void sync(uint64_t cycle) = 0;
    };

    /// Per-molecule probe for waveform dumps; only used when set (opt-in).
    class Observer {
      public:
        virtual ~Observer() = default;
        /// A molecule issued at `cycle` after `stall` lost cycles.
        virtual void on_issue(uint64_t cycle, uint32_t pc, bool commit, unsigned sb_occupancy,
                              uint64_t stall, StallCause cause) = 0;
        virtual void on_rollback(uint64_t cycle) = 0;
        virtual void on_run_end(uint64_t cycle) = 0;
    };

    Core(const Params& p, const Blocks& b);
    ~Core();
    Core(const Core&) = delete;
    Core& operator=(const Core&) = delete;

    /// New parameters; clears timing state and the decode cache (not registers).
    void reset(const Params& p);
    const Params& params() const;

    /// Runs from pc until an exit atom, a fault, or max_cycles cycles.
    ExitRecord run(uint32_t pc, uint64_t max_cycles);

    /// Host-initiated commit (copy working registers to shadows, drain stores).
    void commit();
    /// Restores shadows, discards the store buffer, clears alias registers.
    void rollback();
    /// Adds CMS cycles to the machine time (cost-table charging).
    void charge(uint64_t cycles);
    /// Memory at [addr, addr+len) was written behind the core's back (code
    /// loading, patching molecules through a host pointer): drops cached
    /// decodes of molecules on the pages touched.
    void code_written(uint32_t addr, uint64_t len);
    /// Drops every cached decode (fetch permissions changed).
    void invalidate_all_code();

    uint64_t cycle() const;
    Counters& counters();
    void reset_counters();

    void add_listener(Listener* l);
    void remove_listener(Listener* l);
    void set_sync_hook(SyncHook* h);
    void set_observer(Observer* o);

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::vliw
