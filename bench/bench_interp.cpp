// Interpreter speed: the loop kernel run natively on the host and in the
// CMS interpreter, in one run, as guest MIPS and their ratio.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "fw/runner.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

/// Wall time of one native run of `path` with stdout discarded; <0 on failure.
double run_native(const std::string& path) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
    auto t0 = Clock::now();
    pid_t pid;
    if (posix_spawn(&pid, path.c_str(), &fa, nullptr, argv, environ) != 0) return -1;
    int st = 0;
    waitpid(pid, &st, 0);
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    posix_spawn_file_actions_destroy(&fa);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? s : -1;
}

} // namespace

int main(int argc, char** argv) {
    std::string path = argc > 1 ? argv[1] : std::string(CM_BENCH_GUEST_DIR) + "/loop_bench";
    const int reps = 5;

    // Interpreter: guest stdout goes to /dev/null so only BENCH lines show.
    int saved = dup(1);
    int devnull = open("/dev/null", O_WRONLY);
    cm::fw::RunResult best{};
    best.host_seconds = 1e30;
    for (int i = 0; i < 3; ++i) {
        dup2(devnull, 1);
        cm::fw::RunOptions o;
        o.program = path;
        o.argv = {path};
        o.cms.mode = cm::morph::CmsOptions::Mode::Interp; // this benchmark is the interpreter's
        cm::fw::RunResult r = cm::fw::execute(o);
        dup2(saved, 1);
        if (r.status != 0) {
            std::fprintf(stderr, "bench_interp: %s failed under Codemorph (status %d)\n", path.c_str(), r.status);
            return 1;
        }
        if (r.host_seconds < best.host_seconds) best = r;
    }
    close(devnull);

    double native = 1e30;
    for (int i = 0; i < reps; ++i) {
        double s = run_native(path);
        if (s < 0) {
            std::fprintf(stderr, "bench_interp: native run of %s failed\n", path.c_str());
            return 1;
        }
        native = std::min(native, s);
    }
    double insns = double(best.instructions);
    double interp_mips = insns / best.host_seconds / 1e6;
    double native_mips = insns / native / 1e6;
    std::printf("BENCH interp_loop_guest_insns %.0f insns\n", insns);
    std::printf("BENCH interp_loop_guest_mips %.2f MIPS\n", interp_mips);
    std::printf("BENCH native_loop_guest_mips %.2f MIPS\n", native_mips);
    std::printf("BENCH interp_loop_slowdown %.1f x\n", native_mips / interp_mips);
    return 0;
}
