// diff_unicorn: random single instructions run in Unicorn (the reference)
// and in Codemorph's interpreter; any difference in registers, EIP, defined
// flags, memory or faults is a failure. See README.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "compare.hpp"
#include "generator.hpp"
#include "run_codemorph.hpp"
#include "run_unicorn.hpp"
#include "x86/decoder.hpp"

using namespace cm::diff;

namespace {

struct Options {
    uint64_t cases = 100000;
    uint64_t seed = 20240601;
    int cls = -1;           ///< only this class
    int64_t only_case = -1; ///< replay exactly this case
    bool verbose = false;
    bool translate = false; ///< the translated path instead of the interpreter
    uint64_t max_reports = 3; ///< mismatch blocks printed per class
};

[[noreturn]] void usage(int status) {
    std::fprintf(
        status ? stderr : stdout,
        "usage: diff_unicorn [--cases N] [--seed S] [--class NAME] [--case K] [--verbose]\n"
        "                    [--max-reports N] [--translate] [--list]\n"
        "  --cases N        cases to run, spread over the classes (default 100000;\n"
        "                   the environment variable CM_DIFF_CASES overrides it)\n"
        "  --seed S         run seed (default 20240601; CM_DIFF_SEED overrides it)\n"
        "  --class NAME     only this class (--list shows them)\n"
        "  --case K         replay exactly case K of the seed, with full detail\n"
        "  --max-reports N  mismatch blocks printed per class (default 3, 0 = all)\n"
        "  --verbose        one line per case, and full state in mismatch blocks\n"
        "  --translate      run Codemorph's translated path (the CMS with hot threshold 0\n"
        "                   and one-instruction regions on the VLIW machine) instead of\n"
        "                   the interpreter\n");
    std::exit(status);
}

uint64_t number(const char* opt, const char* s) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(s ? s : "", &end, 0);
    if (!s || !*s || *end) {
        std::fprintf(stderr, "diff_unicorn: %s needs a number, got '%s'\n", opt, s ? s : "");
        std::exit(2);
    }
    return v;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto arg = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        if (a == "--cases")
            o.cases = number("--cases", arg());
        else if (a == "--seed")
            o.seed = number("--seed", arg());
        else if (a == "--case")
            o.only_case = int64_t(number("--case", arg()));
        else if (a == "--max-reports")
            o.max_reports = number("--max-reports", arg());
        else if (a == "--verbose" || a == "-v")
            o.verbose = true;
        else if (a == "--translate")
            o.translate = true;
        else if (a == "--class") {
            const char* n = arg();
            o.cls = n ? find_class(n) : -1;
            if (o.cls < 0) {
                std::fprintf(stderr,
                             "diff_unicorn: unknown class '%s' (--list shows the classes)\n",
                             n ? n : "");
                std::exit(2);
            }
        } else if (a == "--list") {
            for (const auto& c : classes())
                std::printf("%-8s %s\n", c.name, c.description);
            std::exit(0);
        } else if (a == "--help" || a == "-h")
            usage(0);
        else {
            std::fprintf(stderr, "diff_unicorn: unknown option '%s'\n", a.c_str());
            usage(2);
        }
    }
    if (const char* e = std::getenv("CM_DIFF_CASES"); e && *e) o.cases = number("CM_DIFF_CASES", e);
    if (const char* e = std::getenv("CM_DIFF_SEED"); e && *e) o.seed = number("CM_DIFF_SEED", e);
    return o;
}

struct KeyStat {
    uint64_t failed = 0;
    uint64_t first_case = 0;
};
struct RuleStat {
    uint64_t cases = 0;
    std::map<std::string, uint64_t> forms;
};
struct ClassStat {
    uint64_t run = 0, failed = 0, reported = 0;
    std::map<std::string, KeyStat> keys; ///< failing mnemonic forms
};

} // namespace

