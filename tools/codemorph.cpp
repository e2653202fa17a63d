// The `codemorph` command line: `codemorph run [OPTIONS] PROGRAM [ARGS...]`.
#include <boost/program_options.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "fw/errors.hpp"
#include "fw/runner.hpp"
#include "vliw/config.hpp"

extern char** environ;

namespace po = boost::program_options;
using namespace cm;

namespace {

const char* kUsage =
    "usage: codemorph <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [OPTIONS] PROGRAM [ARGS...]   run a static i386 Linux ELF program\n"
    "  config [--config P] [--set K=V]   print the effective machine configuration\n"
    "  help                              this text\n"
    "\n"
    "`codemorph run --help` and `codemorph config --help` list their options.\n";

const char* kRunExit =
    "\nexit status:\n"
    "  the guest's own exit status (0-255) when it exits;\n"
    "  128+N when a guest fault kills it with signal N (132 SIGILL for an invalid\n"
    "      or unsupported instruction, 136 SIGFPE for a divide error, 139 SIGSEGV\n"
    "      for a bad memory access or #GP, 133 SIGTRAP for int3);\n"
    "  124 when --max-insns stops it; 126 when PROGRAM is not a loadable static\n"
    "  i386 ELF; 127 when PROGRAM cannot be opened; 2 for a bad command line;\n"
    "  70 for an internal error, including a --verify mismatch.\n";

/// --config and --set, shared by run and config.
void add_machine_options(po::options_description& d) {
    d.add_options()
        ("config", po::value<std::string>()->value_name("PRESET|FILE"),
         "machine preset name (tm5800, efficeon: files in configs/) or a JSON file; default tm5800")
        ("set", po::value<std::vector<std::string>>()->value_name("KEY=VALUE")->composing(),
         "override one machine parameter, e.g. vliw.alias_registers=16 (repeatable); "
         "`codemorph config` lists them all with units");
}

/// Loads and validates the machine configuration; prints one line and
/// returns false on a bad value.
bool load_machine(const po::variables_map& vm, vliw::Config& out) {
    std::string preset = vm.count("config") ? vm["config"].as<std::string>() : "tm5800";
    std::vector<std::string> sets;
    if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
    try {
        out = vliw::load_config(preset, sets);
        return true;
    } catch (const vliw::ConfigError& e) {
        std::fprintf(stderr, "codemorph: configuration error: %s\n", e.what());
        return false;
    }
}

int cmd_config(int argc, char** argv) {
    po::options_description desc("config options");
    desc.add_options()("help,h", "show this help")(
        "strict-json", "print strict JSON with {value, unit} objects instead of commented JSON");
    add_machine_options(desc);
    po::variables_map vm;
    try {
        std::vector<std::string> args(argv, argv + argc);
        po::store(po::command_line_parser(args).options(desc).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::fprintf(stderr, "codemorph config: %s (see codemorph config --help)\n", e.what());
        return fw::exit_status::kUsage;
    }
    if (vm.count("help")) {
        std::cout << "usage: codemorph config [--config PRESET|FILE] [--set KEY=VALUE]...\n\n"
                     "Prints the effective machine configuration (every parameter with its unit and\n"
                     "description); the output can be saved and passed back with --config.\n\n"
                  << desc;
        return 0;
    }
    vliw::Config cfg;
    if (!load_machine(vm, cfg)) return fw::exit_status::kUsage;
    std::cout << vliw::config_to_json(cfg, vm.count("strict-json") ? vliw::JsonStyle::Annotated
                                                                  : vliw::JsonStyle::Commented);
    return 0;
}

po::options_description run_options() {
    po::options_description d("run options");
    d.add_options()
        ("help,h", "show this help")
        ("max-insns", po::value<uint64_t>()->value_name("N"),
         "stop after N guest instructions (exit status 124); default: no limit")
        ("summary", "print end-of-run figures to stderr, one `name: value` per line")
        ("profile", po::value<unsigned>()->value_name("N"),
         "print the N hottest interpreted blocks (entry counts, branch directions, code) to "
         "stderr; with --mode translate the counts stop once a block's code is translated")
        ("env", po::value<std::vector<std::string>>()->value_name("NAME=VALUE")->composing(),
         "add or replace a variable in the guest's environment (repeatable)")
        ("clear-env", "start the guest with an empty environment instead of the host's")
        ("mode", po::value<std::string>()->value_name("interp|translate")->default_value("translate"),
         "translate: interpret cold code, translate hot regions into VLIW molecules and run them on "
         "the VLIW machine model; interp: interpret every instruction (no machine model)")
        ("hot-threshold", po::value<uint32_t>()->value_name("N")->default_value(50),
         "translate: block executions before a block seeds a region (0: translate at first sight)")
        ("max-region", po::value<unsigned>()->value_name("N")->default_value(64),
         "translate: most guest instructions in one region (1-1000)")
        ("no-alias-spec", "translate: never move loads above stores (no ldp/stam speculation)")
        ("verify", "translate: run the interpreter in lockstep and compare the guest state at every "
                   "commit; print the first difference beside the disassembly and stop (status 70)")
        ("dump-translations", po::value<std::string>()->value_name("DIR"),
         "translate: write each region (guest code, optimised IR, molecules) to DIR")
        ("stats", po::value<std::string>()->value_name("FILE"),
         "write the run's stats as JSON to FILE (- for stdout): effective configuration, counters "
         "per block, derived figures, cycles and energy by CMS phase and block, a time series, the "
         "hottest regions (schema codemorph-stats-1, see traces/README.md)")
        ("stats-interval", po::value<uint64_t>()->value_name("N"),
         "time series in --stats every N machine cycles (points fall on the first CMS phase or "
         "machine quantum boundary at or after each multiple); default: automatic, at most 4096 points")
        ("trace", po::value<std::string>()->value_name("FILE"),
         "write a Chrome/Perfetto trace (JSON; open in ui.perfetto.dev or chrome://tracing) to FILE: "
         "CMS phases and regions as slices, rollbacks and retranslations as instants, power and IPC "
         "as counters, in simulated time")
        ("report", po::value<std::string>()->value_name("FILE"),
         "write a self-contained HTML report to FILE (- for stdout): power and IPC over time, where "
         "cycles and energy went, the hottest regions with their guest code and molecules; "
         "--stats-interval sets its time series")
        ("vcd", po::value<std::string>()->value_name("FILE"),
         "translate: write the VLIW core's signals (pc, commit, rollback, store-buffer occupancy, "
         "stall and its cause) to FILE as a VCD waveform for GTKWave (large and slow for long runs)")
        ("quiet,q", "no progress line on stderr (it is shown for runs over a second when stderr is a "
                    "terminal)");
    add_machine_options(d);
    return d;
}

/// Splits `run` arguments into codemorph options (before PROGRAM) and the
/// guest command line (PROGRAM and everything after it).
void split_run_args(int argc, char** argv, const po::options_description& desc,
                    std::vector<std::string>& opts, std::vector<std::string>& guest) {
    int i = 0;
    for (; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--") { ++i; break; }
        if (a.size() < 2 || a[0] != '-') break;
        opts.push_back(a);
        if (a.rfind("--", 0) == 0 && a.find('=') == std::string::npos) {
            const po::option_description* od = desc.find_nothrow(a.substr(2), false);
            if (od && od->semantic()->max_tokens() > 0 && i + 1 < argc) opts.push_back(argv[++i]);
        }
    }
    for (; i < argc; ++i) guest.push_back(argv[i]);
}

int cmd_run(int argc, char** argv) {
    po::options_description desc = run_options();
    std::vector<std::string> opts, guest;
    split_run_args(argc, argv, desc, opts, guest);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(opts).options(desc).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::fprintf(stderr, "codemorph run: %s (see codemorph run --help)\n", e.what());
        return fw::exit_status::kUsage;
    }
    if (vm.count("help")) {
        std::cout << "usage: codemorph run [OPTIONS] PROGRAM [ARGS...]\n\n"
                     "Runs a static i386 Linux ELF program on Codemorph and passes its exit status\n"
                     "through. Options go before PROGRAM; everything after it is the guest's.\n\n"
                  << desc << kRunExit;
        return 0;
    }
    // The machine configuration is validated before the program is loaded.
    vliw::Config machine;
    if (!load_machine(vm, machine)) return fw::exit_status::kUsage;
    if (guest.empty()) {
        std::fprintf(stderr, "codemorph run: no PROGRAM given (see codemorph run --help)\n");
        return fw::exit_status::kUsage;
    }
    fw::RunOptions ro;
    ro.program = guest[0];
    ro.argv = guest;
    if (!vm.count("clear-env"))
        for (char** e = environ; e && *e; ++e) ro.envp.push_back(*e);
    if (vm.count("env")) {
        for (const std::string& kv : vm["env"].as<std::vector<std::string>>()) {
            auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0) {
                std::fprintf(stderr, "codemorph run: --env wants NAME=VALUE, got '%s'\n", kv.c_str());
                return fw::exit_status::kUsage;
            }
            std::string name = kv.substr(0, eq + 1);
            std::erase_if(ro.envp, [&](const std::string& s) { return s.rfind(name, 0) == 0; });
            ro.envp.push_back(kv);
        }
    }
    if (vm.count("max-insns")) ro.max_insns = vm["max-insns"].as<uint64_t>();
    ro.machine = machine;
    std::string mode = vm["mode"].as<std::string>();
    if (mode == "interp") ro.cms.mode = morph::CmsOptions::Mode::Interp;
    else if (mode == "translate") ro.cms.mode = morph::CmsOptions::Mode::Translate;
    else {
        std::fprintf(stderr, "codemorph run: --mode must be interp or translate, not '%s'\n", mode.c_str());
        return fw::exit_status::kUsage;
    }
    ro.cms.hot_threshold = vm["hot-threshold"].as<uint32_t>();
    ro.cms.max_region = vm["max-region"].as<unsigned>();
    if (ro.cms.max_region < 1 || ro.cms.max_region > 1000) {
        std::fprintf(stderr, "codemorph run: --max-region must be 1 to 1000, not %u\n", ro.cms.max_region);
        return fw::exit_status::kUsage;
    }
    ro.cms.alias_speculation = !vm.count("no-alias-spec");
    ro.cms.verify = vm.count("verify") > 0;
    if (vm.count("dump-translations")) ro.cms.dump_dir = vm["dump-translations"].as<std::string>();
    ro.summary = vm.count("summary") > 0;
    if (vm.count("profile")) ro.profile_top = vm["profile"].as<unsigned>();
    if (vm.count("stats")) ro.stats_path = vm["stats"].as<std::string>();
    if (vm.count("trace")) ro.trace_path = vm["trace"].as<std::string>();
    if (vm.count("report")) ro.report_path = vm["report"].as<std::string>();
    if (vm.count("vcd")) {
        ro.cms.vcd_path = vm["vcd"].as<std::string>();
        if (ro.cms.vcd_path.empty() || ro.cms.vcd_path == "-") {
            std::fprintf(stderr, "codemorph run: --vcd needs a file name\n");
            return fw::exit_status::kUsage;
        }
        if (ro.cms.mode != morph::CmsOptions::Mode::Translate) {
            std::fprintf(stderr, "codemorph run: --vcd needs --mode translate (the interpreter does not "
                                 "run the VLIW machine)\n");
            return fw::exit_status::kUsage;
        }
    }
    if (vm.count("stats-interval")) {
        ro.stats_interval = vm["stats-interval"].as<uint64_t>();
        if (ro.stats_interval == 0) {
            std::fprintf(stderr, "codemorph run: --stats-interval must be at least 1 cycle\n");
            return fw::exit_status::kUsage;
        }
        if (ro.stats_path.empty() && ro.report_path.empty()) {
            std::fprintf(stderr, "codemorph run: --stats-interval needs --stats FILE or --report FILE\n");
            return fw::exit_status::kUsage;
        }
    }
    for (const char* o : {"stats", "trace", "report"})
        if (vm.count(o) && vm[o].as<std::string>().empty()) {
            std::fprintf(stderr, "codemorph run: --%s needs a file name (or - for stdout)\n", o);
            return fw::exit_status::kUsage;
        }
    if (ro.stats_path == "-" && ro.trace_path == "-") {
        std::fprintf(stderr, "codemorph run: --stats and --trace cannot both go to stdout (-)\n");
        return fw::exit_status::kUsage;
    }
    ro.quiet = vm.count("quiet") > 0;
    return fw::run_program(ro);
}

} // namespace

int main(int argc, char** argv) {
    // A guest writing to a closed pipe gets its own SIGPIPE (see
    // Process::syscall); the host process must not die of it.
    std::signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        std::fputs("codemorph: no command given (try `codemorph help`)\n", stderr);
        return fw::exit_status::kUsage;
    }
    std::string cmd = argv[1];
    try {
        if (cmd == "run") return cmd_run(argc - 2, argv + 2);
        if (cmd == "config") return cmd_config(argc - 2, argv + 2);
        if (cmd == "help" || cmd == "--help" || cmd == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        std::fprintf(stderr, "codemorph: unknown command '%s' (try `codemorph help`)\n", cmd.c_str());
        return fw::exit_status::kUsage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "codemorph: internal error: %s\n", e.what());
        return fw::exit_status::kInternal;
    }
}
