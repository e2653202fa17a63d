// c_runner: runs one guest C program natively and under Codemorph with the
// same arguments, environment and stdin, each in a fresh empty working
// directory, and compares stdout, stderr and exit status byte for byte.
//
//   c_runner [--timeout SEC] PROGRAM [-- CODEMORPH [CODEMORPH ARGS...]]
//
// The expectation is always the native run: the program runs natively twice
// (the two runs must agree, or the program is not deterministic and the test
// itself is broken), then under `CODEMORPH ARGS... PROGRAM GUEST-ARGS...`.
// Without `-- CODEMORPH` only the native runs happen. A process killed by a
// signal counts as exit status 128+signal, as `codemorph run` reports it.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// What every run gets. Programs may print these (argv_env does), so they are
// fixed here rather than inherited from whoever runs ctest.
const std::vector<std::string> kGuestArgs = {"alpha", "beta gamma", "",
                                             "-x",    "--long=opt", "caf\xc3\xa9"};
const std::vector<std::string> kGuestEnv = {
    "PATH=/usr/bin:/bin",
    "LC_ALL=C",
    "TZ=UTC",
    "HOME=/nonexistent",
    "CM_TEST_VAR=hello world",
    "CM_TEST_EMPTY=",
    "CM_TEST_NUM=12345",
};

struct Outcome {
    int status = -1; ///< exit status, 128+signal when killed
    bool signaled = false;
    bool timed_out = false;
    std::string out, err;
    std::string failure; ///< set when the run could not be done at all
};

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void remove_tree(const std::string& path) {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path.c_str(), 0700); // a test may have left a read-only directory
        if (DIR* d = opendir(path.c_str())) {
            std::vector<std::string> names;
            while (dirent* e = readdir(d))
                if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, ".."))
                    names.push_back(e->d_name);
            closedir(d);
            for (const std::string& n : names)
                remove_tree(path + "/" + n);
        }
        rmdir(path.c_str());
    } else {
        unlink(path.c_str());
    }
}

double now() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/// Runs argv in a new empty directory `dir` with stdout/stderr captured.
Outcome run(const std::vector<std::string>& argv, const std::string& dir,
            const std::string& capture, double timeout) {
    Outcome o;
    if (mkdir(dir.c_str(), 0700) != 0) {
        o.failure = "cannot create " + dir + ": " + std::strerror(errno);
        return o;
    }
    std::string outp = capture + ".out", errp = capture + ".err";
    std::vector<char*> av, ev;
    for (const std::string& a : argv)
        av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    for (const std::string& e : kGuestEnv)
        ev.push_back(const_cast<char*>(e.c_str()));
    ev.push_back(nullptr);

    pid_t pid = fork();
    if (pid < 0) {
        o.failure = std::string("fork: ") + std::strerror(errno);
        return o;
    }
    if (pid == 0) {
        setpgid(0, 0);
        rlimit core{0, 0};
        setrlimit(RLIMIT_CORE, &core);
        int in = open("/dev/null", O_RDONLY);
        int out = open(outp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(errp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0 || chdir(dir.c_str()) != 0) _exit(121);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        close(in);
        close(out);
        close(err);
        umask(022);
        execve(av[0], av.data(), ev.data());
        std::fprintf(stderr, "c_runner: cannot execute %s: %s\n", av[0], std::strerror(errno));
        _exit(122);
    }
    double deadline = now() + timeout;
    int ws = 0;
    for (;;) {
        pid_t r = waitpid(pid, &ws, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) {
            o.failure = std::string("waitpid: ") + std::strerror(errno);
            return o;
        }
        if (now() > deadline) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &ws, 0);
            o.timed_out = true;
            break;
        }
        timespec ts{0, 5 * 1000 * 1000};
        nanosleep(&ts, nullptr);
    }
    kill(-pid, SIGKILL); // anything the program left behind in its group
    if (WIFEXITED(ws))
        o.status = WEXITSTATUS(ws);
    else if (WIFSIGNALED(ws)) {
        o.status = 128 + WTERMSIG(ws);
        o.signaled = true;
    }
    o.out = slurp(outp);
    o.err = slurp(errp);
    return o;
}

/// "line N: native 'x' / codemorph 'y'" for the first difference, or "".
std::string first_difference(const std::string& a, const std::string& b) {
    if (a == b) return "";
    size_t i = 0, line = 1, ls = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) {
        if (a[i] == '\n') {
            ++line;
            ls = i + 1;
        }
        ++i;
    }
    auto line_at = [&](const std::string& s) {
        if (ls >= s.size()) return std::string("<end of output>");
        size_t e = s.find('\n', ls);
        std::string l = s.substr(ls, e == std::string::npos ? std::string::npos : e - ls);
        if (l.size() > 200) l = l.substr(0, 200) + "...";
        return "'" + l + "'" + (e == std::string::npos ? " (no newline)" : "");
    };
    std::ostringstream m;
    m << "line " << line << " (byte " << i << "; sizes " << a.size() << " vs " << b.size() << ")\n"
      << "      native:    " << line_at(a) << "\n"
      << "      codemorph: " << line_at(b);
    return m.str();
}

