// Runs one asm test and checks its final state against the JSON expectation
// in the test's `%ifdef CONFIG ... %endif` header.
//
//   asm_runner [-v] TEST.asm TEST.elf                   run TEST.elf natively
//   asm_runner [-v] TEST.asm TEST.elf -- CMD [ARGS...]  run CMD ARGS... TEST.elf
//
// The guest writes its own final state (harness.inc's dump) to stdout, so the
// same check applies to a native run (which validates the expectation) and
// to a Codemorph run. A process killed by signal N counts as exit status
// 128+N, as a shell reports it and as `codemorph run` exits.
#include <boost/json.hpp>

#include <elf.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace json = boost::json;

namespace {

constexpr size_t kDumpHeader = 52;
constexpr const char* kRegNames[8] = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
struct FlagName {
    const char* name;
    unsigned bit;
};
constexpr FlagName kFlags[] = {{"CF", 0},  {"PF", 2},  {"AF", 4},  {"ZF", 6},
                               {"SF", 7},  {"TF", 8},  {"IF", 9},  {"DF", 10},
                               {"OF", 11}, {"NT", 14}, {"AC", 18}, {"ID", 21}};

[[noreturn]] void die(const std::string& msg) {
    std::fprintf(stderr, "asm_runner: %s\n", msg.c_str());
    std::exit(2);
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) die(path + ": cannot open: " + std::strerror(errno));
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

/// The JSON between `%ifdef CONFIG` and the next `%endif`.
json::object read_expectation(const std::string& asm_path) {
    std::istringstream in(read_file(asm_path));
    std::string line, text;
    bool inside = false, found = false;
    while (std::getline(in, line)) {
        std::string t = line.substr(0, line.find_last_not_of(" \t\r") + 1);
        if (!inside && t.rfind("%ifdef CONFIG", 0) == 0) {
            inside = found = true;
            continue;
        }
        if (inside && t.rfind("%endif", 0) == 0) break;
        if (inside) text += line + "\n";
    }
    if (!found) die(asm_path + ": no `%ifdef CONFIG` JSON header");
    json::parse_options po;
    po.allow_comments = true;
    po.allow_trailing_commas = true;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec, {}, po);
    if (ec) die(asm_path + ": JSON header: " + ec.message());
    if (!v.is_object()) die(asm_path + ": JSON header is not an object");
    return v.as_object();
}

uint64_t to_u64(const json::value& v, const std::string& what) {
    if (v.is_int64()) return uint64_t(v.as_int64());
    if (v.is_uint64()) return v.as_uint64();
    if (v.is_string()) {
        std::string s(v.as_string());
        char* end = nullptr;
        errno = 0;
        unsigned long long x = std::strtoull(s.c_str(), &end, 0);
        if (!s.empty() && *end == 0 && errno == 0) return x;
    }
    die(what + ": expected a number or a \"0x...\" string, got " + json::serialize(v));
}

/// Symbol name -> address, from the ELF's .symtab.
std::map<std::string, uint32_t> read_symbols(const std::string& elf_path) {
    std::string img = read_file(elf_path);
    auto at = [&](uint64_t off, uint64_t len) {
        if (off + len > img.size()) die(elf_path + ": truncated ELF");
        return img.data() + off;
    };
    Elf32_Ehdr eh;
    std::memcpy(&eh, at(0, sizeof eh), sizeof eh);
    if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS32)
        die(elf_path + ": not a 32-bit ELF");
    std::map<std::string, uint32_t> syms;
    for (unsigned i = 0; i < eh.e_shnum; ++i) {
        Elf32_Shdr sh;
        std::memcpy(&sh, at(eh.e_shoff + uint64_t(i) * eh.e_shentsize, sizeof sh), sizeof sh);
        if (sh.sh_type != SHT_SYMTAB) continue;
        Elf32_Shdr strh;
        std::memcpy(&strh, at(eh.e_shoff + uint64_t(sh.sh_link) * eh.e_shentsize, sizeof strh),
                    sizeof strh);
        const char* strtab = at(strh.sh_offset, strh.sh_size);
        for (uint64_t off = 0; off + sizeof(Elf32_Sym) <= sh.sh_size; off += sizeof(Elf32_Sym)) {
            Elf32_Sym s;
            std::memcpy(&s, at(sh.sh_offset + off, sizeof s), sizeof s);
            if (s.st_name && s.st_name < strh.sh_size && s.st_shndx != SHN_UNDEF)
                syms.emplace(strtab + s.st_name, s.st_value);
        }
    }
    return syms;
}

