#include "compare.hpp"

#include <algorithm>
#include <cstring>

#include "exceptions.hpp"
#include "x86/decoder.hpp"

namespace cm::diff {

namespace {

const char* const kGprNames[8] = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};

struct FlagField {
    const char* name;
    uint32_t mask;
};
const FlagField kFlagFields[] = {
    {"CF", 1u << 0},  {"PF", 1u << 2},  {"AF", 1u << 4},  {"ZF", 1u << 6},  {"SF", 1u << 7},
    {"TF", 1u << 8},  {"IF", 1u << 9},  {"DF", 1u << 10}, {"OF", 1u << 11}, {"IOPL", 3u << 12},
    {"NT", 1u << 14}, {"AC", 1u << 18}, {"ID", 1u << 21}};

std::string hex(uint32_t v, int digits = 8) {
    char b[16];
    std::snprintf(b, sizeof b, "%0*x", digits, v);
    return b;
}

std::string fault_text(const RunResult& r) {
    if (!r.error.empty()) return "harness error: " + r.error;
    std::string s = x86::fault_name(r.fault);
    if (s == "unknown fault") s = "vector " + std::to_string(int(r.fault));
    if (r.unsupported) s += " [no lifter in Codemorph]";
    return s;
}

/// `faulted`: both CPUs raised the same fault, see partial-stores-on-fault.
void compare_area(uint32_t base, const uint8_t* init, const uint8_t* uc, const uint8_t* cm,
                  size_t n, bool faulted, Verdict& v) {
    for (size_t i = 0; i < n; ++i)
        if (uc[i] != cm[i]) {
            if (faulted && cm[i] == init[i]) {
                v.rule = "partial-stores-on-fault";
                continue;
            }
            v.pass = false;
            v.rows.push_back({"[" + hex(base + uint32_t(i), 5) + "]", hex(init[i], 2),
                              hex(uc[i], 2), hex(cm[i], 2)});
        }
}

/// A fault in Codemorph's first step must leave everything as it was:
/// rows named "EAX!" (etc.) flag what it changed anyway.
void check_unchanged(const TestCase& tc, const RunResult& cm, Verdict& v) {
    const MachineState &i = tc.init, &b = cm.st;
    auto row = [&](std::string what, std::string init, std::string now) {
        v.pass = false;
        v.rows.push_back({what + "!", init, "(fault)", now});
    };
    for (int r = 0; r < 8; ++r)
        if (i.gpr[r] != b.gpr[r]) row(kGprNames[r], hex(i.gpr[r]), hex(b.gpr[r]));
    if (i.eip != b.eip) row("EIP", hex(i.eip), hex(b.eip));
    if ((i.eflags ^ b.eflags) & kComparedFlags) row("EFLAGS", hex(i.eflags), hex(b.eflags));
    for (size_t k = 0; k < kDataSize; ++k)
        if (i.data[k] != b.data[k])
            row("[" + hex(kDataBase + uint32_t(k), 5) + "]", hex(i.data[k], 2), hex(b.data[k], 2));
    for (size_t k = 0; k < kStackSize; ++k)
        if (i.stack[k] != b.stack[k])
            row("[" + hex(kStackBase + uint32_t(k), 5) + "]", hex(i.stack[k], 2),
                hex(b.stack[k], 2));
}

std::string hex80(const uint8_t* p) {
    std::string s;
    char b[4];
    for (int i = 9; i >= 0; --i) {
        std::snprintf(b, sizeof b, "%02x", p[i]);
        s += b;
        if (i == 8) s += ':';
    }
    return s;
}

/// The x87 state: control word, status word (undefined C0-C3 and the named
/// exceptions' bits masked), tag word, and each physical register that is
/// not empty on both sides, bit for bit.
void compare_fpu(const TestCase& tc, const FpuState& a, const FpuState& b, const Leniency& len,
                 Verdict& v) {
    const FpuState& i = tc.init.fpu;
    if ((a.cw ^ b.cw) & ~len.fpu_cw_bits) {
        v.pass = false;
        v.rows.push_back({"FPCW", hex(i.cw, 4), hex(a.cw, 4), hex(b.cw, 4)});
    }
    uint16_t swmask = uint16_t(~(tc.fpu_cc_undefined | len.fpu_sw_bits));
    if (len.rule2) v.rule2 = len.rule2;
    if ((a.sw ^ b.sw) & swmask) {
        v.pass = false;
        v.rows.push_back({"FPSW", hex(i.sw, 4), hex(a.sw, 4), hex(b.sw, 4)});
    }
    if ((a.tw ^ b.tw) & ~len.fpu_tag_bits) {
        v.pass = false;
        v.rows.push_back({"FPTAG", hex(i.tw, 4), hex(a.tw, 4), hex(b.tw, 4)});
    }
    for (int r = 0; r < 8; ++r) {
        bool empty = ((a.tw >> (2 * r)) & 3) == 3 && ((b.tw >> (2 * r)) & 3) == 3;
        if (empty || ((len.fpu_regs >> r) & 1)) continue;
        if (std::memcmp(a.r[r], b.r[r], 10) != 0) {
            v.pass = false;
            v.rows.push_back(
                {"R" + std::to_string(r), hex80(i.r[r]), hex80(a.r[r]), hex80(b.r[r])});
        }
    }
}

} // namespace

