// Code Morphing Software: the runtime that interprets cold code, translates
// hot regions into VLIW molecules, runs them on the VLIW machine (the
// SystemC model), and recovers from faults in translated code by rolling
// back and interpreting.
//
// It has the interpreter's contract: `run(n)` executes up to n guest
// instructions and stops at a system call or a guest fault with the state
// exactly as the interpreter would leave it.
#pragma once
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "morph/interpreter.hpp"
#include "vliw/config.hpp"
#include "x86/env.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::trace {
class CmsObserver;
}

namespace cm::morph {

struct CmsOptions {
    enum class Mode { Interp, Translate };
    Mode mode = Mode::Translate;
    uint32_t hot_threshold = 50;  ///< block executions before it seeds a region
    unsigned max_region = 64;     ///< guest instructions per region
    bool alias_speculation = true; ///< hoist loads above stores under ldp/stam
    /// Speculation faults (faults in translated code that do not recur when
    /// interpreted) before a region is retranslated more conservatively.
    unsigned spec_fault_threshold = 2;
    /// CMS-reserved region for the translation cache; the indirect-exit
    /// lookup table (backend.hpp) follows it, aligned to its 32 KiB size.
    uint32_t tc_base = 0xc0000000;
    /// Its size in bytes; 0 takes cms.translation_cache_kb from the config.
    /// When full, the oldest translations are evicted (FIFO, see cms.cpp).
    uint32_t tc_bytes = 0;
    /// Chain translations: direct exits branch straight to the target's
    /// translation, and exits the CMS resolves (indirect ones, targets not yet
    /// chained) continue in the machine without a state round trip. Off with
    /// --verify, which needs every region exit back in the CMS.
    bool chaining = true;
    std::string dump_dir;          ///< --dump-translations: write each region here
    /// --vcd: the VLIW machine's waveform (vliw::Machine::enable_vcd) to this file.
    std::string vcd_path;
    /// --verify: check every translated region execution against the
    /// interpreter (morph/verify.hpp); a mismatch throws VerifyError.
    bool verify = false;
    /// Tests only: corrupts the translated state before each --verify comparison.
    void (*verify_tamper)(x86::CpuState&, x86::GuestMemory&) = nullptr;
    /// Tracing (--stats, --trace): told of every phase, region and rollback
    /// (trace/observer.hpp). Not owned; null costs nothing.
    trace::CmsObserver* observer = nullptr;
};

struct CmsStats {
    uint64_t interp_insns = 0;      ///< guest instructions interpreted
    uint64_t translated_insns = 0;  ///< guest instructions retired by translated code
    uint64_t regions = 0;           ///< translations made (including retranslations)
    uint64_t translation_failures = 0;
    uint64_t retranslations = 0;
    uint64_t evictions = 0;         ///< translations dropped because the cache filled
    uint64_t invalidations = 0;     ///< translations dropped because their code was written
    uint64_t translated_guest_insns = 0; ///< guest instructions in all translations made
    uint64_t molecules = 0;         ///< molecules executed
    uint64_t atoms_static = 0, molecules_static = 0; ///< in translations made
    uint64_t rollbacks = 0;
    std::map<std::string, uint64_t> rollback_causes;
    uint64_t machine_runs = 0;   ///< entries into the VLIW machine (Machine::run calls)
    uint64_t chains = 0;         ///< exit stubs patched into branches to another translation
    uint64_t unchains = 0;       ///< chained stubs restored (target invalidated or evicted)
    uint64_t cms_continues = 0;  ///< exits resolved by the CMS that went on into a translation
    /// Indirect exits that reached the CMS (lookup-table misses, or every
    /// one without chaining); hits stay in the machine (`jr`, counted by the
    /// machine's indirect_branches).
    uint64_t indirect_misses = 0;
    uint64_t table_inserts = 0;  ///< lookup-table entries written (translate, miss)
    uint64_t table_removals = 0; ///< entries cleared (invalidation, eviction, retranslation)
    /// Chained runs stopped inside a region because the instruction budget
    /// could not cover its next commit: rolled back to its entry (no fault).
    uint64_t budget_stops = 0;
};

class Cms {
  public:
    Cms(x86::CpuState& cpu, x86::GuestMemory& mem, x86::GuestEnv& env, const vliw::Config& cfg,
        const CmsOptions& opt);
    ~Cms();
    Cms(const Cms&) = delete;
    Cms& operator=(const Cms&) = delete;

    /// Runs up to `max_insns` guest instructions (see the file comment).
    StopInfo run(uint64_t max_insns);

    uint64_t instructions() const { return stats_.interp_insns + stats_.translated_insns; }
    const CmsStats& stats() const { return stats_; }
    const Interpreter& interpreter() const;
    /// Modelled machine cycles: translated execution plus the charged CMS work.
    uint64_t cycles() const;
    /// End-of-run figures, one `name: value` per line.
    void print_summary(std::FILE* out, double host_seconds) const;
    /// Address of the indirect-exit lookup table in CMS memory (backend.hpp:
    /// kIndirectTable*), or 0 (interpreting only, or no room for it).
    uint32_t indirect_table() const;
    /// Machine address of the translation entered at guest `eip`, 0 if none.
    uint32_t translation_entry(uint32_t eip) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    CmsStats stats_;
};

} // namespace cm::morph
