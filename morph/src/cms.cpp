// The CMS runtime loop: interpret, profile, translate, run translated code,
// recover. See cms.hpp.
#include "morph/cms.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "morph/backend.hpp"
#include "morph/optimize.hpp"
#include "morph/region_builder.hpp"
#include "vliw/machine.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {

/// One translation in the cache.
struct TransRec {
    Region region;
    Translation tr;
    unsigned spec_faults = 0;
};

/// The machine's flags register holds the arithmetic flags in EFLAGS layout.
uint32_t arith_flags(const CpuState& c) { return c.get_eflags() & eflags::kArith; }

} // namespace

struct Cms::Impl {
    CpuState& cpu;
    GuestMemory& mem;
    GuestEnv& env;
    vliw::Config cfg;
    CmsOptions opt;
    CmsStats& stats;
    Interpreter interp;
    std::unique_ptr<vliw::Machine> machine;
    boost::unordered_flat_map<uint32_t, std::unique_ptr<TransRec>> tc; ///< by guest entry EIP
    /// How conservatively each entry is translated: 0 full speculation,
    /// 1 no load/store reordering, 2+ halved region size per level.
    boost::unordered_flat_map<uint32_t, unsigned> level;
    std::unordered_set<uint32_t> untranslatable;
    uint32_t tc_next = 0;

    Impl(CpuState& c, GuestMemory& m, GuestEnv& e, const vliw::Config& cf, const CmsOptions& o, CmsStats& s)
        : cpu(c), mem(m), env(e), cfg(cf), opt(o), stats(s), interp(c, m, e) {
        if (opt.mode != CmsOptions::Mode::Translate) return;
        mem.map_cms(opt.tc_base, opt.tc_bytes);
        vliw::Memory::Params mp;
        mp.size_bytes = 1ull << 32;
        mp.external = mem.host(0);
        mp.page_perm = mem.page_table();
        mp.read_bits = GuestMemory::R;
        mp.write_bits = GuestMemory::kWritableNotCode;
        mp.fetch_bits = GuestMemory::kCms;
        mp.perm_generation = &mem.perm_generation();
        machine = std::make_unique<vliw::Machine>(cfg, mp);
        tc_next = opt.tc_base;
        // Code writes (from the interpreter, syscalls, or translated stores
        // redone by the interpreter) drop both decoded blocks and translations.
        mem.set_code_write_listener([this](uint32_t a, uint32_t l) {
            interp.invalidate(a, l);
            invalidate(a, l);
            // The interpreter clears a page's code mark when its last block
            // there goes; translations still covering the page need it.
            uint32_t first = a >> 12, last = uint32_t((uint64_t(a) + l - 1) >> 12);
            for (const auto& [entry, t] : tc)
                for (auto [lo, hi] : t->region.ranges)
                    if ((lo >> 12) <= last && ((hi - 1) >> 12) >= first) mem.mark_code(lo, hi - lo);
        });
    }

    ~Impl() {
        if (machine) mem.set_code_write_listener(nullptr);
    }

    void invalidate(uint32_t addr, uint32_t len) {
        uint64_t end = uint64_t(addr) + len;
        stats.invalidations += boost::unordered::erase_if(tc, [&](const auto& kv) {
            for (auto [lo, hi] : kv.second->region.ranges)
                if (lo < end && addr < hi) return true;
            return false;
        });
    }

    void flush_tc() {
        stats.evictions += tc.size();
        tc.clear();
        tc_next = opt.tc_base;
    }

    void charge(uint64_t c) {
        if (machine && c) machine->charge(c);
    }

