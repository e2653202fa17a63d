// The CMS runtime loop: interpret, profile, translate, run translated code,
// chain translations, recover. See cms.hpp.
//
// Chaining. A direct exit whose target has a translation is patched, the
// first time it is taken, from `exit N` into `br` to that translation
// (ExitStub in backend.hpp): execution stays in the machine. An indirect exit
// looks its target up in a table in CMS memory from inside the machine
// (`ldc`, backend.hpp kIndirectTable*) and on a hit jumps (`jr`) to the
// translation; the table maps guest EIP -> translation entry, one entry per
// EIP index (direct-mapped), written here on translate and on a miss,
// cleared when its translation is dropped (invalidation, eviction,
// retranslation); it stays empty without chaining (--verify), so every
// indirect exit then comes back here. Exits the CMS has to resolve (lookup
// misses: a lookup in the translation map, charged as cms.cycles_per_lookup;
// direct ones not yet patched) go on into the target's translation without
// moving the guest state out of the machine and back.
// Each translation keeps the stubs chained to it, so invalidation (SMC),
// eviction and retranslation restore them to `exit N`.
//
// Counting. Translated code adds each exit's guest instructions to r47 in
// the exit's commit molecule; the runtime reads the shadow copy, so the
// count is that of the last commit, rollbacks included.
//
// Budget. run(n) must not retire more than n instructions. A commit needs
// at least one molecule, hence one cycle, and retires at most L guest
// instructions (L: the most any exit in the cache retires), the first one at
// most the current region's own maximum. So a machine run of
// 1 + (left - that maximum) / L cycles cannot overshoot; at the cycle limit
// the CMS looks at the count and runs on (the core resumes where it
// stopped). When the budget no longer covers the current region, a run that
// stopped inside it is rolled back to its entry (work discarded, counted as
// a budget stop) and the CMS finishes the slice by interpreting.
//
// Faults. A fault rolls back to the last commit, which is the entry of the
// translation holding the faulting molecule (found from the address through
// an address-ordered index): the guest state is read from the machine and
// that region is interpreted precisely.
//
// Translation cache. Code is placed in a ring in the CMS-reserved region:
// when the next translation does not fit before the end, placement wraps to
// the start, and the translations a new one overlaps are evicted (FIFO by
// placement) and unlinked.
#include "morph/cms.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <cassert>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "ir_exec_fp.hpp"
#include "morph/backend.hpp"
#include "morph/optimize.hpp"
#include "morph/region_builder.hpp"
#include "morph/verify.hpp"
#include "trace/observer.hpp"
#include "vliw/encoding.hpp"
#include "vliw/machine.hpp"
#include "x86/x87.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {

/// One translation in the cache.
struct TransRec {
    Region region;
    Translation tr;
    unsigned spec_faults = 0;     ///< speculation faults counted (see CmsOptions)
    uint64_t last_spec_fault = 0; ///< CmsStats::translated_insns at the last one
    uint64_t id = 0;              ///< serial number: identity that outlives erasure
    uint32_t max_exit_insns = 0;  ///< most guest instructions one of its exits retires
    /// Per stub (Translation::stubs): the translation it branches to, or null.
    std::vector<TransRec*> chained;
    /// Per chained stub: its molecule's original bytes (restored to unchain).
    std::vector<std::vector<uint8_t>> stub_bytes;
    /// Stubs chained to this translation's entry: (translation, stub index).
    std::vector<std::pair<TransRec*, unsigned>> incoming;

    uint32_t code_end() const { return tr.code_base + uint32_t(tr.code.size()); }
};

/// The machine's flags register holds the arithmetic flags in EFLAGS layout.
uint32_t arith_flags(const CpuState& c) { return c.get_eflags() & eflags::kArith; }

/// r47 is 32 bits: one stretch of translated execution counts less than this.
constexpr uint64_t kMaxStretch = 1u << 30;

