// Lockstep verification of translated regions against the interpreter's
// semantics (see verify.hpp for the protocol and its limits).
#include "morph/verify.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ir_eval.hpp"
#include "x86/decoder.hpp"
#include "x86/lifter.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {

/// One store of the reference, kept out of guest memory.
struct JournalEntry {
    uint32_t addr;
    uint8_t size;
    uint16_t step;  ///< index of the guest instruction that stored it
    uint32_t value; ///< bytes stored (little-endian)
    uint32_t old;   ///< guest memory's bytes there before the region ran
};

/// The reference's memory: reads see guest memory overlaid by the journal,
/// writes go to the journal only. Permissions are guest memory's.
struct JournalMem {
    GuestMemory& mem;
    std::vector<JournalEntry> log;
    uint16_t step = 0;

    bool read(uint32_t addr, unsigned size, uint32_t& out) {
        if (size > 4 || !mem.check(addr, size, GuestMemory::R)) return false;
        uint8_t b[4] = {};
        std::memcpy(b, mem.host(addr), size);
        for (const JournalEntry& e : log)
            for (unsigned i = 0; i < size; ++i) {
                uint32_t off = addr + i - e.addr;
                if (off < e.size) b[i] = uint8_t(e.value >> (8 * off));
            }
        out = 0;
        std::memcpy(&out, b, size);
        return true;
    }
    bool write(uint32_t addr, unsigned size, uint32_t value) {
        if (!mem.check(addr, size, GuestMemory::W)) return false;
        uint32_t old = 0;
        std::memcpy(&old, mem.host(addr), size);
        log.push_back({addr, uint8_t(size), step, value, old});
        return true;
    }
    bool check(uint32_t addr, uint64_t len, uint8_t perm) const {
        return mem.check(addr, len, perm);
    }
};

using JournalCtx = BasicEvalCtx<JournalMem, GuestEnv>;

/// The compared part of the guest state after some instructions.
struct Point {
    uint32_t gpr[8];
    uint32_t eip;
    uint32_t arith;     ///< arithmetic flags, EFLAGS layout
    uint32_t df;        ///< 0 or 1
    uint32_t undefined; ///< arithmetic flags whose value is undefined here
    X87State fpu;
    void save(const CpuState& c, uint32_t undef) {
        std::memcpy(gpr, c.gpr, sizeof gpr);
        eip = c.eip;
        arith = c.get_eflags() & eflags::kArith;
        df = c.flag[int(Flag::DF)];
        undefined = undef;
        fpu = c.fpu;
    }
};

/// The 80 significant bits of an x87 register as hex, for reports.
std::string fp_hex(const long double& v) {
    uint64_t mant;
    uint16_t se;
    std::memcpy(&mant, &v, 8);
    std::memcpy(&se, reinterpret_cast<const uint8_t*>(&v) + 8, 2);
    char b[32];
    std::snprintf(b, sizeof b, "%04x:%016llx", se, (unsigned long long)mant);
    return b;
}

/// A decoded, lifted guest instruction, reused while its bytes stay the same.
struct CachedInsn {
    uint8_t bytes[15] = {};
    LiftedInsn li;
    std::vector<IrInst> ops;
    std::string text;
};

const char* kGprName[8] = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};

} // namespace

struct Verifier::Impl {
    GuestMemory& mem;
    GuestEnv& env;
    VerifyTamper tamper;
    std::FILE* out;
    Decoder decoder;
    boost::unordered_flat_map<uint32_t, CachedInsn> cache;
    JournalMem jmem;
    std::vector<Point> points;          ///< points[k]: after k instructions
    std::vector<const CachedInsn*> ran; ///< the instructions the reference ran
    std::string stop_reason;            ///< why it ran fewer than the region's
    CpuState work;

    Impl(GuestMemory& m, GuestEnv& e, VerifyTamper t, std::FILE* o)
        : mem(m), env(e), tamper(t), out(o), jmem{m, {}, 0} {}

    /// Readable executable bytes at `addr`, up to 15 (as the interpreter fetches).
    size_t fetch(uint32_t addr, uint8_t* buf) const {
        size_t n = 0;
        while (n < 15) {
            uint32_t a = addr + uint32_t(n);
            if (a < addr) break;
            uint8_t f = mem.page_flags(a);
            if (!(f & GuestMemory::kMapped) || !(f & GuestMemory::X)) break;
            size_t in_page = GuestMemory::kPageSize - (a & (GuestMemory::kPageSize - 1));
            size_t take = std::min(in_page, 15 - n);
            std::memcpy(buf + n, mem.host(a), take);
            n += take;
        }
        return n;
    }

    const CachedInsn* insn_at(uint32_t addr) {
        uint8_t buf[15];
        size_t n = fetch(addr, buf);
        if (n == 0) return nullptr;
        auto it = cache.find(addr);
        if (it != cache.end() && it->second.li.length <= n &&
            std::memcmp(it->second.bytes, buf, it->second.li.length) == 0)
            return &it->second;
        Insn insn;
        if (decoder.decode(buf, n, addr, insn) != DecodeStatus::Ok) return nullptr;
        if (cache.size() > (1u << 20)) cache.clear();
        CachedInsn& c = cache[addr];
        c.ops.clear();
        c.li = lift(insn, c.ops);
        std::memcpy(c.bytes, buf, n);
        c.text = decoder.disassemble(buf, n, addr);
        return &c;
    }

