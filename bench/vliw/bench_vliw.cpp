// Simulation speed of the VLIW machine: simulated molecules per host second
// on the temporal-decoupling (quantum) path, on the VCD path, and without
// SystemC. Prints `BENCH <name> <value> <unit>` lines.
//
//   bench_vliw [--quick] [--preset NAME] [--set key=value]...
#include "vliw/machine.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace cm::vliw;

namespace {

// A translation-like kernel: loads, ALU work with flags, a store, a
// conditional branch and a commit per iteration; one alias-protected load.
const char* kKernel = R"(
        li r10, 0x100000 ; movi r1, 0
  loop: ld.w r3, [r10] ; addi r1, r1, 1 ; andi r2, r1, 1023
        ldp.w r4, [r11], a0 ; shli r5, r2, 2 ; addf r6, r6, r3
        add r11, r10, r5 ; xor r7, r6, r1
        st.w [r11], r7 ; bnz r1, loop ; commit
        exit 1)";

struct Result {
    uint64_t molecules, cycles;
    double seconds;
};

Result measure(Machine& m, uint64_t cycles) {
    Program p = m.assemble(kKernel, 0x1000);
    m.load(p);
    m.set_gpr(11, 0x100000);
    m.reset_counters();
    auto t0 = std::chrono::steady_clock::now();
    ExitRecord r = m.run(0x1000, cycles);
    auto t1 = std::chrono::steady_clock::now();
    if (r.reason != ExitReason::CycleLimit)
        std::fprintf(stderr, "bench_vliw: unexpected exit: %s\n", to_string(r).c_str());
    return {r.molecules, r.cycles, std::chrono::duration<double>(t1 - t0).count()};
}

void report(const char* name, const Result& r) {
    std::printf("BENCH %s_molecules_per_sec %.0f molecules/s\n", name, r.molecules / r.seconds);
    std::printf("BENCH %s_cycles_per_sec %.0f cycles/s\n", name, r.cycles / r.seconds);
}

} // namespace

int main(int argc, char** argv) {
    bool quick = false;
    std::string preset = "tm5800";
    std::vector<std::string> sets;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick"))
            quick = true;
        else if (!std::strcmp(argv[i], "--preset") && i + 1 < argc)
            preset = argv[++i];
        else if (!std::strcmp(argv[i], "--set") && i + 1 < argc)
            sets.push_back(argv[++i]);
        else {
            std::fprintf(stderr,
                         "usage: bench_vliw [--quick] [--preset NAME] [--set key=value]...\n");
            return 2;
        }
    }
    try {
        const Config cfg = load_config(preset, sets);
        const uint64_t n = quick ? 2'000'000 : 40'000'000;
        Result plain, quantum, vcd;
        {
            Machine m(cfg, Machine::Backend::Plain);
            plain = measure(m, n);
        }
        {
            Machine m(cfg);
            quantum = measure(m, n);
            const std::string path = "bench_vliw.vcd";
            m.enable_vcd(path);
            m.reset();
            vcd = measure(m, n / 10);
            m.disable_vcd();
            std::remove(path.c_str());
        }
        std::printf("# preset %s, %llu cycles (VCD path: %llu), IPC %.2f molecules/cycle\n",
                    cfg.name.c_str(), static_cast<unsigned long long>(n),
                    static_cast<unsigned long long>(n / 10),
                    double(quantum.molecules) / double(quantum.cycles));
        report("vliw_quantum", quantum);
        report("vliw_vcd", vcd);
        report("vliw_plain", plain);
        std::printf("BENCH vliw_quantum_vs_plain_speed %.3f ratio\n",
                    plain.seconds / plain.molecules / (quantum.seconds / quantum.molecules));
    } catch (const ConfigError& e) {
        std::fprintf(stderr, "bench_vliw: %s\n", e.what());
        return 2;
    }
    return 0;
}