/// Status-word bits in fsr (exception flags, C1), and those in kX87Sw.
constexpr uint16_t kFsrBits = fsw::kExceptions | fsw::C1;
constexpr uint16_t kSwRest = fsw::C0 | fsw::C2 | fsw::C3 | fsw::SF | fsw::B | fsw::IE | fsw::DE;

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
    std::unique_ptr<Verifier> verifier; ///< --verify
    boost::unordered_flat_map<uint32_t, std::unique_ptr<TransRec>> tc; ///< by guest entry EIP
    std::map<uint32_t, TransRec*> by_addr; ///< by code address (faulting pc -> translation)
    /// Guest page -> translations made from bytes on it (invalidation).
    boost::unordered_flat_map<uint32_t, std::vector<TransRec*>> by_page;
    /// How conservatively each entry is translated: 0 full speculation,
    /// 1 no load/store reordering, 2+ halved region size per level.
    boost::unordered_flat_map<uint32_t, unsigned> level;
    std::unordered_set<uint32_t> untranslatable;
    uint32_t tc_next = 0;
    uint32_t tc_bytes = 0;
    uint32_t max_commit_insns = 1; ///< L above: most any exit in the cache retires (monotone)
    uint64_t next_id = 1;
    bool chaining = false;
    uint32_t ind_table = 0; ///< the indirect-exit lookup table (0: none)
    std::vector<TransRec*> ind_owner; ///< per table entry: the translation it names
    trace::CmsObserver* obs = nullptr; ///< tracing (null: off)
    uint64_t phase_start = 0;          ///< machine cycle where the current phase began
    bool interp_open = false;          ///< interpreted blocks not reported yet
    uint64_t interp_insns_open = 0;

    Impl(CpuState& c, GuestMemory& m, GuestEnv& e, const vliw::Config& cf, const CmsOptions& o, CmsStats& s)
        : cpu(c), mem(m), env(e), cfg(cf), opt(o), stats(s), interp(c, m, e), obs(o.observer) {
        if (opt.mode != CmsOptions::Mode::Translate) return;
        tc_bytes = opt.tc_bytes ? opt.tc_bytes : cfg.cms.translation_cache_kb * 1024u;
        // The lookup table follows the cache, aligned to its size.
        const uint64_t table = (uint64_t(opt.tc_base) + tc_bytes + kIndirectTableBytes - 1) &
                               ~uint64_t(kIndirectTableBytes - 1);
        if (table + kIndirectTableBytes <= (1ull << 32)) ind_table = uint32_t(table);
        mem.map_cms(opt.tc_base, ind_table ? ind_table + kIndirectTableBytes - opt.tc_base : tc_bytes);
        vliw::Memory::Params mp;
        mp.size_bytes = 1ull << 32;
        mp.external = mem.host(0);
        mp.page_perm = mem.page_table();
        mp.read_bits = GuestMemory::R;
        mp.write_bits = GuestMemory::kWritableNotCode;
        mp.fetch_bits = GuestMemory::kCms;
        mp.perm_generation = &mem.perm_generation();
        machine = std::make_unique<vliw::Machine>(cfg, mp);
        if (!opt.vcd_path.empty()) machine->enable_vcd(opt.vcd_path);
        if (obs)
            if (vliw::Listener* l = obs->machine_listener()) machine->add_listener(l);
        if (opt.verify) verifier = std::make_unique<Verifier>(mem, env, opt.verify_tamper);
        chaining = opt.chaining && !verifier;
        if (ind_table) {
            ind_owner.assign(kIndirectTableEntries, nullptr);
            for (uint32_t i = 0; i < kIndirectTableEntries; ++i) table_clear(i);
        }
        tc_next = opt.tc_base;
        // Code writes (from the interpreter, syscalls, or translated stores
        // redone by the interpreter) drop both decoded blocks and translations.
        mem.set_code_write_listener([this](uint32_t a, uint32_t l) {
            interp.invalidate(a, l);
            invalidate(a, l);
        });
    }

    ~Impl() {
        if (machine) mem.set_code_write_listener(nullptr);
        if (machine && obs)
            if (vliw::Listener* l = obs->machine_listener()) machine->remove_listener(l);
    }

    /// Counts a speculation fault of `t` at translated-instruction count
    /// `retired`; true once it should be retranslated more conservatively.
    /// Faults further apart than the window start the count again.
    bool count_spec_fault(TransRec& t, uint64_t retired) {
        if (opt.spec_fault_window && t.spec_faults &&
            retired - t.last_spec_fault > opt.spec_fault_window)
            t.spec_faults = 0;
        t.last_spec_fault = retired;
        return ++t.spec_faults >= opt.spec_fault_threshold;
    }

    // ---- tracing: consecutive phases tile machine time ---------------------

    uint64_t now() const {
        return machine ? machine->cycles() : stats.interp_insns * cfg.cms.cycles_per_interpreted_insn;
    }
    /// Ends the current phase stretch (it began where the last one ended).
    /// Interpretation is reported per block; consecutive blocks are merged
    /// up to the observer's batch size, so flush_interp() must run before
    /// anything else charges cycles or changes the machine's counters.
    void phase(trace::Phase p, uint32_t entry, uint64_t insns, bool region_entry = false) {
        if (!obs) return;
        if (p == trace::Phase::Interpret) {
            interp_insns_open += insns;
            interp_open = true;
            if (now() - phase_start < obs->interpret_batch_cycles()) return;
            return flush_interp();
        }
        flush_interp();
        report(p, entry, insns, region_entry);
    }
    void flush_interp() {
        if (!interp_open) return;
        report(trace::Phase::Interpret, 0, interp_insns_open, false);
        interp_open = false;
        interp_insns_open = 0;
    }
    void report(trace::Phase p, uint32_t entry, uint64_t insns, bool region_entry) {
        const uint64_t t = now();
        obs->on_phase({p, phase_start, t, insns, entry, region_entry},
                      machine ? &machine->counters() : nullptr);
        phase_start = t;
    }

    // ---- the translation cache ---------------------------------------------

    TransRec* find(uint32_t eip) {
        auto it = tc.find(eip);
        return it == tc.end() ? nullptr : it->second.get();
    }

    /// The translation whose code holds machine address pc.
    TransRec* at_pc(uint32_t pc) {
        auto it = by_addr.upper_bound(pc);
        if (it == by_addr.begin()) return nullptr;
        --it;
        return pc < it->second->code_end() ? it->second : nullptr;
    }

    // ---- the indirect-exit lookup table (file comment) ----------------------

    static uint32_t table_index(uint32_t eip) { return eip & (kIndirectTableEntries - 1); }
    void table_write(uint32_t i, uint32_t tag, uint32_t to) {
        const uint32_t e[2] = {tag, to};
        machine->write_memory(ind_table + 8 * i, e, sizeof e);
    }
    void table_clear(uint32_t i) {
        table_write(i, i ^ 1, 0);
        ind_owner[i] = nullptr;
    }
    void table_put(TransRec* t) {
        if (!ind_table || !chaining) return;
        const uint32_t i = table_index(t->region.entry);
        if (ind_owner[i] == t) return;
        table_write(i, t->region.entry, t->tr.entry);
        ind_owner[i] = t;
        ++stats.table_inserts;
    }
    void table_remove(TransRec* t) {
        if (!ind_table) return;
        const uint32_t i = table_index(t->region.entry);
        if (ind_owner[i] != t) return;
        table_clear(i);
        ++stats.table_removals;
    }

    /// Restores stub s of `from` to its `exit N`.
    void unchain_stub(TransRec& from, unsigned s) {
        const ExitStub& st = from.tr.stubs[s];
        const std::vector<uint8_t>& b = from.stub_bytes[s];
        machine->write_memory(st.molecule_addr, b.data(), b.size());
        from.chained[s] = nullptr;
        ++stats.unchains;
    }

    /// Takes `t` out of the cache: stubs chained to it are restored, its own
    /// links leave their targets' lists.
    void drop(TransRec* t) {
        table_remove(t);
        for (auto [from, s] : t->incoming)
            if (from != t) unchain_stub(*from, s);
        for (unsigned s = 0; s < t->chained.size(); ++s)
            if (TransRec* to = t->chained[s]; to && to != t)
                std::erase(to->incoming, std::pair<TransRec*, unsigned>(t, s));
        for (auto [lo, hi] : t->region.ranges) {
            mem.remove_code(lo, hi - lo);
            for (uint32_t p = lo >> 12; p <= (hi - 1) >> 12; ++p) {
                auto it = by_page.find(p);
                if (it == by_page.end()) continue;
                std::erase(it->second, t);
                if (it->second.empty()) by_page.erase(it);
            }
        }
        by_addr.erase(t->tr.code_base);
        tc.erase(t->region.entry);
    }

    void invalidate(uint32_t addr, uint32_t len) {
        const uint64_t end = uint64_t(addr) + len;
        std::vector<TransRec*> victims;
        for (uint64_t p = addr >> 12; p <= (end - 1) >> 12; ++p) {
            auto it = by_page.find(uint32_t(p));
            if (it == by_page.end()) continue;
            for (TransRec* t : it->second)
                if (std::find(victims.begin(), victims.end(), t) == victims.end() &&
                    std::any_of(t->region.ranges.begin(), t->region.ranges.end(),
                                [&](auto rg) { return rg.first < end && addr < rg.second; }))
                    victims.push_back(t);
        }
        for (TransRec* t : victims)
            drop(t);
        stats.invalidations += victims.size();
    }

    /// Evicts every translation whose code overlaps [lo, hi).
    void evict(uint32_t lo, uint64_t hi) {
        std::vector<TransRec*> victims;
        for (auto it = by_addr.lower_bound(lo); it != by_addr.end() && it->first < hi; ++it)
            victims.push_back(it->second);
        if (TransRec* t = at_pc(lo); t && t->tr.code_base < lo) victims.push_back(t);
        for (TransRec* t : victims)
            drop(t);
        stats.evictions += victims.size();
    }

    /// Patches exit stub `s` of `from` (just taken) into a branch to `to`.
    void chain(TransRec& from, unsigned s, TransRec& to) {
        if (from.chained[s]) return;
        const ExitStub& st = from.tr.stubs[s];
        const int64_t disp = (int64_t(to.tr.entry) - int64_t(st.molecule_addr)) / 4;
        if (disp < -(int64_t(1) << 23) || disp >= (int64_t(1) << 23)) return; // br reaches +-32 MiB
        uint8_t* host = machine->host_pointer(st.molecule_addr);
        const size_t avail = from.code_end() - st.molecule_addr;
        vliw::Molecule m;
        const vliw::DecodeResult dr = vliw::decode_molecule(host, avail, m);
        assert(dr.status == vliw::DecodeStatus::Ok);
        unsigned word = 0;
        for (vliw::Atom& a : m.atoms) {
            if (st.molecule_addr + 4 * word == st.atom_addr) {
                assert(a.op == vliw::Opcode::EXIT);
                a = vliw::Atom{};
                a.op = vliw::Opcode::BR;
                a.imm = int32_t(disp);
                break;
            }
            word += vliw::atom_words(a);
        }
        std::vector<uint8_t> bytes;
        vliw::encode_molecule(m, bytes, dr.words);
        from.stub_bytes[s].assign(host, host + dr.words * 4u);
        machine->write_memory(st.molecule_addr, bytes.data(), bytes.size());
        from.chained[s] = &to;
        to.incoming.emplace_back(&from, s);
        ++stats.chains;
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
        // x87 code: translated for the x87 state now (the translation's
        // guard checks it), if every exception is masked and none pending.
        const X87State& f = cpu.fpu;
        lim.x87 = f.cw == fcw::kInit && !(f.sw & fsw::ES);
        lim.x87_top = f.top();
        lim.x87_empty = f.empty_mask();
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
        // Lookup code also under --verify (the table stays empty there: the
        // miss path is what runs and is checked).
        bo.indirect_table = chaining || verifier ? ind_table : 0;
        bo.speculate_loads = lvl == 0; // after speculation faults: loads stay below exits
        const bool want_text = obs && obs->wants_region_text();
        bo.listing = !opt.dump_dir.empty() || want_text;
        if (bo.listing) bo.describe_insn = [this](uint32_t a) { return interp.disassemble(a); };
        if (rec->region.has_fp()) bo.x87 = X87Entry{lim.x87_top, lim.x87_empty};
        const uint64_t tc_end = uint64_t(opt.tc_base) + tc_bytes;
        rec->tr = translate(rec->region, cfg, tc_next, bo);
        if (!rec->tr.ok() && rec->tr.failure->why == BackendFailure::Why::UnsupportedOp &&
            rec->tr.failure->insn > 0) {
            // An instruction the back end does not take: the region ends before it.
            lim.max_insns = rec->tr.failure->insn;
            rec->region = build_region(eip, mem, interp, lim);
            optimize(rec->region, oo);
            if (!rec->region.has_fp()) bo.x87.reset();
            rec->tr = translate(rec->region, cfg, tc_next, bo);
        }
        if (rec->tr.ok() && tc_next + rec->tr.code.size() > tc_end) {
            tc_next = opt.tc_base; // wrap: the oldest translations make room
            rec->tr = translate(rec->region, cfg, tc_next, bo);
        }
        if (!rec->tr.ok() || rec->tr.code.size() > tc_bytes) {
            ++stats.translation_failures;
            untranslatable.insert(eip);
            return nullptr;
        }
        evict(tc_next, uint64_t(tc_next) + rec->tr.code.size());
        machine->write_memory(rec->tr.code_base, rec->tr.code.data(), rec->tr.code.size());
        // Its guest bytes are code now: translated stores to them fault (and
        // are redone by the interpreter), other writes invalidate it.
        for (auto [lo, hi] : rec->region.ranges) {
            mem.add_code(lo, hi - lo);
            for (uint32_t p = lo >> 12; p <= (hi - 1) >> 12; ++p) {
                std::vector<TransRec*>& v = by_page[p];
                if (v.empty() || v.back() != rec.get()) v.push_back(rec.get());
            }
        }
        tc_next = uint32_t(std::min<uint64_t>((tc_next + rec->tr.code.size() + 31) & ~uint64_t(31), tc_end));
        ++stats.regions;
        stats.translated_guest_insns += rec->region.insns.size();
        stats.atoms_static += rec->tr.atoms;
        stats.molecules_static += rec->tr.molecules;
        if (obs) flush_interp();
        charge(uint64_t(cfg.cms.cycles_per_translated_insn) * rec->region.insns.size());
        if (!opt.dump_dir.empty()) dump(*rec);
        if (obs) report_region(*rec, lvl > 0, want_text);
        rec->id = next_id++;
        for (const RegionExit& e : rec->region.exits)
            rec->max_exit_insns = std::max(rec->max_exit_insns, e.guest_insns);
        max_commit_insns = std::max(max_commit_insns, rec->max_exit_insns);
        rec->chained.assign(rec->tr.stubs.size(), nullptr);
        rec->stub_bytes.resize(rec->tr.stubs.size());
        TransRec* raw = rec.get();
        by_addr[raw->tr.code_base] = raw;
        assert(!tc.count(eip)); // translate_at runs only where find(eip) failed
        tc[eip] = std::move(rec);
        table_put(raw);
        return raw;
    }

    void report_region(const TransRec& r, bool again, bool text) {
        phase(again ? trace::Phase::Retranslate : trace::Phase::Translate, r.region.entry, 0);
        std::string guest;
        if (text)
            for (size_t i = 0; i < r.region.insns.size(); ++i) {
                char a[16];
                std::snprintf(a, sizeof a, "0x%08x  ", r.region.insns[i].addr);
                guest += a;
                if (i < r.region.insn_text.size()) guest += r.region.insn_text[i];
                guest += '\n';
            }
        obs->on_region({r.region.entry, uint32_t(r.region.insns.size()), uint32_t(r.tr.molecules),
                        uint32_t(r.tr.atoms), uint32_t(r.tr.code.size()), again, guest,
                        text ? std::string_view(r.tr.listing) : std::string_view()});
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

    // ---- running translated code -------------------------------------------

    void load_state() {
        vliw::Machine& m = *machine;
        for (unsigned i = 0; i < 8; ++i) m.set_gpr(reg::kGuestGpr0 + i, cpu.gpr[i]);
        m.set_flags(arith_flags(cpu));
        m.set_gpr(reg::kDF, cpu.flag[int(Flag::DF)]);
        m.set_gpr(reg::kFsBase, cpu.seg_base[FS]);
        m.set_gpr(reg::kGsBase, cpu.seg_base[GS]);
        m.set_gpr(reg::kInsnCount, 0);
        // The x87 state (backend.hpp): registers, fsr, and the rest packed.
        const X87State& f = cpu.fpu;
        for (unsigned p = 0; p < 8; ++p) m.set_fpr(p, f.r[p]);
        // IE and DE raised before go to kX87Sw: fchk looks for new ones in fsr.
        m.set_fsr(f.sw & kFsrBits & ~(fsw::IE | fsw::DE));
        m.set_gpr(reg::kX87Ctl, x87_ctl(f.cw, f.top(), f.sw & fsw::ES, f.empty_mask()));
        m.set_gpr(reg::kX87Sw, f.sw & kSwRest);
        m.set_gpr(reg::kX87Fip, f.fip);
        m.set_gpr(reg::kX87Fdp, f.fdp);
        m.set_gpr(reg::kX87Fop, f.fop & 0x7ff); // FCS, FDS: keep
        m.commit(); // the shadows are now the region's entry state
    }

    void store_state() {
        const vliw::Machine& m = *machine;
        for (unsigned i = 0; i < 8; ++i) cpu.gpr[i] = m.gpr(reg::kGuestGpr0 + i);
        cpu.set_eflags(m.flags(), eflags::kArith);
        cpu.flag[int(Flag::DF)] = m.gpr(reg::kDF) & 1;
        X87State& f = cpu.fpu;
        const uint32_t ctl = m.gpr(reg::kX87Ctl);
        f.cw = uint16_t(ctl);
        const unsigned top = (ctl >> 16) & 7;
        f.sw = uint16_t((m.gpr(reg::kX87Sw) & kSwRest) | (m.fsr() & kFsrBits) | top << 11 |
                        ((ctl >> 19) & 1 ? fsw::ES : 0));
        uint16_t tw = 0;
        for (unsigned p = 0; p < 8; ++p) {
            f.r[p] = m.fpr(p);
            const unsigned tag = (ctl >> (24 + p)) & 1 ? 3 : x87_tag(f.r[p]);
            tw = uint16_t(tw | tag << (2 * p));
        }
        f.tw = tw;
        f.fip = m.gpr(reg::kX87Fip);
        f.fdp = m.gpr(reg::kX87Fdp);
        const uint32_t fop = m.gpr(reg::kX87Fop);
        f.fop = uint16_t(fop & 0x7ff);
        if (fop & 0x800) f.fcs = cpu.seg[CS];
        if (const unsigned s = (fop >> 12) & 7) f.fds = cpu.seg[s - 1];
    }

    /// Guest instructions committed since load_state.
    uint64_t committed() const { return machine->shadow_gpr(reg::kInsnCount); }

    /// Interprets up to `n` guest instructions (one block when `one_block`)
    /// from `entry`, counts and charges them and reports the phase; adds
    /// the count to `done`.
    StopInfo interpret(uint32_t entry, uint64_t n, bool one_block, uint64_t& done) {
        const uint64_t before = interp.stats().instructions;
        StopInfo si = one_block ? interp.run_block(n) : interp.run(n);
        const uint64_t ran = interp.stats().instructions - before;
        stats.interp_insns += ran;
        done += ran;
        charge(ran * cfg.cms.cycles_per_interpreted_insn);
        phase(trace::Phase::Interpret, entry, ran);
        return si;
    }

    struct Outcome {
        enum class How { Continue, Syscall, Fault } how = How::Continue;
        uint64_t retired = 0;     ///< guest instructions committed
        bool interp_next = false; ///< a translation's x87 guard failed: interpret there
        TransRec* faulted = nullptr; ///< Fault: the translation rolled back to its entry
    };

    /// Leaves translated execution with the guest state of the last commit.
    Outcome leave(Outcome::How how, uint32_t eip) {
        store_state();
        cpu.eip = eip;
        Outcome o;
        o.how = how;
        o.retired = committed();
        stats.translated_insns += o.retired;
        return o;
    }

    /// Runs translated code from `t` (cpu.eip == its entry), following
    /// chains, until the guest needs the CMS (an exit to code without a
    /// translation, a syscall, a fault) or `budget` instructions run out
    /// (see the file comment). Without chaining: exactly one region.
    Outcome run_translated(TransRec* t, uint64_t budget) {
        budget = std::min(budget, kMaxStretch);
        if (obs) flush_interp();
        load_state();
        TransRec* cur = t;
        uint32_t pc = t->tr.entry;
        uint64_t reported = 0; ///< committed instructions already reported to the observer
        for (;;) {
            const uint64_t left = budget - committed();
            if (left < cur->max_exit_insns) {
                if (pc != cur->tr.entry) {
                    machine->rollback();
                    ++stats.budget_stops;
                }
                return leave(Outcome::How::Continue, cur->region.entry);
            }
            const uint64_t limit = chaining ? 1 + (left - cur->max_exit_insns) / max_commit_insns : 0;
            vliw::ExitRecord r = machine->run(pc, limit);
            ++stats.machine_runs;
            stats.molecules += r.molecules;
            if (obs) {
                const uint64_t done = committed();
                phase(trace::Phase::Translated, cur->region.entry, done - reported, pc == cur->tr.entry);
                reported = done;
            }
            if (r.reason == vliw::ExitReason::CycleLimit) {
                pc = r.pc;
                cur = at_pc(pc);
                assert(cur);
                continue;
            }
            TransRec* x = at_pc(r.pc);
            if (r.reason == vliw::ExitReason::Exit && x && r.code == kX87GuardExit) {
                // Made for another x87 state (backend.hpp): nothing ran.
                ++stats.x87_guard_exits;
                Outcome o = leave(Outcome::How::Continue, x->region.entry);
                o.interp_next = true;
                return o;
            }
            if (r.reason == vliw::ExitReason::Exit && x && r.code < x->region.exits.size()) {
                const RegionExit& ex = x->region.exits[r.code];
                TransRec* next = nullptr;
                uint32_t eip = ex.target;
                switch (ex.kind) {
                case ExitKind::Direct:
                    if (!chaining) break;
                    next = find(eip);
                    if (next)
                        for (unsigned s = 0; s < x->tr.stubs.size(); ++s)
                            if (x->tr.stubs[s].molecule_addr == r.pc) chain(*x, s, *next);
                    break;
                case ExitKind::Interp: break;
                case ExitKind::Indirect:
                    eip = machine->gpr(reg::kExitTarget);
                    ++stats.indirect_misses;
                    charge(cfg.cms.cycles_per_lookup);
                    phase(trace::Phase::Lookup, eip, 0);
                    if (chaining) next = find(eip);
                    if (next) table_put(next); // it lost its entry to another EIP
                    break;
                case ExitKind::Syscall: return leave(Outcome::How::Syscall, eip);
                }
                if (!next) return leave(Outcome::How::Continue, eip);
                ++stats.cms_continues;
                cur = next;
                pc = next->tr.entry;
                continue;
            }
            // A fault (or anything unexpected): back to the last commit, the
            // entry of the translation that faulted.
            machine->rollback();
            ++stats.rollbacks;
            ++stats.rollback_causes[std::string(vliw::exit_reason_name(r.reason))];
            charge(cfg.cms.cycles_per_rollback);
            if (!x) x = cur; // not in any translation: cannot happen, but stay safe
            if (obs) {
                obs->on_instant(trace::Instant::Rollback, phase_start, x->region.entry,
                                vliw::exit_reason_name(r.reason));
                phase(trace::Phase::Rollback, x->region.entry, 0);
            }
            Outcome o = leave(Outcome::How::Fault, x->region.entry);
            o.faulted = x;
            return o;
        }
    }
};