std::string flag_names(uint32_t mask) {
    std::string s;
    for (const auto& f : kFlagFields)
        if (mask & f.mask) s += (s.empty() ? "" : " ") + std::string(f.name);
    return s.empty() ? "-" : s;
}

std::string disassemble(const TestCase& tc) {
    static const x86::Decoder decoder;
    return decoder.disassemble(tc.code, tc.len, kInsnAddr);
}

Verdict compare(const TestCase& tc, const RunResult& uc, const RunResult& cm) {
    Verdict v;
    Leniency len = exceptions_for(tc);
    v.rule = len.rule;
    if (uc.fault != cm.fault || !uc.error.empty() || !cm.error.empty() || cm.unsupported) {
        v.pass = false;
        v.rows.push_back({"fault", "-", fault_text(uc), fault_text(cm)});
    }
    const MachineState &i = tc.init, &a = uc.st, &b = cm.st;
    for (int r = 0; r < 8; ++r)
        if ((a.gpr[r] ^ b.gpr[r]) & ~len.gpr_bits[r]) {
            v.pass = false;
            v.rows.push_back({kGprNames[r], hex(i.gpr[r]), hex(a.gpr[r]), hex(b.gpr[r])});
        }
    if (a.eip != b.eip) {
        v.pass = false;
        v.rows.push_back({"EIP", hex(i.eip), hex(a.eip), hex(b.eip)});
    }
    v.flags_masked = tc.flags_undefined | len.flags;
    const uint32_t mask = kComparedFlags & ~v.flags_masked;
    for (const auto& f : kFlagFields)
        if ((f.mask & mask) && (a.eflags & f.mask) != (b.eflags & f.mask)) {
            v.pass = false;
            int sh = __builtin_ctz(f.mask);
            v.rows.push_back({f.name, hex((i.eflags & f.mask) >> sh, 1),
                              hex((a.eflags & f.mask) >> sh, 1),
                              hex((b.eflags & f.mask) >> sh, 1)});
        }
    // partial-stores-on-fault: when a store crosses from a mapped page into
    // an unmapped one, or an instruction with several accesses faults part
    // way (enter's pushes before it reads the old frame, pop to a bad
    // address), QEMU keeps the bytes it already stored. Hardware checks the
    // whole access before committing it, and Codemorph promises the state
    // from before the instruction. So when both CPUs raise the same fault in
    // their first step, a byte Codemorph left at its initial value passes
    // whatever Unicorn holds there. (Not after earlier rep iterations: a
    // store those missed must still show.)
    const bool faulted =
        uc.fault == cm.fault && cm.fault != x86::Fault::None && uc.steps == 0 && cm.steps == 0;
    if (cm.fault != x86::Fault::None && cm.steps == 0) check_unchanged(tc, cm, v);
    // qemu-x87-fault-state: when an x87 memory access faults, QEMU 5 may have
    // already popped the stack and moved EIP on (its helpers update the FPU
    // before the store's page walk). Hardware and Codemorph leave everything
    // as before the instruction, which check_unchanged verifies above (the FPU
    // state too); the Unicorn side is not compared then.
    if (tc.fpu && faulted) {
        v.rule2 = "qemu-x87-fault-state";
        const FpuState &fi = tc.init.fpu, &fc = cm.st.fpu;
        auto empties = [](uint16_t tw) {
            uint16_t e = 0;
            for (int r = 0; r < 8; ++r)
                e = uint16_t(e | ((((tw >> (2 * r)) & 3) == 3) << r));
            return e;
        };
        if (std::memcmp(fi.r, fc.r, sizeof fi.r) != 0 || fi.cw != fc.cw || fi.sw != fc.sw ||
            empties(fi.tw) != empties(fc.tw)) {
            v.pass = false;
            v.rows.push_back({"FPU!", "-", "(fault)", "changed"});
        }
        v.rows.erase(std::remove_if(v.rows.begin(), v.rows.end(),
                                    [](const DiffRow& r) { return r.what == "EIP"; }),
                     v.rows.end());
        v.pass = v.rows.empty(); // every difference left has its row
    } else if (tc.fpu) {
        compare_fpu(tc, uc.st.fpu, cm.st.fpu, len, v);
    }
    compare_area(kDataBase, i.data.data(), a.data.data(), b.data.data(), kDataSize, faulted, v);
    compare_area(kStackBase, i.stack.data(), a.stack.data(), b.stack.data(), kStackSize, faulted,
                 v);
    return v;
}

