// Event counters and the listener interface through which tracing and
// energy models (the traces/ library) observe the machine. The core only
// counts; it knows no file format.
#pragma once

#include "vliw/isa.hpp"

#include <cstdint>
#include <functional>
#include <string_view>

namespace cm::vliw {

/// Why an issue cycle was lost.
enum class StallCause : uint8_t {
    Dependency,  ///< a source or destination register not ready (scoreboard)
    LoadUse,     ///< waiting for a load result
    Divider,     ///< unpipelined divider busy
    ICache,      ///< instruction fetch missed L1I
    DCache,      ///< blocking data cache miss
    Branch,      ///< taken or indirect branch penalty
    StoreBuffer, ///< store buffer full while committed stores drain
    Count_
};
std::string_view stall_cause_name(StallCause c);

/// Plain counter struct. Every member counts events since the last reset.
struct Counters {
#define CM_COUNTER(name, unit, desc) uint64_t name = 0;
#include "vliw/counters.def"
#undef CM_COUNTER
    uint64_t atoms_by_class[static_cast<unsigned>(EnergyClass::Count_)] = {}; ///< atoms
    uint64_t stall_cycles[static_cast<unsigned>(StallCause::Count_)] = {};    ///< cycles

    uint64_t stalls() const {
        uint64_t s = 0;
        for (uint64_t v : stall_cycles)
            s += v;
        return s;
    }
};

/// Visits every counter with its dotted name ("l1d_misses", "stall.load_use",
/// "atoms.mul"), unit and description.
void for_each_counter(const Counters& c,
                      const std::function<void(std::string_view name, std::string_view unit,
                                               std::string_view desc, uint64_t value)>& fn);

/// Rare machine events delivered to listeners (never one per molecule).
enum class EventKind : uint8_t { RunStart, RunEnd, Commit, Rollback, Fault, Exit };

struct Event {
    EventKind kind;
    uint64_t cycle; ///< machine cycle of the event
    uint32_t pc;    ///< molecule address (0 for host-initiated commit/rollback)
    uint32_t
        detail; ///< ExitReason for Fault/RunEnd, exit code for Exit, entries drained for Commit
};

/// Subscribe with Machine::add_listener. Callbacks run on the simulation
/// thread; they must not call back into the Machine.
class Listener {
  public:
    virtual ~Listener() = default;
    virtual void on_event(const Event&) {}
    /// Periodic snapshot: at every time-quantum boundary and at run end.
    virtual void on_sample(uint64_t /*cycle*/, const Counters&) {}
};

} // namespace cm::vliw
