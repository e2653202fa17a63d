// The interface through which the Code Morphing Software reports what it is
// doing (its phases, the regions it translates, rollbacks) to tracing. The
// CMS holds a pointer to one (null: nothing is reported, at no cost); it
// knows no file format. trace::Collector implements it.
#pragma once

#include <cstdint>
#include <string_view>

namespace cm::vliw {
class Listener;
struct Counters;
} // namespace cm::vliw

namespace cm::trace {

/// Where machine time goes. Every cycle of a run belongs to exactly one
/// phase: the CMS reports consecutive, non-overlapping phases that tile the
/// run from cycle 0 to its end.
enum class Phase : uint8_t {
    Interpret,   ///< interpreting guest instructions (charged: cms.cycles_per_interpreted_insn)
    Translate,   ///< translating a region (charged: cms.cycles_per_translated_insn)
    Retranslate, ///< translating again, more conservatively, after speculation faults
    Lookup,      ///< translation-cache lookup for an indirect exit (cms.cycles_per_lookup)
    Rollback,    ///< rollback and recovery entry (cms.cycles_per_rollback)
    Translated,  ///< translated code running on the VLIW machine
    Count_
};
/// "interpret", "translate", "retranslate", "lookup", "rollback", "translated".
std::string_view phase_name(Phase p);

/// One finished stretch of a phase: machine cycles [begin, end).
struct PhaseRecord {
    Phase phase;
    uint64_t begin, end;  ///< machine cycles
    uint64_t guest_insns; ///< guest instructions retired in it (Interpret, Translated)
    uint32_t entry;       ///< region entry EIP (Translate*, Lookup target, Rollback, Translated)
    bool region_entry;    ///< Translated: the machine was entered at the region's entry
};

/// Point events.
enum class Instant : uint8_t {
    Rollback,    ///< a fault in translated code rolled back; detail: the cause
    Retranslate, ///< a region was dropped to be retranslated more conservatively
};

/// A region just translated (text only when wants_region_text()).
struct RegionRecord {
    uint32_t entry;
    uint32_t guest_insns, molecules, atoms, code_bytes;
    bool retranslation;
    std::string_view guest_code;     ///< one guest instruction per line ("0x... text")
    std::string_view molecules_text; ///< molecule listing
};

class CmsObserver {
  public:
    virtual ~CmsObserver() = default;
    /// A phase stretch ended. `machine` is the VLIW machine's counters at
    /// its end, or null when there is no machine (interpret-only mode).
    virtual void on_phase(const PhaseRecord& rec, const vliw::Counters* machine) = 0;
    virtual void on_instant(Instant kind, uint64_t cycle, uint32_t entry,
                            std::string_view detail) = 0;
    virtual void on_region(const RegionRecord& rec) = 0;
    /// Should the CMS produce guest disassembly and molecule listings?
    virtual bool wants_region_text() const { return false; }
    /// The CMS may merge consecutive interpreted blocks into one Interpret
    /// stretch until it spans this many cycles (0: report every block).
    virtual uint64_t interpret_batch_cycles() const { return 0; }
    /// A listener the CMS attaches to its VLIW machine (quantum samples), or null.
    virtual vliw::Listener* machine_listener() { return nullptr; }
};

} // namespace cm::trace
