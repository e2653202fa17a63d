// Translation benchmarks: each kernel of bench/guest (integer, memory,
// branchy, pointer-chasing, x87) run natively on the host, under the CMS
// interpreter only, and translated onto the VLIW model (and, for memory
// kernels, translated without alias speculation), in one run. Prints
// `BENCH <name> <value> <unit>` lines, then one `TARGET <name> <value>
// <threshold> PASS|FAIL` line per target of issue 5 (see README.md).
//
// Exit status: 0 when every run of every kernel verified its result (even
// if targets fail: benchmarks report, they do not gate), 1 when a kernel
// gave a wrong answer or failed in some mode, 2 for a usage error.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "fw/runner.hpp"
#include "vliw/config.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

// Kernels and their sizes (argv[1] of the guest: rounds of its inner loop).
// Each is sized at roughly 15 M guest instructions (setup and checking
// included); change the sizes here, or scale them all with --scale.
enum class Kind { Integer, Memory, Branchy, Pointer, X87 };

struct Kernel {
    const char* name; ///< guest program in CM_BENCH_GUEST_DIR
    Kind kind;
    unsigned rounds;
};

constexpr Kernel kKernels[] = {
    {"int_crc", Kind::Integer, 750},    // bitwise CRC-32: ~20 K insns/round
    {"int_mix", Kind::Integer, 120},    // murmur finaliser chains: ~125 K insns/round
    {"mem_add", Kind::Memory, 300},     // a[i] = b[i] + c[i], 3 x 32 KiB: ~50 K insns/round
    {"mem_add_u4", Kind::Memory, 450},  // the same, unrolled 4x by gcc: ~31 K insns/round
    {"list_chase", Kind::Pointer, 120}, // 16 K-node random linked list: ~105 K insns/round
    {"branch_sort", Kind::Branchy, 50}, // quicksort of 2048 random ints: ~290 K insns/round
    {"branch_vm", Kind::Branchy, 30},   // bytecode interpreter, Collatz: ~460 K insns/round
    {"x87_poly", Kind::X87, 1800},      // Horner + dot product in x87 double: ~8.5 K insns/round
};

// Targets of issue 5 on the tm5800 preset.
constexpr double kTargetSpeedup = 20.0;   ///< translated vs interpreted, modelled cycles
constexpr double kTargetIntIpc = 1.0;     ///< guest instructions per cycle, integer kernels
constexpr double kTargetAliasGain = 25.0; ///< % cycles saved by alias speculation, memory kernels
constexpr double kTargetHostMips = 20.0;  ///< translated simulation speed on the host

struct Options {
    double scale = 1.0;
    int reps = 3;        ///< host-timed runs per Codemorph mode (the best counts)
    int native_reps = 5; ///< native runs (the best counts)
    std::string config = "tm5800";
    std::vector<std::string> only; ///< kernel names; empty: all
};

/// Wall time of one native run with stdout discarded; <0 if it did not
/// exit with status 0.
double run_native(const std::vector<std::string>& argv) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    auto t0 = Clock::now();
    pid_t pid;
    int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int st = 0;
    waitpid(pid, &st, 0);
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? s : -1;
}

/// One Codemorph run: the runner's figures plus its `--summary` lines.
struct EmuRun {
    cm::fw::RunResult r;
    std::map<std::string, double> summary; ///< name -> value of each `name: value` line
    std::string err;                       ///< the rest of stderr (errors, guest output)
};

/// Runs the guest under Codemorph with the guest's stdout on /dev/null and
/// stderr (guest's and Codemorph's, summary included) captured.
EmuRun run_emulated(const std::vector<std::string>& argv, const cm::vliw::Config& machine,
                    cm::morph::CmsOptions::Mode mode, bool alias_spec) {
    cm::fw::RunOptions o;
    o.program = argv[0];
    o.argv = argv;
    o.summary = true;
    o.machine = machine;
    o.cms.mode = mode;
    o.cms.alias_speculation = alias_spec;

    std::fflush(stdout);
    std::fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int devnull = open("/dev/null", O_WRONLY);
    std::FILE* cap = std::tmpfile();
    dup2(devnull, 1);
    if (cap) dup2(fileno(cap), 2);
    EmuRun run;
    run.r = cm::fw::execute(o);
    std::fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    close(devnull);
    if (cap) {
        std::rewind(cap);
        char line[512];
        while (std::fgets(line, sizeof line, cap)) {
            std::string s = line;
            auto colon = s.find(": ");
            if (colon != std::string::npos && s.find(' ') > colon) {
                char* end = nullptr;
                double v = std::strtod(s.c_str() + colon + 2, &end);
                if (end != s.c_str() + colon + 2) {
                    run.summary[s.substr(0, colon)] = v;
                    continue;
                }
            }
            run.err += s;
        }
        std::fclose(cap);
    }
    return run;
}