int main(int argc, char** argv) {
    const Options opt = parse(argc, argv);
    const auto& table = classes();
    const uint64_t ncls = table.size();
    std::vector<uint64_t> indices;
    if (opt.only_case >= 0)
        indices.push_back(uint64_t(opt.only_case));
    else
        for (uint64_t k = 0; k < opt.cases; ++k)
            indices.push_back(opt.cls >= 0 ? uint64_t(opt.cls) + k * ncls : k);

    std::unique_ptr<UnicornCpu> uc;
    std::unique_ptr<CodemorphCpu> cmc;
    try {
        uc = std::make_unique<UnicornCpu>();
        cmc = std::make_unique<CodemorphCpu>(opt.translate);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "diff_unicorn: %s\n", e.what());
        return 2;
    }

    std::printf("diff_unicorn: seed %llu, %zu case(s)%s\n", (unsigned long long)opt.seed,
                indices.size(), opt.translate ? ", translated path" : "");
    std::vector<ClassStat> stats(ncls);
    std::map<std::string, RuleStat> rule_hits; ///< cases a named exception touched
    uint64_t passed = 0, failed = 0;
    const auto t0 = std::chrono::steady_clock::now();
    TestCase tc;
    for (uint64_t k : indices) {
        if (!make_case(opt.seed, k, tc)) {
            std::fprintf(stderr,
                         "diff_unicorn: generator bug: case %llu of class %s is not encodable\n",
                         (unsigned long long)k, table[k % ncls].name);
            return 2;
        }
        RunResult a = uc->run(tc);
        RunResult b = cmc->run(tc);
        Verdict v = compare(tc, a, b);
        ClassStat& cs = stats[tc.cls];
        ++cs.run;
        for (const char* rule : {v.rule, v.rule2})
            if (rule) {
                RuleStat& rs = rule_hits[rule];
                ++rs.cases;
                ++rs.forms[tc.key];
            }
        const bool detail = opt.only_case >= 0 || opt.verbose;
        if (detail && (v.pass || opt.only_case >= 0))
            std::printf("case %llu  %-6s %-28s %-34s %s  (%s, %u step%s)\n", (unsigned long long)k,
                        table[tc.cls].name, cm::x86::hex_bytes(tc.code, tc.len).c_str(),
                        disassemble(tc).c_str(), v.pass ? "ok" : "MISMATCH",
                        cm::x86::fault_name(a.fault), a.steps, a.steps == 1 ? "" : "s");
        if (v.pass) {
            ++passed;
            continue;
        }
        ++failed;
        ++cs.failed;
        KeyStat& ks = cs.keys[tc.key];
        if (ks.failed++ == 0) ks.first_case = k;
        if (opt.max_reports == 0 || cs.reported < opt.max_reports || detail) {
            ++cs.reported;
            print_mismatch(stdout, opt.seed, table[tc.cls].name, tc, a, b, v, detail);
        }
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::printf("\n%-8s %9s %9s  failing forms (count, first case)\n", "class", "cases", "failed");
    for (uint64_t c = 0; c < ncls; ++c) {
        const ClassStat& cs = stats[c];
        if (!cs.run) continue;
        std::string forms;
        for (const auto& [key, ks] : cs.keys)
            forms += (forms.empty() ? "" : ", ") + key + " (" + std::to_string(ks.failed) +
                     ", case " + std::to_string(ks.first_case) + ")";
        std::printf("%-8s %9llu %9llu  %s\n", table[c].name, (unsigned long long)cs.run,
                    (unsigned long long)cs.failed, forms.c_str());
    }
    for (const auto& [rule, rs] : rule_hits) {
        std::string forms;
        for (const auto& [key, n] : rs.forms)
            forms += (forms.empty() ? "" : ", ") + key;
        std::printf("exception %s applied to %llu case(s): %s\n", rule.c_str(),
                    (unsigned long long)rs.cases, forms.c_str());
    }
    if (opt.translate)
        std::printf("translated: %llu of %zu case(s) retired by translated code (the rest "
                    "interpreted: untranslatable or faulting)\n",
                    (unsigned long long)cmc->translated_cases(), indices.size());
    std::printf("%llu passed, %llu failed (seed %llu, %.1f s)\n", (unsigned long long)passed,
                (unsigned long long)failed, (unsigned long long)opt.seed, secs);
    return failed ? 1 : 0;
}
