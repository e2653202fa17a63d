// The differential test's vocabulary: the guest memory layout both CPUs
// share, one generated test case, and what running it produced.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "x86/state.hpp"

namespace cm::diff {

// Guest layout, identical in Unicorn and Codemorph. Everything sits below
// 64 KiB so that 16-bit address forms (0x67 prefix) can reach the data.
// The pages around each area stay unmapped, so a stray access faults.
constexpr uint32_t kDataBase = 0x2000, kDataSize = 0x1000;   ///< RW, random bytes
constexpr uint32_t kStackBase = 0x6000, kStackSize = 0x1000; ///< RW, random bytes
constexpr uint32_t kStackMid = kStackBase + kStackSize / 2;  ///< ESP starts near here
constexpr uint32_t kCodeBase = 0x10000, kCodeSize = 0x1000;  ///< R+X
constexpr uint32_t kInsnAddr = kCodeBase + 0x800;            ///< where the instruction goes
constexpr uint8_t kCodeFill = 0xcc; ///< int3 around it: ends blocks early in both CPUs

/// x87 state, for cases of the x87 class (TestCase::fpu).
struct FpuState {
    uint8_t r[8][10] = {}; ///< physical registers R0..R7, 80-bit little-endian
    uint16_t cw = 0x037f;
    uint16_t sw = 0;      ///< with TOP in bits 11-13
    uint16_t tw = 0xffff; ///< full tag word (only empty / not empty is set up)
};

/// Architectural state before or after a case: what the CPUs are compared on.
struct MachineState {
    uint32_t gpr[8] = {}; ///< EAX..EDI
    uint32_t eip = 0;
    uint32_t eflags = 0;
    FpuState fpu;
    std::array<uint8_t, kDataSize> data{};
    std::array<uint8_t, kStackSize> stack{};
};

/// One generated instruction with its initial state.
struct TestCase {
    uint64_t index = 0; ///< global case number (replay with --case)
    int cls = 0;        ///< index into classes()
    std::string key;    ///< grouping key for summaries, e.g. "shl/16"
    uint8_t code[15] = {};
    uint8_t len = 0;
    uint32_t flags_undefined = 0;  ///< EFLAGS bits the decoder reports undefined
    bool fpu = false;              ///< an x87 case: set up and compare the FPU too
    uint16_t fpu_cc_undefined = 0; ///< C0-C3 (status-word bits) the decoder reports undefined
    unsigned max_steps = 1;        ///< rep/loop iterations allowed (see README)
    MachineState init;
};

/// How one CPU finished a case.
struct RunResult {
    MachineState st;
    x86::Fault fault = x86::Fault::None;
    bool unsupported = false; ///< Codemorph: #UD because it lacks a lifter
    std::string error;        ///< harness-level trouble (unexpected Unicorn error)
    unsigned steps = 0;       ///< single steps executed
};

} // namespace cm::diff