    /// Executes one instruction of the reference; false if it did not complete.
    bool step(const CachedInsn& ci) {
        uint32_t t[kMaxTemps];
        FpCtx fx;
        JournalCtx c{work, &jmem, &env, &fx};
        for (const IrInst& op : ci.ops) {
            OpStatus s = eval_op(op, t, c);
            if (s == OpStatus::Next) [[likely]]
                continue;
            switch (s) {
            case OpStatus::Jump: work.eip = c.target; return true;
            case OpStatus::Syscall:
            case OpStatus::FpEnd: work.eip = ci.li.next(); return true;
            case OpStatus::Fault:
                stop_reason = std::string("the interpreter raises ") + fault_name(c.fault);
                return false;
            case OpStatus::PageFault: stop_reason = "the interpreter raises #PF"; return false;
            default: stop_reason = "the interpreter cannot run it"; return false;
            }
        }
        work.eip = ci.li.next();
        return true;
    }
};

Verifier::Verifier(GuestMemory& mem, GuestEnv& env, VerifyTamper tamper, std::FILE* report)
    : impl_(std::make_unique<Impl>(mem, env, tamper, report)) {}

Verifier::~Verifier() = default;

void Verifier::before(const Region& r, const CpuState& entry) {
    Impl& m = *impl_;
    m.work = entry;
    m.jmem.log.clear();
    m.points.clear();
    m.ran.clear();
    m.stop_reason.clear();
    uint32_t undef = 0;
    m.points.emplace_back().save(m.work, undef);
    for (size_t i = 0; i < r.insns.size(); ++i) {
        const CachedInsn* ci = m.insn_at(m.work.eip);
        if (!ci) {
            m.stop_reason = "the interpreter cannot fetch or decode it";
            break;
        }
        m.ran.push_back(ci);
        m.jmem.step = uint16_t(i);
        // A faulting instruction leaves no trace: the reference stops before
        // it (regions hold no segment or EFLAGS-image writes, so the GPRs,
        // EIP, flags and x87 state are all it can have changed).
        uint32_t gpr[8];
        uint8_t flag[8];
        std::memcpy(gpr, m.work.gpr, sizeof gpr);
        std::memcpy(flag, m.work.flag, sizeof flag);
        const uint32_t eip = m.work.eip;
        const X87State fpu = m.work.fpu;
        if (!m.step(*ci)) {
            std::memcpy(m.work.gpr, gpr, sizeof gpr);
            std::memcpy(m.work.flag, flag, sizeof flag);
            m.work.eip = eip;
            m.work.fpu = fpu;
            break;
        }
        const uint32_t w = ci->li.flags_written & eflags::kArith;
        undef = (undef & ~w) | (w & ci->li.flags_undefined);
        m.points.emplace_back().save(m.work, undef);
        ++stats_.guest_insns;
        if (ci->li.flow == Flow::Syscall) break;
    }
    // A store of a faulting instruction did not happen.
    std::erase_if(m.jmem.log,
                  [&](const JournalEntry& e) { return e.step + 1u >= m.points.size(); });
}