void show(const char* what, const std::string& s, size_t max_lines) {
    std::printf("--- %s (%zu bytes)%s\n", what, s.size(), s.empty() ? ": empty" : "");
    size_t pos = 0, n = 0;
    while (pos < s.size() && n < max_lines) {
        size_t e = s.find('\n', pos);
        if (e == std::string::npos) e = s.size();
        std::printf("  | %s\n", s.substr(pos, e - pos).c_str());
        pos = e + 1;
        ++n;
    }
    if (pos < s.size()) std::printf("  | ...\n");
}

int usage() {
    std::fprintf(stderr, "usage: c_runner [--timeout SEC] PROGRAM [-- CODEMORPH [ARGS...]]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    double timeout = 60;
    int i = 1;
    if (i + 1 < argc && std::strcmp(argv[i], "--timeout") == 0) {
        timeout = std::atof(argv[i + 1]);
        i += 2;
    }
    if (i >= argc) return usage();
    std::string program = argv[i++];
    std::vector<std::string> cm;
    if (i < argc) {
        if (std::strcmp(argv[i], "--") != 0 || i + 1 >= argc) return usage();
        for (++i; i < argc; ++i)
            cm.push_back(argv[i]);
    }
    // Runs happen in fresh directories: relative paths must be made absolute.
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return usage();
    if (program.empty() || program[0] != '/') program = std::string(cwd) + "/" + program;
    if (!cm.empty() && cm[0].find('/') != std::string::npos && cm[0][0] != '/')
        cm[0] = std::string(cwd) + "/" + cm[0];
    if (access(program.c_str(), X_OK) != 0) {
        std::printf("FAIL: %s is not executable: %s\n", program.c_str(), std::strerror(errno));
        return 1;
    }

    const char* tmp = std::getenv("TMPDIR");
    std::string base = std::string(tmp && *tmp ? tmp : "/tmp") + "/cm-c-XXXXXX";
    if (!mkdtemp(base.data())) {
        std::printf("FAIL: cannot create a temporary directory: %s\n", std::strerror(errno));
        return 1;
    }

    std::vector<std::string> native_argv{program};
    native_argv.insert(native_argv.end(), kGuestArgs.begin(), kGuestArgs.end());
    int rc = 0;
    auto fail = [&](const std::string& why) {
        std::printf("FAIL: %s\n", why.c_str());
        rc = 1;
    };

    Outcome n1 = run(native_argv, base + "/native1", base + "/native1", timeout);
    Outcome n2 = run(native_argv, base + "/native2", base + "/native2", timeout);
    if (!n1.failure.empty() || !n2.failure.empty()) {
        fail("native run: " + n1.failure + n2.failure);
    } else if (n1.timed_out || n2.timed_out) {
        fail("native run timed out (test program bug)");
    } else if (n1.status != n2.status || n1.out != n2.out || n1.err != n2.err) {
        fail(
            "two native runs differ: the test program is not deterministic (test bug)\n  stdout: " +
            first_difference(n1.out, n2.out) + "\n  stderr: " + first_difference(n1.err, n2.err));
    }
    std::printf("native: exit status %d%s, stdout %zu bytes, stderr %zu bytes\n", n1.status,
                n1.signaled ? " (killed by a signal)" : "", n1.out.size(), n1.err.size());

    if (rc == 0 && !cm.empty()) {
        std::vector<std::string> cm_argv = cm;
        cm_argv.push_back(program);
        cm_argv.insert(cm_argv.end(), kGuestArgs.begin(), kGuestArgs.end());
        Outcome c = run(cm_argv, base + "/codemorph", base + "/codemorph", timeout);
        if (!c.failure.empty()) {
            fail("codemorph run: " + c.failure);
        } else {
            std::printf("codemorph: exit status %d%s, stdout %zu bytes, stderr %zu bytes\n",
                        c.status, c.timed_out ? " (timed out)" : "", c.out.size(), c.err.size());
            if (c.timed_out)
                fail("codemorph timed out after " + std::to_string(int(timeout)) + " s");
            if (c.status != n1.status)
                fail("exit status: native " + std::to_string(n1.status) + ", codemorph " +
                     std::to_string(c.status));
            if (c.out != n1.out) fail("stdout differs at " + first_difference(n1.out, c.out));
            if (c.err != n1.err) fail("stderr differs at " + first_difference(n1.err, c.err));
            if (rc != 0) {
                show("codemorph stderr", c.err, 10);
                show("codemorph stdout", c.out, 10);
                show("native stderr", n1.err, 10);
            }
        }
    }
    remove_tree(base);
    if (rc == 0) std::printf("PASS\n");
    return rc;
}