Cms::Cms(CpuState& cpu, GuestMemory& mem, GuestEnv& env, const vliw::Config& cfg, const CmsOptions& opt)
    : impl_(std::make_unique<Impl>(cpu, mem, env, cfg, opt, stats_)) {}

Cms::~Cms() = default;

const Interpreter& Cms::interpreter() const { return impl_->interp; }

uint32_t Cms::indirect_table() const { return impl_->machine ? impl_->ind_table : 0; }

uint32_t Cms::translation_entry(uint32_t eip) const {
    auto it = impl_->tc.find(eip);
    return it == impl_->tc.end() ? 0 : it->second->tr.entry;
}

uint64_t Cms::cycles() const {
    if (impl_->machine) return impl_->machine->cycles();
    return stats_.interp_insns * impl_->cfg.cms.cycles_per_interpreted_insn;
}

StopInfo Cms::run(uint64_t max_insns) {
    Impl& m = *impl_;
    // Tracing: interpretation merged so far is reported on every way out.
    struct FlushOnReturn {
        Impl& m;
        ~FlushOnReturn() {
            if (m.obs) m.flush_interp();
        }
    } flush_on_return{m};
    StopInfo si;
    uint64_t done = 0;
    if (!m.machine) return m.interpret(0, max_insns, false, done);
    while (done < max_insns) {
        uint32_t eip = m.cpu.eip;
        TransRec* t = nullptr;
        bool untranslatable = false;
        // Single-stepping (TF) needs a trap after every instruction: interpret.
        const bool stepping = m.cpu.eflags_other & eflags::TF;
        if (stepping) {
        } else if (TransRec* found = m.find(eip)) t = found;
        else if (!(untranslatable = m.untranslatable.count(eip))) {
            // Threshold 0 translates at first sight (no profile yet: the
            // region builder then follows fall-through directions).
            const Block* b = m.interp.find_block(eip);
            if (m.opt.hot_threshold == 0 || (b && b->exec_count >= m.opt.hot_threshold))
                t = m.translate_at(eip);
        }
        if (t && t->max_exit_insns <= max_insns - done) {
            if (m.verifier) m.verifier->before(t->region, m.cpu);
            const uint64_t drains0 = m.machine->counters().sb_drains;
            Impl::Outcome o = m.run_translated(t, max_insns - done);
            done += o.retired;
            if (o.how != Impl::Outcome::How::Fault) {
                if (m.verifier)
                    m.verifier->after(t->region, m.cpu, uint32_t(o.retired),
                                      m.machine->counters().sb_drains - drains0);
                if (o.how == Impl::Outcome::How::Syscall) {
                    si.reason = StopReason::Syscall;
                    return si;
                }
                if (o.interp_next) {
                    si = m.interpret(m.cpu.eip, max_insns - done, true, done);
                    if (si.reason != StopReason::InsnLimit) return si;
                }
                continue;
            }
            // Rolled back to the entry of the translation that faulted:
            // interpret its instructions precisely. A fault that recurs is
            // the guest's; one that does not was speculation.
            TransRec* x = o.faulted;
            const uint32_t entry = x->region.entry;
            const uint64_t id = x->id;
            const uint64_t n = std::min<uint64_t>(x->region.insns.size(), max_insns - done);
            StopInfo isi = m.interpret(entry, n, false, done);
            if (isi.reason != StopReason::InsnLimit) return isi;
            // The interpreter may have written its code (and dropped it).
            x = m.find(entry);
            if (x && x->id == id && m.count_spec_fault(*x, stats_.translated_insns)) {
                ++m.level[entry];
                ++stats_.retranslations;
                if (m.obs)
                    m.obs->on_instant(trace::Instant::Retranslate, m.now(), entry,
                                      "speculation faults reached cms spec_fault_threshold");
                m.drop(x); // retranslated, more conservatively, when next hot
            }
            continue;
        }
        // A hot block whose first instruction cannot be translated (fnclex,
        // fldcw, a system call ...): interpret that one alone, so that the
        // rest of the block starts a block of its own and can turn hot.
        si = m.interpret(eip, untranslatable ? 1 : max_insns - done, !untranslatable, done);
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
    std::fprintf(out, "chains: %llu\n", (unsigned long long)s.chains);
    std::fprintf(out, "unchains: %llu\n", (unsigned long long)s.unchains);
    std::fprintf(out, "cms_continues: %llu\n", (unsigned long long)s.cms_continues);
    std::fprintf(out, "indirect_misses: %llu\n", (unsigned long long)s.indirect_misses);
    if (impl_->machine)
        std::fprintf(out, "indirect_hits: %llu\n", (unsigned long long)impl_->machine->counters().indirect_branches);
    std::fprintf(out, "table_inserts: %llu\n", (unsigned long long)s.table_inserts);
    std::fprintf(out, "table_removals: %llu\n", (unsigned long long)s.table_removals);
    std::fprintf(out, "machine_runs: %llu\n", (unsigned long long)s.machine_runs);
    std::fprintf(out, "budget_stops: %llu\n", (unsigned long long)s.budget_stops);
    std::fprintf(out, "x87_guard_exits: %llu\n", (unsigned long long)s.x87_guard_exits);
    if (impl_->machine) {
        // Where the cycles went: translated execution vs. CMS work charged
        // from the cost table (interpretation, translation, lookups, rollbacks).
        const uint64_t charged = impl_->machine->counters().charged_cycles;
        std::fprintf(out, "vliw_cycles_translated: %llu\n", (unsigned long long)(cyc - charged));
        std::fprintf(out, "vliw_cycles_cms: %llu\n", (unsigned long long)charged);
        std::fprintf(out, "translated_ipc: %.4f\n", ratio(double(s.translated_insns), double(cyc - charged)));
    }
    if (impl_->verifier)
        std::fprintf(out, "verified_regions: %llu\n", (unsigned long long)impl_->verifier->stats().checks);
    std::fprintf(out, "host_seconds: %.6f\n", secs);
    std::fprintf(out, "guest_mips: %.2f\n", ratio(double(total), secs) / 1e6);
}

} // namespace cm::morph