    TransRec* translate_at(uint32_t eip) {
        unsigned lvl = level.count(eip) ? level[eip] : 0;
        RegionLimits lim;
        lim.max_insns = std::max(1u, opt.max_region >> (lvl >= 2 ? lvl - 1 : 0));
        lim.max_stores = cfg.vliw.store_buffer_entries;
        bool speculate = opt.alias_speculation && lvl == 0;
        lim.max_protected_loads = speculate ? cfg.vliw.alias_registers : 0;
        auto rec = std::make_unique<TransRec>();
        rec->region = build_region(eip, mem, interp, lim);
        if (rec->region.insns.empty()) {
            untranslatable.insert(eip);
            return nullptr;
        }
        OptOptions oo;
        oo.hoist_loads = speculate;
        oo.alias_speculation = speculate;
        oo.alias_registers = cfg.vliw.alias_registers;
        optimize(rec->region, oo);
        BackendOptions bo;
        bo.listing = !opt.dump_dir.empty();
        if (bo.listing) bo.describe_insn = [this](uint32_t a) { return interp.disassemble(a); };
        rec->tr = translate(rec->region, cfg, tc_next, bo);
        if (rec->tr.ok() && tc_next + rec->tr.code.size() > uint64_t(opt.tc_base) + opt.tc_bytes) {
            flush_tc();
            rec->tr = translate(rec->region, cfg, tc_next, bo);
        }
        if (!rec->tr.ok()) {
            ++stats.translation_failures;
            untranslatable.insert(eip);
            return nullptr;
        }
        machine->write_memory(rec->tr.code_base, rec->tr.code.data(), rec->tr.code.size());
        // Its guest bytes are code now: translated stores to them fault (and
        // are redone by the interpreter), other writes invalidate it.
        for (auto [lo, hi] : rec->region.ranges) mem.mark_code(lo, hi - lo);
        tc_next = (tc_next + uint32_t(rec->tr.code.size()) + 31) & ~31u;
        ++stats.regions;
        stats.translated_guest_insns += rec->region.insns.size();
        stats.atoms_static += rec->tr.atoms;
        stats.molecules_static += rec->tr.molecules;
        charge(uint64_t(cfg.cms.cycles_per_translated_insn) * rec->region.insns.size());
        if (!opt.dump_dir.empty()) dump(*rec);
        TransRec* raw = rec.get();
        tc[eip] = std::move(rec);
        return raw;
    }

    void dump(const TransRec& r) {
        std::filesystem::create_directories(opt.dump_dir);
        char name[64];
        std::snprintf(name, sizeof name, "/region_%08x_%llu.txt", r.region.entry,
                      (unsigned long long)stats.regions);
        std::ofstream f(opt.dump_dir + name);
        f << "== region at 0x" << std::hex << r.region.entry << std::dec << ": " << r.region.insns.size()
          << " guest instructions, " << r.tr.molecules << " molecules, " << r.tr.atoms << " atoms\n";
        f << "== guest instructions and IR after optimisation\n" << r.region.dump();
        f << "== molecules\n" << r.tr.listing;
    }

    void load_state() {
        vliw::Machine& m = *machine;
        for (unsigned i = 0; i < 8; ++i) m.set_gpr(reg::kGuestGpr0 + i, cpu.gpr[i]);
        m.set_flags(arith_flags(cpu));
        m.set_gpr(reg::kDF, cpu.flag[int(Flag::DF)]);
        m.set_gpr(reg::kFsBase, cpu.seg_base[FS]);
        m.set_gpr(reg::kGsBase, cpu.seg_base[GS]);
        m.commit(); // the shadows are now the region's entry state
    }

    void store_state() {
        const vliw::Machine& m = *machine;
        for (unsigned i = 0; i < 8; ++i) cpu.gpr[i] = m.gpr(reg::kGuestGpr0 + i);
        cpu.set_eflags(m.flags(), eflags::kArith);
        cpu.flag[int(Flag::DF)] = m.gpr(reg::kDF) & 1;
    }

    /// Runs translation `t` once. Returns false if it faulted (rolled back).
    bool run_translated(TransRec& t, StopInfo& si, uint64_t& done, bool& stop) {
        load_state();
        vliw::ExitRecord r = machine->run(t.tr.entry, 0);
        stats.molecules += r.molecules;
        if (r.reason == vliw::ExitReason::Exit && r.code < t.region.exits.size()) {
            store_state();
            const RegionExit& ex = t.region.exits[r.code];
            stats.translated_insns += ex.guest_insns;
            done += ex.guest_insns;
            switch (ex.kind) {
            case ExitKind::Direct:
            case ExitKind::Interp: cpu.eip = ex.target; break;
            case ExitKind::Indirect:
                cpu.eip = machine->gpr(reg::kExitTarget);
                charge(cfg.cms.cycles_per_lookup);
                break;
            case ExitKind::Syscall:
                cpu.eip = ex.target;
                si.reason = StopReason::Syscall;
                stop = true;
                break;
            }
            return true;
        }
        // A fault (or anything unexpected): back to the region's entry.
        machine->rollback();
        ++stats.rollbacks;
        ++stats.rollback_causes[std::string(vliw::exit_reason_name(r.reason))];
        charge(cfg.cms.cycles_per_rollback);
        return false;
    }
};

Cms::Cms(CpuState& cpu, GuestMemory& mem, GuestEnv& env, const vliw::Config& cfg, const CmsOptions& opt)
    : impl_(std::make_unique<Impl>(cpu, mem, env, cfg, opt, stats_)) {}

Cms::~Cms() = default;

const Interpreter& Cms::interpreter() const { return impl_->interp; }

