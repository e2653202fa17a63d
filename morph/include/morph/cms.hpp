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
    /// interpreted) before a region is retranslated more conservatively...
    unsigned spec_fault_threshold = 2;
    /// ...counting only faults that come within this many guest instructions
    /// retired by translated code of the region's previous one (0: count
    /// every fault). A fault costs a rollback and the region's interpretation
    /// (~2.7k cycles for a 64-instruction region on tm5800); speculation
    /// saves a fraction of a cycle per instruction, so rare faults (a list
    /// walk's final NULL, once per traversal) are cheaper than giving it up.
    uint64_t spec_fault_window = 20000;
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
#define CM_CMS_STAT(name, unit, desc) uint64_t name = 0;
#include "morph/cms_stats.def"
#undef CM_CMS_STAT
    std::map<std::string, uint64_t> rollback_causes; ///< rollbacks by exit reason
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
