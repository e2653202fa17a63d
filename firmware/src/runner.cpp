#include "fw/runner.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "fw/elf_loader.hpp"
#include "fw/errors.hpp"
#include "fw/process.hpp"
#include "morph/interpreter.hpp"
#include "x86/decoder.hpp"

namespace cm::fw {

using namespace cm::x86;

int signal_for_fault(uint8_t vector) {
    switch (Fault(vector)) {
    case Fault::DivideError: return SIGFPE;
    case Fault::FpError: return SIGFPE;
    case Fault::InvalidOpcode: return SIGILL;
    case Fault::Breakpoint:
    case Fault::Debug: return SIGTRAP;
    default: return SIGSEGV;
    }
}

namespace {

std::string hex32(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%08x", v);
    return b;
}

/// One line describing a fatal guest fault.
std::string describe_fault(const morph::StopInfo& si, const morph::Interpreter& interp) {
    const FaultInfo& f = si.fault;
    std::string bytes = hex_bytes(si.bytes, si.nbytes);
    if (f.kind == Fault::InvalidOpcode) {
        if (si.unsupported)
            return "unsupported instruction at eip " + hex32(f.eip) + ": " + bytes + " (" +
                   interp.disassemble(f.eip) + "): Codemorph does not implement it";
        return "invalid opcode (#UD) at eip " + hex32(f.eip) + ": " + (bytes.empty() ? "(no bytes)" : bytes);
    }
    std::string s = std::string("guest ") + fault_name(f.kind) + " at eip " + hex32(f.eip);
    if (f.kind == Fault::PageFault) {
        s += ", address " + hex32(f.addr) + (f.error_code & 16 ? " (instruction fetch" : f.write ? " (write" : " (read");
        s += f.not_present ? ", not mapped)" : ", protection)";
    }
    if (si.nbytes) s += ": " + interp.disassemble(f.eip) + " [" + bytes + "]";
    return s;
}

/// The hottest blocks by guest instructions executed, with their code.
void print_profile(const morph::Interpreter& interp, unsigned top, uint64_t total) {
    std::vector<const morph::Block*> v = interp.blocks();
    auto weight = [](const morph::Block* b) { return b->exec_count * b->insns.size(); };
    std::sort(v.begin(), v.end(), [&](auto* a, auto* b) { return weight(a) > weight(b); });
    std::fprintf(stderr, "hottest blocks (of %zu; share counts whole blocks, so a block left by a fault is over-counted):\n", v.size());
    for (unsigned i = 0; i < top && i < v.size(); ++i) {
        const morph::Block* b = v[i];
        std::fprintf(stderr, "  block %s  entered %llu times, %zu insns, %.1f%% of instructions, branch taken %llu / not %llu\n",
                     hex32(b->start).c_str(), (unsigned long long)b->exec_count, b->insns.size(),
                     total ? 100.0 * double(weight(b)) / double(total) : 0.0,
                     (unsigned long long)b->taken, (unsigned long long)b->not_taken);
        for (const auto& li : b->insns)
            std::fprintf(stderr, "    %s  %s\n", hex32(li.addr).c_str(), interp.disassemble(li.addr).c_str());
    }
}

} // namespace

RunResult execute(const RunOptions& opt) {
    RunResult res;
    try {
        GuestMemory mem;
        CpuState cpu;
        std::vector<uint8_t> image = read_file(opt.program);
        LoadedImage img = load_elf(image, mem, opt.program);
        Process proc(mem, cpu);
        proc.start(img, opt.argv, opt.envp, opt.program);
        morph::Cms cms(cpu, mem, proc, opt.machine, opt.cms);
        const morph::Interpreter& interp = cms.interpreter();

        // Asynchronous signals (timers, kill to self) are looked at between
        // slices of this many instructions and after every system call.
        constexpr uint64_t kSlice = 1u << 20;
        auto t0 = std::chrono::steady_clock::now();
        int status = 0;
        uint64_t budget = opt.max_insns ? opt.max_insns : UINT64_MAX;
        for (;;) {
            if (proc.poll_signals()) break;
            uint64_t left = budget - cms.instructions();
            if (left == 0) {
                std::fprintf(stderr, "codemorph: stopped after %llu instructions (--max-insns) at eip %s\n",
                             (unsigned long long)cms.instructions(), hex32(cpu.eip).c_str());
                status = exit_status::kInsnLimit;
                break;
            }
            morph::StopInfo si = cms.run(std::min(left, kSlice));
            if (si.reason == morph::StopReason::Syscall) {
                int32_t nr = int32_t(cpu.gpr[EAX]);
                if (proc.syscall()) break;
                if (proc.poll_signals(nr)) break; // signals are delivered on the way out of a call
                continue;
            }
            if (si.reason == morph::StopReason::Fault) {
                if (proc.fault(si.fault) == Process::FaultOutcome::Handled) continue;
                int sig = signal_for_fault(uint8_t(si.fault.kind));
                std::fprintf(stderr, "codemorph: %s (%s)\n", describe_fault(si, interp).c_str(), strsignal(sig));
                proc.kill_by(sig, true);
                break;
            }
        }
        if (proc.ended()) {
            const ExitState& e = proc.exit_state();
            status = e.exited ? e.code : exit_status::kSignalBase + e.term_signal;
        }
        if (opt.profile_top) print_profile(interp, opt.profile_top, interp.stats().instructions);
        res.host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        res.status = status;
        res.instructions = cms.instructions();
        res.translated_insns = cms.stats().translated_insns;
        res.cycles = cms.cycles();
        if (opt.summary) {
            cms.print_summary(stderr, res.host_seconds);
            std::fprintf(stderr, "blocks_built: %llu\n", (unsigned long long)interp.stats().blocks_built);
            std::fprintf(stderr, "exit_status: %d\n", status);
        }
        res.blocks_built = interp.stats().blocks_built;
        res.invalidations = interp.stats().invalidations;
    } catch (const UserError& e) {
        std::fprintf(stderr, "codemorph: %s\n", e.what());
        res.status = e.status();
    }
    return res;
}

int run_program(const RunOptions& opt) { return execute(opt).status; }

} // namespace cm::fw
