// The system under test: Codemorph's IR interpreter, one instruction at a
// time, or (translate mode) the CMS translating each instruction into a
// one-instruction region and running it on the VLIW machine.
#pragma once
#include <memory>

#include "diff_case.hpp"

namespace cm::diff {

class CodemorphCpu {
  public:
    /// `translate`: run through morph::Cms in translate mode (hot threshold
    /// 0, one-instruction regions, the tm5800 preset): the translated path,
    /// with its rollback and precise re-interpretation on faults.
    explicit CodemorphCpu(bool translate = false);
    ~CodemorphCpu();
    CodemorphCpu(const CodemorphCpu&) = delete;
    CodemorphCpu& operator=(const CodemorphCpu&) = delete;

    /// Loads the case's state and runs Interpreter::run(1) until EIP leaves
    /// the instruction (one rep iteration per run), a fault, or max_steps.
    RunResult run(const TestCase& tc);

    /// Translate mode: cases in which translated code retired the instruction
    /// (the rest were interpreted: untranslatable, or faulted and re-run).
    uint64_t translated_cases() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::diff