const char* mode_name(cm::morph::CmsOptions::Mode m, bool alias) {
    if (m == cm::morph::CmsOptions::Mode::Interp) return "interp";
    return alias ? "translate" : "translate --no-alias-spec";
}

void bench(const char* name, double value, const char* unit) {
    std::printf("BENCH %s %.6g %s\n", name, value, unit);
    std::fflush(stdout);
}

struct Target {
    std::string name;
    double value, threshold;
};

bool parse_args(int argc, char** argv, Options& opt) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char* what) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bench_translate: %s needs a value\n", what);
                return nullptr;
            }
            return argv[++i];
        };
        if (a == "--scale") {
            const char* v = value("--scale");
            if (!v || (opt.scale = std::atof(v)) <= 0) return false;
        } else if (a == "--reps") {
            const char* v = value("--reps");
            if (!v || (opt.reps = std::atoi(v)) < 1) return false;
        } else if (a == "--config") {
            const char* v = value("--config");
            if (!v) return false;
            opt.config = v;
        } else if (a == "--only") {
            const char* v = value("--only");
            if (!v) return false;
            std::string s = v;
            for (size_t p = 0; p <= s.size();) {
                size_t c = s.find(',', p);
                if (c == std::string::npos) c = s.size();
                if (c > p) opt.only.push_back(s.substr(p, c - p));
                p = c + 1;
            }
        } else {
            std::fprintf(stderr, "usage: bench_translate [--scale F] [--reps N] [--config PRESET] "
                                 "[--only KERNEL,...]\n"
                                 "  --scale F   multiply every kernel's size by F (default 1)\n"
                                 "  --reps N    host-timed runs per mode, best counts (default 3)\n"
                                 "  --config P  machine preset or JSON file (default tm5800; the "
                                 "targets are for tm5800)\n"
                                 "  --only K,.. run only these kernels\n");
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    Options opt;
    if (!parse_args(argc, argv, opt)) return 2;
    cm::vliw::Config machine;
    try {
        machine = cm::vliw::load_config(opt.config);
    } catch (const cm::vliw::ConfigError& e) {
        std::fprintf(stderr, "bench_translate: %s\n", e.what());
        return 2;
    }
    for (const auto& n : opt.only)
        if (std::none_of(std::begin(kKernels), std::end(kKernels),
                         [&](const Kernel& k) { return n == k.name; })) {
            std::fprintf(stderr, "bench_translate: no kernel '%s'\n", n.c_str());
            return 2;
        }

    if (opt.config != "tm5800")
        std::fprintf(stderr,
                     "bench_translate: note: the targets are set for the tm5800 preset, "
                     "this run uses %s\n",
                     opt.config.c_str());

    using Mode = cm::morph::CmsOptions::Mode;
    std::vector<Target> targets;
    int errors = 0;
    for (const Kernel& k : kKernels) {
        if (!opt.only.empty() &&
            std::find(opt.only.begin(), opt.only.end(), k.name) == opt.only.end())
            continue;
        const std::string path = std::string(CM_BENCH_GUEST_DIR) + "/" + k.name;
        const unsigned rounds = std::max(1u, unsigned(std::lround(k.rounds * opt.scale)));
        const std::vector<std::string> gargv = {path, std::to_string(rounds)};
        auto metric = [&](const char* m) { return std::string(k.name) + "_" + m; };

        double native = 1e30;
        for (int i = 0; i < opt.native_reps; ++i) {
            double s = run_native(gargv);
            if (s < 0) {
                std::fprintf(stderr,
                             "bench_translate: ERROR: %s %u failed natively (not status 0)\n",
                             path.c_str(), rounds);
                native = -1;
                break;
            }
            native = std::min(native, s);
        }
        if (native < 0) {
            ++errors;
            continue;
        }

        // Best host time of `reps` runs; every run must verify (status 0).
        bool failed = false;
        auto best_of = [&](Mode mode, bool alias, int reps) {
            EmuRun best;
            best.r.host_seconds = 1e30;
            for (int i = 0; i < reps && !failed; ++i) {
                EmuRun e = run_emulated(gargv, machine, mode, alias);
                if (e.r.status != 0) {
                    std::fprintf(
                        stderr,
                        "bench_translate: ERROR: %s failed under Codemorph (%s): exit status "
                        "%d (a kernel exits 1 when its result is wrong)\n%s",
                        k.name, mode_name(mode, alias), e.r.status, e.err.c_str());
                    failed = true;
                }
                if (e.r.host_seconds < best.r.host_seconds) best = std::move(e);
            }
            return best;
        };
        EmuRun in = best_of(Mode::Interp, true, opt.reps);
        EmuRun tr = best_of(Mode::Translate, true, opt.reps);
        // Modelled cycles do not depend on the host: one run is enough.
        EmuRun na = k.kind == Kind::Memory ? best_of(Mode::Translate, false, 1) : EmuRun{};
        if (failed) {
            ++errors;
            continue;
        }
        const double insns = double(in.r.instructions);
        if (tr.r.instructions != in.r.instructions)
            std::fprintf(
                stderr,
                "bench_translate: warning: %s retired %llu guest instructions translated but "
                "%llu interpreted\n",
                k.name, (unsigned long long)tr.r.instructions,
                (unsigned long long)in.r.instructions);

        const double in_mips = insns / in.r.host_seconds / 1e6;
        const double tr_mips = double(tr.r.instructions) / tr.r.host_seconds / 1e6;
        const double in_ipc = insns / double(in.r.cycles);
        const double tr_ipc = double(tr.r.instructions) / double(tr.r.cycles);
        const double speedup = double(in.r.cycles) / double(tr.r.cycles);
        bench(metric("guest_insns").c_str(), insns, "insns");
        bench(metric("native_seconds").c_str(), native, "s");
        bench(metric("native_mips").c_str(), insns / native / 1e6, "MIPS");
        bench(metric("interp_mips").c_str(), in_mips, "MIPS");
        bench(metric("translate_mips").c_str(), tr_mips, "MIPS");
        bench(metric("translate_slowdown").c_str(), native > 0 ? tr.r.host_seconds / native : 0,
              "x");
        bench(metric("translated_share").c_str(),
              double(tr.r.translated_insns) / double(tr.r.instructions), "fraction");
        bench(metric("interp_ipc").c_str(), in_ipc, "insns/cycle");
        bench(metric("translate_ipc").c_str(), tr_ipc, "insns/cycle");
        bench(metric("speedup").c_str(), speedup, "x");
        bench(metric("molecules_per_guest_insn").c_str(), tr.summary["molecules_per_guest_insn"],
              "molecules/insn");
        bench(metric("atoms_per_molecule").c_str(), tr.summary["atoms_per_molecule"],
              "atoms/molecule");
        bench(metric("rollbacks").c_str(), tr.summary["rollbacks"], "count");
        // Split of the translated run's cycles, when the CMS reports it:
        // translated code alone vs charged CMS work (interpretation,
        // translation, lookups, rollbacks).
        if (tr.summary.count("vliw_cycles_translated") && tr.summary.count("vliw_cycles_cms")) {
            const double code = tr.summary["vliw_cycles_translated"];
            bench(metric("translated_code_ipc").c_str(),
                  code > 0 ? double(tr.r.translated_insns) / code : 0, "insns/cycle");
            bench(metric("cms_cycle_share").c_str(),
                  tr.summary["vliw_cycles_cms"] / double(tr.r.cycles), "fraction");
        }
        targets.push_back({metric("speedup"), speedup, kTargetSpeedup});
        targets.push_back({metric("translate_mips"), tr_mips, kTargetHostMips});
        if (k.kind == Kind::Integer)
            targets.push_back({metric("translate_ipc"), tr_ipc, kTargetIntIpc});
        if (k.kind == Kind::Memory) {
            const double na_ipc = double(na.r.instructions) / double(na.r.cycles);
            const double gain = (double(na.r.cycles) / double(tr.r.cycles) - 1) * 100;
            bench(metric("noalias_ipc").c_str(), na_ipc, "insns/cycle");
            bench(metric("noalias_rollbacks").c_str(), na.summary["rollbacks"], "count");
            bench(metric("alias_gain").c_str(), gain, "%");
            targets.push_back({metric("alias_gain"), gain, kTargetAliasGain});
        }
    }

    int failing = 0;
    for (const Target& t : targets)
        failing += t.value < t.threshold;
    bench("targets_failed", failing, "count");
    for (const Target& t : targets)
        std::printf("TARGET %s %.4g %g %s\n", t.name.c_str(), t.value, t.threshold,
                    t.value >= t.threshold ? "PASS" : "FAIL");
    if (errors)
        std::fprintf(stderr,
                     "bench_translate: %d kernel(s) failed or gave a wrong answer (see above)\n",
                     errors);
    return errors ? 1 : 0;
}