uint64_t Cms::cycles() const {
    if (impl_->machine) return impl_->machine->cycles();
    return stats_.interp_insns * impl_->cfg.cms.cycles_per_interpreted_insn;
}

StopInfo Cms::run(uint64_t max_insns) {
    Impl& m = *impl_;
    StopInfo si;
    if (!m.machine) {
        uint64_t before = m.interp.stats().instructions;
        si = m.interp.run(max_insns);
        stats_.interp_insns += m.interp.stats().instructions - before;
        return si;
    }
    uint64_t done = 0;
    while (done < max_insns) {
        uint32_t eip = m.cpu.eip;
        TransRec* t = nullptr;
        // Single-stepping (TF) needs a trap after every instruction: interpret.
        const bool stepping = m.cpu.eflags_other & eflags::TF;
        if (stepping) {
        } else if (auto it = m.tc.find(eip); it != m.tc.end()) t = it->second.get();
        else if (!m.untranslatable.count(eip)) {
            // Threshold 0 translates at first sight (no profile yet: the
            // region builder then follows fall-through directions).
            const Block* b = m.interp.find_block(eip);
            if (m.opt.hot_threshold == 0 || (b && b->exec_count >= m.opt.hot_threshold))
                t = m.translate_at(eip);
        }
        if (t && t->region.insns.size() <= max_insns - done) {
            bool stop = false;
            if (m.run_translated(*t, si, done, stop)) {
                if (stop) return si;
                continue;
            }
            // Rolled back: interpret the region's instructions precisely. A
            // fault that recurs is the guest's; one that does not was
            // speculation.
            uint64_t before = m.interp.stats().instructions;
            uint64_t n = std::min<uint64_t>(t->region.insns.size(), max_insns - done);
            StopInfo isi = m.interp.run(n);
            uint64_t ran = m.interp.stats().instructions - before;
            stats_.interp_insns += ran;
            done += ran;
            m.charge(ran * m.cfg.cms.cycles_per_interpreted_insn);
            if (isi.reason != StopReason::InsnLimit) return isi;
            if (++t->spec_faults >= m.opt.spec_fault_threshold) {
                ++m.level[eip];
                ++stats_.retranslations;
                m.tc.erase(eip); // retranslated, more conservatively, when next hot
            }
            continue;
        }
        uint64_t before = m.interp.stats().instructions;
        si = m.interp.run_block(max_insns - done);
        uint64_t ran = m.interp.stats().instructions - before;
        stats_.interp_insns += ran;
        done += ran;
        m.charge(ran * m.cfg.cms.cycles_per_interpreted_insn);
        if (si.reason != StopReason::InsnLimit) return si;
    }
    si.reason = StopReason::InsnLimit;
    return si;
}

void Cms::print_summary(std::FILE* out, double secs) const {
    const CmsStats& s = stats_;
    uint64_t total = instructions();
    uint64_t cyc = cycles();
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    std::fprintf(out, "guest_instructions: %llu\n", (unsigned long long)total);
    std::fprintf(out, "translated_share: %.4f\n", ratio(double(s.translated_insns), double(total)));
    std::fprintf(out, "vliw_cycles: %llu\n", (unsigned long long)cyc);
    std::fprintf(out, "guest_ipc: %.4f\n", ratio(double(total), double(cyc)));
    std::fprintf(out, "molecules_per_guest_insn: %.4f\n", ratio(double(s.molecules), double(s.translated_insns)));
    std::fprintf(out, "atoms_per_molecule: %.4f\n",
                 impl_->machine ? ratio(double(impl_->machine->counters().atoms), double(impl_->machine->counters().molecules)) : 0.0);
    std::fprintf(out, "regions_translated: %llu\n", (unsigned long long)s.regions);
    std::fprintf(out, "translation_failures: %llu\n", (unsigned long long)s.translation_failures);
    std::fprintf(out, "rollbacks: %llu\n", (unsigned long long)s.rollbacks);
    for (const auto& [cause, n] : s.rollback_causes)
        std::fprintf(out, "rollbacks_%s: %llu\n", cause.c_str(), (unsigned long long)n);
    std::fprintf(out, "retranslations: %llu\n", (unsigned long long)s.retranslations);
    std::fprintf(out, "evictions: %llu\n", (unsigned long long)s.evictions);
    std::fprintf(out, "invalidations: %llu\n", (unsigned long long)s.invalidations);
    std::fprintf(out, "host_seconds: %.6f\n", secs);
    std::fprintf(out, "guest_mips: %.2f\n", ratio(double(total), secs) / 1e6);
}

} // namespace cm::morph