struct RunResult {
    int status = 0; ///< exit code, or 128+signal
    std::string out;
};

RunResult run(const std::vector<std::string>& cmd) {
    int fds[2];
    if (pipe(fds) != 0) die(std::string("pipe: ") + std::strerror(errno));
    pid_t pid = fork();
    if (pid < 0) die(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        rlimit no_core{0, 0};
        setrlimit(RLIMIT_CORE, &no_core); // expected faults must not leave core files
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> argv;
        for (const std::string& a : cmd)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        std::fprintf(stderr, "asm_runner: cannot run %s: %s\n", argv[0], std::strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    RunResult r;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        r.out.append(buf, size_t(n));
    }
    close(fds[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) die(std::string("waitpid: ") + std::strerror(errno));
    r.status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
    return r;
}

uint32_t le32(const std::string& s, size_t off) {
    uint32_t v = 0;
    std::memcpy(&v, s.data() + off, 4);
    return v;
}

std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

/// Expected bytes of a MemData entry: "01 02 ff" (bytes) or ["0x1", ...]
/// (little-endian dwords).
std::vector<uint8_t> expected_bytes(const json::value& v, const std::string& what) {
    std::vector<uint8_t> out;
    if (v.is_string()) {
        std::istringstream in{std::string(v.as_string())};
        std::string tok;
        while (in >> tok) {
            char* end = nullptr;
            unsigned long b = std::strtoul(tok.c_str(), &end, 16);
            if (*end || b > 0xff) die(what + ": bad byte '" + tok + "'");
            out.push_back(uint8_t(b));
        }
    } else if (v.is_array()) {
        for (const json::value& e : v.as_array()) {
            uint64_t d = to_u64(e, what);
            if (d > 0xffffffffu) die(what + ": " + json::serialize(e) + " is not a dword");
            for (int i = 0; i < 4; ++i)
                out.push_back(uint8_t(d >> (8 * i)));
        }
    } else {
        die(what + ": expected a byte string or an array of dwords");
    }
    return out;
}

std::string bytes_text(const uint8_t* p, size_t n) {
    std::string s;
    char b[4];
    for (size_t i = 0; i < n; ++i) {
        std::snprintf(b, sizeof b, i ? " %02x" : "%02x", p[i]);
        s += b;
    }
    return s;
}

/// "label" or "label+N" (N decimal or 0x hex) -> address.
uint32_t resolve(const std::string& key, const std::map<std::string, uint32_t>& syms) {
    std::string name = key;
    uint32_t off = 0;
    if (auto plus = key.find('+'); plus != std::string::npos) {
        name = key.substr(0, plus);
        off = uint32_t(std::strtoul(key.c_str() + plus + 1, nullptr, 0));
    }
    auto it = syms.find(name);
    if (it == syms.end()) die("MemData: no symbol '" + name + "' in the ELF");
    return it->second + off;
}

} // namespace

int main(int argc, char** argv) {
    bool verbose = false;
    int i = 1;
    if (i < argc && std::strcmp(argv[i], "-v") == 0) verbose = true, ++i;
    if (argc - i < 2) die("usage: asm_runner [-v] TEST.asm TEST.elf [-- CMD [ARGS...]]");
    std::string asm_path = argv[i], elf_path = argv[i + 1];
    std::vector<std::string> cmd;
    if (i + 2 < argc) {
        if (std::strcmp(argv[i + 2], "--") != 0) die("expected `--` before the command");
        for (int k = i + 3; k < argc; ++k)
            cmd.push_back(argv[k]);
    }
    cmd.push_back(elf_path);

    json::object expect = read_expectation(asm_path);
    int want_status = 0;
    if (auto* v = expect.if_contains("ExitStatus")) want_status = int(to_u64(*v, "ExitStatus"));

    RunResult r = run(cmd);
    std::vector<std::string> errors;
    std::string state; // the dumped registers, shown on failure or with -v
    auto fail = [&](const std::string& s) { errors.push_back(s); };

    if (r.status != want_status)
        fail("exit status " + std::to_string(r.status) + ", expected " +
             std::to_string(want_status));
    if (want_status == 0 && r.status == 0) {
        if (r.out.size() < kDumpHeader || r.out.compare(0, 8, std::string("CMDUMP1\0", 8)) != 0) {
            fail("no state dump on stdout (" + std::to_string(r.out.size()) + " bytes)");
        } else {
            uint32_t regs[8];
            for (int k = 0; k < 8; ++k)
                regs[k] = le32(r.out, 8 + 4 * k);
            uint32_t eflags = le32(r.out, 40), mem_base = le32(r.out, 44),
                     mem_len = le32(r.out, 48);
            if (r.out.size() != kDumpHeader + mem_len)
                fail("dump of " + std::to_string(r.out.size()) + " bytes, expected " +
                     std::to_string(kDumpHeader + mem_len));
            char line[160];
            for (int k = 0; k < 8; k += 4) {
                std::snprintf(line, sizeof line, "  %s=%08x %s=%08x %s=%08x %s=%08x\n",
                              kRegNames[k], regs[k], kRegNames[k + 1], regs[k + 1],
                              kRegNames[k + 2], regs[k + 2], kRegNames[k + 3], regs[k + 3]);
                state += line;
            }
            std::snprintf(line, sizeof line, "  EFLAGS=%08x\n", eflags);
            state += line;
            if (auto* rd = expect.if_contains("RegData")) {
                for (auto& [key, val] : rd->as_object()) {
                    std::string name(key);
                    uint64_t want = to_u64(val, "RegData." + name);
                    std::optional<uint32_t> got;
                    for (int k = 0; k < 8; ++k)
                        if (name == kRegNames[k]) got = regs[k];
                    if (name == "EFLAGS") got = eflags;
                    if (!got) die("RegData: unknown register '" + name + "'");
                    if (*got != want) fail(name + " = " + hex(*got) + ", expected " + hex(want));
                }
            }
            if (auto* fl = expect.if_contains("Flags")) {
                for (auto& [key, val] : fl->as_object()) {
                    std::string name(key);
                    const FlagName* f = nullptr;
                    for (const FlagName& c : kFlags)
                        if (name == c.name) f = &c;
                    if (!f) die("Flags: unknown flag '" + name + "'");
                    uint64_t want = to_u64(val, "Flags." + name);
                    unsigned got = (eflags >> f->bit) & 1;
                    if (got != want)
                        fail(name + " = " + std::to_string(got) + ", expected " +
                             std::to_string(want));
                }
            }
            if (auto* md = expect.if_contains("MemData")) {
                auto syms = read_symbols(elf_path);
                for (auto& [key, val] : md->as_object()) {
                    std::string name(key);
                    std::vector<uint8_t> want = expected_bytes(val, "MemData." + name);
                    uint32_t addr = resolve(name, syms);
                    if (addr < mem_base ||
                        uint64_t(addr) + want.size() > uint64_t(mem_base) + mem_len) {
                        fail("MemData." + name + " at " + hex(addr) +
                             " lies outside the dumped .data/.bss");
                        continue;
                    }
                    const uint8_t* got = reinterpret_cast<const uint8_t*>(r.out.data()) +
                                         kDumpHeader + (addr - mem_base);
                    for (size_t k = 0; k < want.size(); ++k) {
                        if (got[k] == want[k]) continue;
                        fail("MemData." + name + " differs at +" + std::to_string(k) +
                             ":\n    got      " + bytes_text(got, want.size()) + "\n    expected " +
                             bytes_text(want.data(), want.size()));
                        break;
                    }
                }
            }
        }
    }

    std::string what;
    for (const std::string& c : cmd)
        what += (what.empty() ? "" : " ") + c;
    if (errors.empty()) {
        std::printf("PASS %s\n%s", what.c_str(), verbose ? state.c_str() : "");
        return 0;
    }
    std::printf("FAIL %s\n", what.c_str());
    for (const std::string& e : errors)
        std::printf("  %s\n", e.c_str());
    if (!state.empty()) std::printf("final state:\n%s", state.c_str());
    return 1;
}
