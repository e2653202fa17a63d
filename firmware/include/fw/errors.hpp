// Errors the firmware reports to the user, each with its exit status.
#pragma once
#include <stdexcept>
#include <string>

namespace cm::fw {

/// Exit statuses of `codemorph` itself. A guest's own exit status (0-255)
/// passes through; a guest killed by a signal gives 128 + the signal number,
/// as a shell shows it.
namespace exit_status {
constexpr int kUsage = 2;          ///< bad command line or configuration value
constexpr int kInternal = 70;      ///< a simulator bug (EX_SOFTWARE)
constexpr int kInsnLimit = 124;    ///< --max-insns reached (as timeout(1))
constexpr int kBadProgram = 126;   ///< program is not a loadable static i386 ELF
constexpr int kNoProgram = 127;    ///< program file not found or unreadable
constexpr int kSignalBase = 128;   ///< + signal number
} // namespace exit_status

/// A user-facing error: one line of text and the exit status to use.
class UserError : public std::runtime_error {
  public:
    UserError(int status, const std::string& msg) : std::runtime_error(msg), status_(status) {}
    int status() const { return status_; }

  private:
    int status_;
};

} // namespace cm::fw
