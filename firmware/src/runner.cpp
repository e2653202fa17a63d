#include "fw/runner.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include <boost/json/object.hpp>

#include "fw/elf_loader.hpp"
#include "fw/errors.hpp"
#include "fw/process.hpp"
#include "morph/interpreter.hpp"
#include "trace/collector.hpp"
#include "trace/perfetto.hpp"
#include "trace/progress.hpp"
#include "trace/report.hpp"
#include "trace/stats.hpp"
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

/// An output file of a tracing option, opened before the run so that a bad
/// path is reported at once; "-" is stdout.
struct OutFile {
    std::ofstream file;
    std::ostream* os = nullptr;
    void open(const std::string& path, const char* option) {
        if (path.empty()) return;
        if (path == "-") {
            os = &std::cout;
            return;
        }
        file.open(path, std::ios::out | std::ios::trunc);
        if (!file)
            throw UserError(exit_status::kUsage, std::string("cannot write ") + option + " file '" +
                                                     path + "': " + std::strerror(errno));
        os = &file;
    }
};

/// The CMS's own counters, for the stats document's "cms" block.
std::vector<trace::RunInfo::Counter> cms_counters(const morph::CmsStats& s) {
    std::vector<trace::RunInfo::Counter> v = {
#define CM_CMS_STAT(name, unit, desc) {#name, unit, desc, s.name},
#include "morph/cms_stats.def"
#undef CM_CMS_STAT
    };
    for (const auto& [cause, n] : s.rollback_causes)
        v.push_back({"rollbacks." + cause, "rollbacks", "rollbacks caused by this exit reason", n});
    return v;
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
        OutFile stats_out, trace_out, report_out;
        report_out.open(opt.report_path, "--report");
        const std::string& vcd = opt.cms.vcd_path;
        if (!vcd.empty() && !std::ofstream(vcd))
            throw UserError(exit_status::kUsage, "cannot write --vcd file '" + vcd + "': " + std::strerror(errno));
        stats_out.open(opt.stats_path, "--stats");
        trace_out.open(opt.trace_path, "--trace");
        const bool want_doc = stats_out.os || report_out.os;
        std::unique_ptr<trace::Collector> collector;
        morph::CmsOptions cms_opt = opt.cms;
        if (want_doc || trace_out.os) {
            trace::CollectorOptions co;
            co.series_interval = opt.stats_interval;
            co.record_trace = trace_out.os != nullptr;
            co.region_text = want_doc;
            collector = std::make_unique<trace::Collector>(opt.machine, co);
            cms_opt.observer = collector.get();
        }
        trace::ProgressLine progress(!opt.quiet && trace::ProgressLine::stderr_is_terminal());
        morph::Cms cms(cpu, mem, proc, opt.machine, cms_opt);
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
            progress.update(cms.instructions(), cms.stats().translated_insns);
            if (si.reason == morph::StopReason::Syscall) {
                int32_t nr = int32_t(cpu.gpr[EAX]);
                // The guest writes to the terminal: take the progress line away first.
                if ((nr == 4 || nr == 146) && (cpu.gpr[EBX] == 1 || cpu.gpr[EBX] == 2)) progress.finish();
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
        progress.finish();
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
        if (collector) {
            collector->finish(res.cycles);
            if (trace_out.os) {
                trace::write_trace(*trace_out.os, *collector, opt.program);
                trace_out.os->flush();
            }
            if (want_doc) {
                trace::RunInfo ri;
                ri.program = opt.program;
                ri.args = opt.argv;
                ri.mode = opt.cms.mode == morph::CmsOptions::Mode::Interp ? "interp" : "translate";
                ri.exit_status = status;
                ri.host_seconds = res.host_seconds;
                ri.guest_insns = res.instructions;
                ri.cycles = res.cycles;
                ri.cms_counters = cms_counters(cms.stats());
                const morph::CmsOptions& o = opt.cms;
                ri.config_extra = {
                    {"run.mode", "\"" + ri.mode + "\""},
                    {"run.hot_threshold", std::to_string(o.hot_threshold)},
                    {"run.max_region", std::to_string(o.max_region)},
                    {"run.alias_speculation", o.alias_speculation ? "true" : "false"},
                    {"run.spec_fault_threshold", std::to_string(o.spec_fault_threshold)},
                    {"run.spec_fault_window", std::to_string(o.spec_fault_window)},
                    {"run.chaining", o.chaining && !o.verify ? "true" : "false"},
                    {"run.max_insns", std::to_string(opt.max_insns)},
                };
                const boost::json::object doc = trace::stats_document(*collector, ri);
                if (stats_out.os) {
                    trace::write_json(*stats_out.os, doc);
                    stats_out.os->flush();
                }
                if (report_out.os) {
                    trace::write_report(*report_out.os, doc);
                    report_out.os->flush();
                }
            }
        }
    } catch (const UserError& e) {
        std::fprintf(stderr, "codemorph: %s\n", e.what());
        res.status = e.status();
    }
    return res;
}

int run_program(const RunOptions& opt) { return execute(opt).status; }

} // namespace cm::fw