void print_mismatch(std::FILE* f, uint64_t seed, const char* cls, const TestCase& tc,
                    const RunResult& uc, const RunResult& cm, const Verdict& v, bool verbose) {
    std::fprintf(
        f, "---- MISMATCH  class %s  case %llu  (replay: diff_unicorn --seed %llu --case %llu)\n",
        cls, (unsigned long long)tc.index, (unsigned long long)seed, (unsigned long long)tc.index);
    std::fprintf(f, "  insn     %-30s %s\n", x86::hex_bytes(tc.code, tc.len).c_str(),
                 disassemble(tc).c_str());
    std::fprintf(f, "  masked   undefined flags: %s%s%s\n", flag_names(v.flags_masked).c_str(),
                 v.rule ? "   exception: " : "", v.rule ? v.rule : "");
    std::fprintf(f, "  fault    unicorn: %s | codemorph: %s   (steps %u | %u)\n",
                 fault_text(uc).c_str(), fault_text(cm).c_str(), uc.steps, cm.steps);
    if (verbose) {
        std::fprintf(f, "  initial ");
        for (int r = 0; r < 8; ++r)
            std::fprintf(f, " %s=%08x", kGprNames[r], tc.init.gpr[r]);
        std::fprintf(f, " EFLAGS=%08x\n", tc.init.eflags);
        if (tc.fpu) {
            const FpuState& x = tc.init.fpu;
            std::fprintf(f, "  initial  FPCW=%04x FPSW=%04x FPTAG=%04x (TOP %u)\n", x.cw, x.sw,
                         x.tw, (x.sw >> 11) & 7u);
            for (int r = 0; r < 8; ++r)
                std::fprintf(f, "           R%d %s%s\n", r, hex80(x.r[r]).c_str(),
                             ((x.tw >> (2 * r)) & 3) == 3 ? " (empty)" : "");
        }
    }
    std::fprintf(f, "  %-10s %-10s %-10s %-10s\n", "what", "initial", "unicorn", "codemorph");
    const size_t limit = verbose ? v.rows.size() : 40;
    for (size_t k = 0; k < v.rows.size() && k < limit; ++k) {
        const DiffRow& r = v.rows[k];
        if (r.what == "fault") continue; // shown above
        std::fprintf(f, "  %-10s %-10s %-10s %-10s\n", r.what.c_str(), r.init.c_str(), r.uc.c_str(),
                     r.cm.c_str());
    }
    if (v.rows.size() > limit)
        std::fprintf(f, "  ... %zu more rows (--verbose shows all)\n", v.rows.size() - limit);
}

} // namespace cm::diff
