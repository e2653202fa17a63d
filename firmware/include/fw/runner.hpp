// Runs a guest program from start to exit: load, set up the process, drive
// the execution engine, handle syscalls and report how it ended.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace cm::fw {

struct RunOptions {
    std::string program;           ///< path of the static i386 ELF
    std::vector<std::string> argv; ///< guest argv (argv[0] included)
    std::vector<std::string> envp; ///< guest environment
    uint64_t max_insns = 0;        ///< stop after this many instructions (0: no limit)
    bool summary = false;          ///< print end-of-run figures to stderr
};

/// Runs the program; returns the exit status `codemorph run` should give:
/// the guest's own, 128+signal for a fatal guest fault, or an error status
/// from fw::exit_status. Errors are printed to stderr as one line.
int run_program(const RunOptions& opt);

/// The signal Linux delivers for a guest fault vector (SIGSEGV, SIGILL...).
int signal_for_fault(uint8_t vector);

} // namespace cm::fw