void Verifier::after(const Region& r, CpuState& cpu, uint32_t guest_insns,
                     uint64_t translated_stores) {
    Impl& m = *impl_;
    ++stats_.checks;
    if (m.tamper) m.tamper(cpu, m.mem);

    std::string diffs;
    char line[200];
    auto add = [&](const char* what, uint32_t ref, uint32_t got, uint32_t entry) {
        std::snprintf(line, sizeof line, "  %-14s 0x%08x   0x%08x   0x%08x\n", what, ref, got,
                      entry);
        diffs += line;
    };
    auto add_flag = [&](const char* what, uint32_t ref, uint32_t got, uint32_t entry) {
        std::snprintf(line, sizeof line, "  %-14s %-12u %-12u %u\n", what, ref, got, entry);
        diffs += line;
    };
    const Point& e = m.points[0];
    const bool reached = guest_insns < m.points.size();
    if (!reached) {
        std::snprintf(line, sizeof line,
                      "  the translation retired %u instructions; the interpreter stops after "
                      "%zu: %s\n",
                      guest_insns, m.points.size() - 1, m.stop_reason.c_str());
        diffs += line;
    } else {
        const Point& p = m.points[guest_insns];
        for (unsigned i = 0; i < 8; ++i)
            if (p.gpr[i] != cpu.gpr[i]) add(kGprName[i], p.gpr[i], cpu.gpr[i], e.gpr[i]);
        if (p.eip != cpu.eip) add("EIP", p.eip, cpu.eip, e.eip);
        static const struct {
            const char* name;
            uint32_t bit;
        } kFlags[] = {{"CF", eflags::CF}, {"PF", eflags::PF}, {"AF", eflags::AF},
                      {"ZF", eflags::ZF}, {"SF", eflags::SF}, {"OF", eflags::OF}};
        const uint32_t got = cpu.get_eflags() & eflags::kArith;
        for (const auto& f : kFlags)
            if (!(p.undefined & f.bit) && (p.arith & f.bit) != (got & f.bit))
                add_flag(f.name, !!(p.arith & f.bit), !!(got & f.bit), !!(e.arith & f.bit));
        if (p.df != cpu.flag[int(Flag::DF)]) add_flag("DF", p.df, cpu.flag[int(Flag::DF)], e.df);
        // The x87 state (translations of x87 code keep all of it).
        const X87State &pf = p.fpu, &cf = cpu.fpu, &ef = e.fpu;
        for (unsigned r = 0; r < 8; ++r)
            if (std::memcmp(&pf.r[r], &cf.r[r], 10) != 0) {
                std::snprintf(line, sizeof line, "  R%-13u %s   %s   %s\n", r, fp_hex(pf.r[r]).c_str(),
                              fp_hex(cf.r[r]).c_str(), fp_hex(ef.r[r]).c_str());
                diffs += line;
            }
        if (pf.cw != cf.cw) add("FPU CW", pf.cw, cf.cw, ef.cw);
        if (pf.sw != cf.sw) add("FPU SW", pf.sw, cf.sw, ef.sw);
        if (pf.tw != cf.tw) add("FPU TW", pf.tw, cf.tw, ef.tw);
        if (pf.fop != cf.fop) add("FPU FOP", pf.fop, cf.fop, ef.fop);
        if (pf.fip != cf.fip) add("FPU FIP", pf.fip, cf.fip, ef.fip);
        if (pf.fdp != cf.fdp) add("FPU FDP", pf.fdp, cf.fdp, ef.fdp);
        if (pf.fcs != cf.fcs) add("FPU FCS", pf.fcs, cf.fcs, ef.fcs);
        if (pf.fds != cf.fds) add("FPU FDS", pf.fds, cf.fds, ef.fds);

        // Expected bytes: the reference's value for stores of the first k
        // instructions, the old value where only later ones stored.
        struct Byte {
            uint32_t addr;
            uint8_t want, old;
            int step; ///< instruction that stored it, -1: none retired
        };
        std::vector<Byte> bytes;
        auto find = [&](uint32_t a) -> Byte* {
            for (Byte& b : bytes)
                if (b.addr == a) return &b;
            return nullptr;
        };
        uint64_t ref_stores = 0;
        for (const JournalEntry& j : m.jmem.log) {
            const bool retired = j.step < guest_insns;
            ref_stores += retired;
            for (unsigned i = 0; i < j.size; ++i) {
                uint32_t a = j.addr + i;
                uint8_t v = uint8_t(j.value >> (8 * i)), o = uint8_t(j.old >> (8 * i));
                Byte* b = find(a);
                if (!b) {
                    bytes.push_back({a, retired ? v : o, o, retired ? int(j.step) : -1});
                } else if (retired) {
                    b->want = v;
                    b->step = j.step;
                }
            }
        }
        for (const Byte& b : bytes) {
            uint8_t have = *m.mem.host(b.addr);
            if (have == b.want) continue;
            if (b.step >= 0)
                std::snprintf(line, sizeof line,
                              "  [0x%08x]   0x%02x         0x%02x         0x%02x"
                              "   (stored by instruction %d)\n",
                              b.addr, b.want, have, b.old, b.step);
            else
                std::snprintf(line, sizeof line,
                              "  [0x%08x]   0x%02x         0x%02x         0x%02x"
                              "   (only a later instruction stores here)\n",
                              b.addr, b.want, have, b.old);
            diffs += line;
        }
        if (translated_stores > ref_stores) {
            std::snprintf(line, sizeof line,
                          "  stores         %-10llu   %-10llu   (store-buffer entries drained: a "
                          "store the interpreter does not make)\n",
                          (unsigned long long)ref_stores, (unsigned long long)translated_stores);
            diffs += line;
        }
    }
    if (diffs.empty()) return;

    std::FILE* o = m.out;
    std::fprintf(o,
                 "codemorph --verify: region 0x%08x (%zu guest instructions) left after %u "
                 "instructions; translated state differs from the interpreter\n",
                 r.entry, r.insns.size(), guest_insns);
    std::fprintf(
        o, "  guest instructions as the interpreter ran them (> retired by the translation):\n");
    for (size_t i = 0; i < m.ran.size(); ++i)
        std::fprintf(o, "  %c %3zu  0x%08x  %s\n", i < guest_insns ? '>' : ' ', i,
                     m.ran[i]->li.addr, m.ran[i]->text.c_str());
    if (m.ran.size() < r.insns.size() && !m.stop_reason.empty())
        std::fprintf(o, "        (%s)\n", m.stop_reason.c_str());
    std::fprintf(o, "  %-14s %-12s %-12s %s\n", "what", "reference", "translated", "at entry");
    std::fputs(diffs.c_str(), o);
    std::fflush(o);
    char msg[160];
    std::snprintf(msg, sizeof msg,
                  "--verify: translated region 0x%08x differs from the interpreter (report above)",
                  r.entry);
    throw VerifyError(msg);
}

} // namespace cm::morph
