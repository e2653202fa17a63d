// The reference CPU: Unicorn (QEMU's i386 TCG), one instruction at a time.
#pragma once
#include <memory>

#include "diff_case.hpp"

namespace cm::diff {

class UnicornCpu {
  public:
    /// Opens an i386 engine with the shared memory layout; throws
    /// std::runtime_error if Unicorn refuses.
    UnicornCpu();
    ~UnicornCpu();
    UnicornCpu(const UnicornCpu&) = delete;
    UnicornCpu& operator=(const UnicornCpu&) = delete;

    /// Loads the case's state, single-steps until EIP leaves the instruction
    /// (rep forms take one step per iteration), a fault, or max_steps.
    RunResult run(const TestCase& tc);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::diff
