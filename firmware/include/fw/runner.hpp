// Runs a guest program from start to exit: load, set up the process, drive
// the execution engine, handle syscalls and report how it ended.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "morph/cms.hpp"
#include "vliw/config.hpp"

namespace cm::fw {

struct RunOptions {
    std::string program;           ///< path of the static i386 ELF
    std::vector<std::string> argv; ///< guest argv (argv[0] included)
    std::vector<std::string> envp; ///< guest environment
    uint64_t max_insns = 0;        ///< stop after this many instructions (0: no limit)
    bool summary = false;          ///< print end-of-run figures to stderr
    unsigned profile_top = 0;      ///< print the N hottest blocks to stderr at the end
    vliw::Config machine;          ///< the VLIW machine (preset plus overrides)
    morph::CmsOptions cms;         ///< interpret or translate, and the CMS policy
    // Tracing (traces/): files are opened before the run; "-" is stdout.
    std::string stats_path;        ///< --stats: the stats JSON document
    uint64_t stats_interval = 0;   ///< --stats-interval: time-series interval in cycles (0: automatic)
    std::string trace_path;        ///< --trace: Chrome/Perfetto trace-event JSON
    std::string report_path;       ///< --report: self-contained HTML report (trace/report.hpp)
    bool quiet = false;            ///< --quiet: no progress line on stderr
};

/// What a run did, for summaries and benchmarks.
struct RunResult {
    int status = 0;              ///< what `codemorph run` exits with
    uint64_t instructions = 0;   ///< guest instructions executed
    uint64_t translated_insns = 0; ///< of which retired by translated code
    uint64_t cycles = 0;         ///< modelled machine cycles (translated + charged CMS work)
    uint64_t blocks_built = 0;
    uint64_t invalidations = 0;
    double host_seconds = 0;     ///< wall time of the execution loop
};

/// Runs the program and returns its figures; errors are printed to stderr
/// as one line and reflected in `status`.
RunResult execute(const RunOptions& opt);

/// Runs the program; returns the exit status `codemorph run` should give:
/// the guest's own, 128+signal for a fatal guest fault, or an error status
/// from fw::exit_status. Errors are printed to stderr as one line.
int run_program(const RunOptions& opt);

/// The signal Linux delivers for a guest fault vector (SIGSEGV, SIGILL...).
int signal_for_fault(uint8_t vector);

} // namespace cm::fw
