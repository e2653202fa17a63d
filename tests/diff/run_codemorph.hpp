// The system under test: Codemorph's IR interpreter, one instruction at a time.
#pragma once
#include <memory>

#include "diff_case.hpp"

namespace cm::diff {

class CodemorphCpu {
  public:
    CodemorphCpu();
    ~CodemorphCpu();
    CodemorphCpu(const CodemorphCpu&) = delete;
    CodemorphCpu& operator=(const CodemorphCpu&) = delete;

    /// Loads the case's state and runs Interpreter::run(1) until EIP leaves
    /// the instruction (one rep iteration per run), a fault, or max_steps.
    RunResult run(const TestCase& tc);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::diff
