// The core's run loop: fetch/decode with a decode cache, issue timing,
// dispatch to the atom handlers, and the commit/rollback machinery.
#include "vliw/core.hpp"

#include "exec.hpp"
#include "syntax.hpp"
#include "vliw/encoding.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <new>
#include <vector>

namespace cm::vliw {

namespace detail {

// Dispatch table derived from atoms.def.
constexpr ExecFn kHandlers[kNumOpcodes] = {
    nullptr,
#define CM_ATOM(ID, ...) &exec_##ID,
#include "vliw/atoms.def"
#undef CM_ATOM
};

// Scoreboard register numbering: GPRs 0..63, FPRs 64..95, flags 96; 97 is
// never written (always ready), it pads the lists of registers to check;
// 98 is never checked, it pads the lists of destinations; 99 is the FP
// status register fsr. FP atoms merge their flags into fsr as they complete,
// without waiting for each other (the sticky flags are an OR): fsr is not
// one of their destinations; its ready time is the latest completion of
// an fsr-updating atom (DecodedMolecule::fsr_lat), which rfsr and wfsr wait
// for.
constexpr unsigned kFprBase = 64, kFlagsReg = 96, kSbPad = 97, kSbSink = 98, kFsrReg = 99,
                   kSbRegs = 100;

// A decoded molecule, laid out for the run loop: a small header, then in
// one byte area the executed atoms (handler + operands), the registers the
// scoreboard checks (sources, then destinations, in slot order), the
// destinations with their latencies, and the executed atoms per energy
// class as (class, count) pairs. Only the first few cache lines of an entry
// are touched for a short molecule.
struct alignas(64) DecodedMolecule {
    struct AtomSlot {
        ExecFn fn;
        Atom atom;
    };
    struct Dst {
        uint8_t reg, lat;
        bool load;
    };
    // nchk is a multiple of 4 (padded with kSbPad) so the run loop can
    // check four registers at a time.
    // ndst is even (padded with kSbSink entries of latency 0).
    static constexpr unsigned kMaxChk = kMaxMoleculeWords * 7 + 3,
                              kMaxDst = kMaxMoleculeWords * 2 + 1;

    uint32_t pc = ~0u;
    uint8_t words = 0, natoms = 0, nops = 0, nstores = 0, nbranch = 0;
    bool commit = false, uses_div = false;
    uint8_t fsr_lat = 0; // fsr updated this many cycles after issue (0: not updated)
    ExitReason bad = ExitReason::None;
    uint8_t bad_slot = 0;
    uint8_t nchk = 0, ndst = 0, necls = 0;
    uint8_t gpr_r = 0, gpr_w = 0, fpr_r = 0, fpr_w = 0, flag_r = 0, flag_w = 0;
    // Issues not yet added to the counters: the per-molecule counts (atoms,
    // register reads, ...) are booked in bulk by CoreState::fold_counts.
    uint64_t hits = 0;
    uint32_t iline_first = 0, iline_last = 0; // L1I lines it occupies
    alignas(8) unsigned char area[kMaxMoleculeWords * sizeof(AtomSlot) + kMaxChk +
                                  kMaxDst * sizeof(Dst) + 2 * kMaxMoleculeWords];

    AtomSlot* slots() { return reinterpret_cast<AtomSlot*>(area); }
    const uint8_t* chk() const { return area + natoms * sizeof(AtomSlot); }
    const Dst* dsts() const { return reinterpret_cast<const Dst*>(chk() + nchk); }
    const uint8_t* ecls() const { return reinterpret_cast<const uint8_t*>(dsts() + ndst); }
};

struct CoreState {
    CoreState(const Core::Params& p, const Core::Blocks& b) : p(p), b(b) {}

    Core::Params p;
    Core::Blocks b;
    Counters c;
    ExecCtx x;

    static constexpr unsigned kDecodeEntries = 4096;
    std::vector<DecodedMolecule> dcache = std::vector<DecodedMolecule>(kDecodeEntries);
    std::vector<uint64_t> code_pages = std::vector<uint64_t>((1u << 20) / 64); // 4 KiB pages
    bool any_code = false;
    uint32_t fetch_fault = 0; // first unfetchable byte after lookup() failed

    uint64_t ready[kSbRegs] = {};
    bool ready_load[kSbRegs] = {};
    uint64_t ready_max = 0; // >= every ready[] (host speed: skip the check)
    uint64_t cycle = 0;        // earliest issue cycle of the next molecule
    uint64_t carry_branch = 0; // penalty cycles owed by the previous molecule
    uint64_t carry_dcache = 0;
    uint64_t div_free = 0;
    uint64_t drain_end = 0; // committed stores are draining until this cycle
    uint32_t last_iline = ~0u;
    unsigned iline_shift = ~0u; // log2 of the L1I line size the decodes assume

    std::vector<Listener*> listeners;
    Core::SyncHook* hook = nullptr;
    Core::Observer* observer = nullptr;
    uint64_t next_sync = 0;

    // Decoded molecules with hits != 0 (possibly listed more than once).
    // The counters are exact whenever someone can see them: fold_counts runs
    // at the end of every run, before listeners sample, when a decode with
    // hits is dropped, and in Core::counters().
    std::vector<DecodedMolecule*> pending = [] {
        std::vector<DecodedMolecule*> v;
        v.reserve(2 * kDecodeEntries);
        return v;
    }();
    void fold_counts() {
        for (DecodedMolecule* d : pending) {
            const uint64_t n = d->hits;
            if (!n) continue;
            d->hits = 0;
            c.molecules += n;
            c.nops += n * d->nops;
            c.atoms += n * d->natoms;
            c.code_bytes_fetched += n * 4u * d->words;
            c.l1i_accesses += n * (d->iline_last - d->iline_first + 1);
            c.branches += n * d->nbranch; // minus those of faulting molecules (run)
            c.gpr_reads += n * d->gpr_r;
            c.gpr_writes += n * d->gpr_w;
            c.fpr_reads += n * d->fpr_r;
            c.fpr_writes += n * d->fpr_w;
            c.flag_reads += n * d->flag_r;
            c.flag_writes += n * d->flag_w;
            c.atoms_by_class[static_cast<unsigned>(EnergyClass::Nop)] += n * d->nops;
            const uint8_t* e = d->ecls();
            for (unsigned i = 0; i < d->necls; ++i)
                c.atoms_by_class[e[2 * i]] += n * e[2 * i + 1];
        }
        pending.clear();
    }

    void flush_decodes() {
        fold_counts();
        for (DecodedMolecule& d : dcache)
            d.pc = ~0u;
        std::fill(code_pages.begin(), code_pages.end(), 0);
        any_code = false;
        last_iline = ~0u;
    }
    bool is_code_page(uint32_t page) const { return (code_pages[page >> 6] >> (page & 63)) & 1; }
    void writes_to(uint32_t addr, uint64_t len) {
        if (!any_code || len == 0) return;
        const uint64_t last = std::min<uint64_t>((uint64_t(addr) + len - 1) >> 12, 0xfffff);
        for (uint64_t pg = addr >> 12; pg <= last; ++pg)
            if (is_code_page(static_cast<uint32_t>(pg))) return flush_decodes();
    }

    void emit(EventKind k, uint32_t pc, uint32_t detail) {
        if (listeners.empty()) return;
        Event e{k, cycle, pc, detail};
        for (Listener* l : listeners)
            l->on_event(e);
        x.host_fp_unknown(); // listeners may have used the host FPU
    }
    void sample() {
        fold_counts();
        c.cycles = cycle;
        for (Listener* l : listeners)
            l->on_sample(cycle, c);
        x.host_fp_unknown();
    }

    uint64_t l2_access(uint32_t addr) {
        ++c.l2_accesses;
        if (b.l2.access(addr)) return p.l2_latency;
        ++c.l2_misses;
        return uint64_t(p.l2_latency) + p.memory_latency;
    }
    // Data-side access of [addr, addr+len); returns the blocking miss penalty.
    uint64_t data_access(uint32_t addr, unsigned len) {
        uint64_t pen = 0;
        const uint32_t lb = b.l1d.params().line_bytes;
        for (uint64_t a = addr & ~uint64_t(lb - 1); a < uint64_t(addr) + len; a += lb) {
            ++c.l1d_accesses;
            if (!b.l1d.access(uint32_t(a))) {
                ++c.l1d_misses;
                pen += l2_access(uint32_t(a));
            }
        }
        return pen;
    }
    // The L1I lines [first, last] of a molecule (computed at decode time
    // with the line size of iline_shift). (code_bytes_fetched and
    // l1i_accesses, one per line, are booked by fold_counts for issued
    // molecules, by the caller for the others.)
    uint64_t fetch_access(uint32_t first, uint32_t last) {
        if (first == last && first == last_iline) // the common case: still the MRU line
            return 0;
        uint64_t pen = 0;
        const uint32_t lb = b.l1i.params().line_bytes;
        for (uint32_t line = first;; ++line) {
            if (line != last_iline) { // else still the MRU line: a hit, LRU unchanged
                last_iline = line;
                const uint32_t a = line * lb;
                if (!b.l1i.access(a)) {
                    ++c.l1i_misses;
                    pen += l2_access(a);
                }
            }
            if (line == last) break;
        }
        return pen;
    }

    DecodedMolecule* lookup(uint32_t pc);
    void decode_into(DecodedMolecule& d, const uint8_t* bytes, size_t n);
    void commit_at(uint64_t t, uint32_t pc);
};

void CoreState::decode_into(DecodedMolecule& d, const uint8_t* bytes, size_t n) {
    Molecule m;
    DecodeResult r = decode_molecule(bytes, n, m);
    d.words = r.words;
    d.commit = m.commit;
    d.natoms = d.nops = d.nstores = d.ndst = d.nbranch = d.nchk = d.necls = 0;
    d.gpr_r = d.gpr_w = d.fpr_r = d.fpr_w = d.flag_r = d.flag_w = 0;
    d.uses_div = false;
    d.fsr_lat = 0;
    d.bad = ExitReason::None;
    if (r.status != DecodeStatus::Ok) {
        d.bad = ExitReason::UndefinedAtom;
        d.bad_slot = r.bad_slot;
        return;
    }
    if (r.words > p.molecule_atoms) {
        d.bad = ExitReason::IllegalMolecule;
        return;
    }
    uint8_t src[DecodedMolecule::kMaxChk], energy[kMaxMoleculeWords];
    DecodedMolecule::Dst dst[DecodedMolecule::kMaxDst];
    unsigned nsrc = 0, ndst = 0;
    DecodedMolecule::AtomSlot* slots = d.slots();
    unsigned units[static_cast<unsigned>(Unit::Count_)] = {};
    for (const Atom& a : m.atoms) {
        const AtomInfo& info = *atom_info(a.op);
        ++units[static_cast<unsigned>(info.unit)];
        if (a.op == Opcode::NOP) {
            ++d.nops;
            continue;
        }
        const unsigned i = d.natoms++;
        new (&slots[i]) DecodedMolecule::AtomSlot{kHandlers[static_cast<unsigned>(a.op)], a};
        energy[i] = static_cast<uint8_t>(info.energy);
        const unsigned lat = p.lat[static_cast<unsigned>(info.lat)];
        const bool is_load = info.props & P_LD;
        auto syn = format_syntax(info.format);
        unsigned k = 0;
        for (unsigned s = 0; s < syn.count; ++s) {
            Slot sl = syn.slots[s];
            if (sl == Slot::MEM) {
                src[nsrc++] = a.rs;
                ++d.gpr_r;
                continue;
            }
            if (!is_reg_slot(sl)) continue;
            const bool fp = k < info.kinds.size() && info.kinds[k] == 'f';
            ++k;
            const uint8_t reg = sl == Slot::RD   ? a.rd
                                : sl == Slot::RS ? a.rs
                                : sl == Slot::RT ? a.rt
                                                 : a.ru;
            const uint8_t sb = static_cast<uint8_t>(fp ? kFprBase + reg : reg);
            if (sl == Slot::RD) {
                dst[ndst++] = {sb, static_cast<uint8_t>(std::max(lat, 1u)), is_load};
                ++(fp ? d.fpr_w : d.gpr_w);
                if (info.props & P_RDD) {
                    src[nsrc++] = sb;
                    ++d.gpr_r;
                }
            } else {
                src[nsrc++] = sb;
                ++(fp ? d.fpr_r : d.gpr_r);
            }
        }
        if (info.props & P_RF) {
            src[nsrc++] = kFlagsReg;
            ++d.flag_r;
        }
        if ((info.props & P_WF) || ((info.props & P_WFO) && a.setflags)) {
            dst[ndst++] = {kFlagsReg, static_cast<uint8_t>(std::max(lat, 1u)), false};
            ++d.flag_w;
        }
        if (info.props & P_RFS) src[nsrc++] = kFsrReg;
        if ((info.props & P_WFS) && !(info.size_kind == SizeKind::F && a.size == 2))
            d.fsr_lat =
                static_cast<uint8_t>(std::min(255u, std::max({unsigned(d.fsr_lat), lat, 1u})));
        if (info.props & P_DIV) d.uses_div = true;
        if (info.props & P_ST) ++d.nstores;
        if (info.props & P_BR) ++d.nbranch;
    }
    // Pack the scoreboard list, the destinations and the energy classes
    // behind the atoms (see DecodedMolecule).
    d.nchk = static_cast<uint8_t>((nsrc + ndst + 3) & ~3u);
    uint8_t* chk = const_cast<uint8_t*>(d.chk());
    std::memcpy(chk, src, nsrc);
    for (unsigned i = 0; i < ndst; ++i)
        chk[nsrc + i] = dst[i].reg;
    for (unsigned i = nsrc + ndst; i < d.nchk; ++i)
        chk[i] = kSbPad;
    if (ndst & 1) dst[ndst++] = {kSbSink, 0, false};
    d.ndst = static_cast<uint8_t>(ndst);
    std::memcpy(const_cast<DecodedMolecule::Dst*>(d.dsts()), dst, ndst * sizeof dst[0]);
    uint8_t* e = const_cast<uint8_t*>(d.ecls());
    for (unsigned i = 0; i < d.natoms; ++i) {
        unsigned k = 0;
        while (k < d.necls && e[2 * k] != energy[i])
            ++k;
        if (k == d.necls) e[2 * d.necls++] = energy[i], e[2 * k + 1] = 0;
        ++e[2 * k + 1];
    }
    using U = Unit;
    auto n_of = [&](U u) { return units[static_cast<unsigned>(u)]; };
    if (n_of(U::Alu) > p.alu_units + p.exec_units || n_of(U::Lsu) > p.lsu_units ||
        n_of(U::Fpu) > p.fpu_units || n_of(U::Br) > p.branch_units)
        d.bad = ExitReason::IllegalMolecule;
}

DecodedMolecule* CoreState::lookup(uint32_t pc) {
    DecodedMolecule& d = dcache[(pc >> 3) & (kDecodeEntries - 1)];
    if (d.pc == pc) return &d;
    if (d.hits) fold_counts(); // about to be overwritten
    uint8_t buf[4 * kMaxMoleculeWords];
    // A molecule is fetched in up to three pieces, as its header words say
    // how long it is; each piece needs fetch permission. A molecule may not
    // wrap around the top of the 32-bit space.
    auto piece = [&](unsigned off, unsigned len) {
        const uint64_t from = uint64_t(pc) + off, top = 1ull << 32;
        if (from + len > top) {
            // The first faulting byte is at or below 4 GiB (truncated to 0).
            fetch_fault = from >= top ? 0
                                      : b.mem.first_fault(static_cast<uint32_t>(from),
                                                          static_cast<unsigned>(top - from),
                                                          MemAccess::Fetch);
            return false;
        }
        if (b.mem.fetch(pc + off, buf + off, len)) return true;
        fetch_fault = b.mem.first_fault(pc + off, len, MemAccess::Fetch);
        return false;
    };
    if (!piece(0, 8)) return nullptr;
    uint32_t w[3];
    std::memcpy(w, buf, 8);
    w[2] = 0;
    if (w[1] >> 31) {
        if (!piece(8, 8)) return nullptr;
        std::memcpy(&w[2], buf + 8, 4);
    }
    const unsigned n = molecule_length(w[0], w[1], w[2]);
    if (n == 8 && !piece(16, 16)) return nullptr;
    decode_into(d, buf, 4 * n);
    d.iline_first = pc >> iline_shift;
    d.iline_last = (pc + 4 * n - 1) >> iline_shift;
    d.pc = pc;
    for (uint32_t pg = pc >> 12; pg <= (pc + 4 * n - 1) >> 12; ++pg)
        code_pages[pg >> 6] |= 1ull << (pg & 63);
    any_code = true;
    return &d;
}

void CoreState::commit_at(uint64_t t, uint32_t pc) {
    b.rf.commit();
    const unsigned n = b.sb.size();
    for (const StoreBuffer::Entry& e : b.sb.entries()) {
        b.mem.write(e.addr, e.data, e.size);
        data_access(e.addr, e.size); // write-allocate; the buffer hides the latency
        writes_to(e.addr, e.size);
    }
    b.sb.discard();
    if (n) {
        const unsigned bw = std::max(1u, p.sb_drain_per_cycle);
        drain_end = std::max(drain_end, t + 1) + (n + bw - 1) / bw;
    }
    b.alias.clear();
    ++c.commits;
    c.sb_drains += n;
    emit(EventKind::Commit, pc, n);
}

// ---- ExecCtx services -------------------------------------------------------

bool ExecCtx::load(uint32_t addr, unsigned len, uint8_t* out) {
    CoreState& s = *core;
    ++s.c.loads;
    uint8_t fwd[10];
    const uint32_t have = s.b.sb.forward(addr, len, fwd);
    if (have != (1u << len) - 1) {
        if (!s.b.mem.read(addr, out, len)) {
            raise_mem(MemAccess::Read, addr, len);
            return false;
        }
        dcache_penalty += s.data_access(addr, len);
    } else if (!s.b.mem.accessible(addr, len, MemAccess::Read)) {
        // Forwarded from the store buffer, but a load still needs read
        // permission (a store only proved write permission).
        raise_mem(MemAccess::Read, addr, len);
        return false;
    }
    if (have) {
        for (unsigned i = 0; i < len; ++i)
            if ((have >> i) & 1u) out[i] = fwd[i];
        s.c.sb_forwarded_bytes += unsigned(std::popcount(have));
    }
    return true;
}

bool ExecCtx::load_cms(uint32_t addr, unsigned len, uint8_t* out) {
    CoreState& s = *core;
    ++s.c.loads;
    if (!s.b.mem.fetch(addr, out, len)) {
        raise_mem(MemAccess::Fetch, addr, len);
        return false;
    }
    dcache_penalty += s.data_access(addr, len);
    return true;
}

bool ExecCtx::store(uint32_t addr, unsigned len, const void* data) {
    CoreState& s = *core;
    ++s.c.stores;
    if (!s.b.mem.accessible(addr, len, MemAccess::Write)) {
        raise_mem(MemAccess::Write, addr, len);
        return false;
    }
    StoreOp& o = st[nst++];
    o.addr = addr;
    o.size = static_cast<uint8_t>(len);
    switch (len) { // fixed-size copies for the usual sizes (host speed)
    case 1: std::memcpy(o.data, data, 1); break;
    case 2: std::memcpy(o.data, data, 2); break;
    case 4: std::memcpy(o.data, data, 4); break;
    case 8: std::memcpy(o.data, data, 8); break;
    default: std::memcpy(o.data, data, len); break;
    }
    return true;
}

void ExecCtx::raise_mem(MemAccess a, uint32_t addr, unsigned len) {
    if (fault != ExitReason::None) return;
    raise(ExitReason::MemoryFault, core->b.mem.first_fault(addr, len, a));
    fault_access = a;
}

bool ExecCtx::alias_check(uint32_t mask, uint32_t addr, unsigned len) {
    CoreState& s = *core;
    const unsigned n = s.b.alias.registers();
    const uint32_t m = n >= 32 ? mask : mask & ((1u << n) - 1);
    s.c.alias_checks += unsigned(std::popcount(m));
    const int k = s.b.alias.check(m, addr, len);
    if (k >= 0) {
        raise(ExitReason::AliasFault, addr, static_cast<uint16_t>(k));
        return false;
    }
    return true;
}

bool ExecCtx::alias_set(unsigned k, uint32_t addr, unsigned len) {
    if (k >= core->b.alias.registers()) {
        raise(ExitReason::UndefinedAtom, addr);
        return false;
    }
    as[nas++] = {static_cast<uint8_t>(k), static_cast<uint8_t>(len), addr};
    return true;
}

} // namespace detail

// ---- Core ------------------------------------------------------------------

struct Core::Impl : detail::CoreState {
    using CoreState::CoreState;
};

Core::Core(const Params& p, const Blocks& b) : impl_(std::make_unique<Impl>(p, b)) {
    impl_->x.rf = &b.rf;
    impl_->x.core = impl_.get();
    reset(p);
}

Core::~Core() = default;

void Core::reset(const Params& p) {
    Impl& s = *impl_;
    s.p = p;
    s.flush_decodes();
    std::fill(std::begin(s.ready), std::end(s.ready), 0);
    std::fill(std::begin(s.ready_load), std::end(s.ready_load), false);
    s.ready_max = 0;
    s.cycle = s.carry_branch = s.carry_dcache = s.div_free = s.drain_end = 0;
    s.next_sync = p.quantum_cycles;
    s.c = Counters{};
}

const Core::Params& Core::params() const {
    return impl_->p;
}
uint64_t Core::cycle() const {
    return impl_->cycle;
}
Counters& Core::counters() {
    impl_->fold_counts();
    impl_->c.cycles = impl_->cycle;
    return impl_->c;
}
void Core::reset_counters() {
    impl_->fold_counts(); // drops the pending issues with the rest
    impl_->c = Counters{};
}
void Core::add_listener(Listener* l) {
    impl_->listeners.push_back(l);
}
void Core::remove_listener(Listener* l) {
    std::erase(impl_->listeners, l);
}
void Core::set_sync_hook(SyncHook* h) {
    impl_->hook = h;
}
void Core::set_observer(Observer* o) {
    impl_->observer = o;
}
void Core::code_written(uint32_t addr, uint64_t len) {
    if (len > (uint64_t(64) << 12))
        impl_->flush_decodes(); // cheaper than walking a large range's pages
    else
        impl_->writes_to(addr, len);
}
void Core::invalidate_all_code() {
    impl_->flush_decodes();
}

void Core::charge(uint64_t cycles) {
    impl_->cycle += cycles;
    impl_->c.charged_cycles += cycles;
}

void Core::commit() {
    impl_->commit_at(impl_->cycle, 0);
}

void Core::rollback() {
    Impl& s = *impl_;
    s.b.rf.rollback();
    s.c.sb_discards += s.b.sb.size();
    s.b.sb.discard();
    s.b.alias.clear();
    ++s.c.rollbacks;
    if (s.observer) s.observer->on_rollback(s.cycle);
    s.emit(EventKind::Rollback, 0, 0);
}

ExitRecord Core::run(uint32_t pc, uint64_t max_cycles) {
    using namespace detail;
    Impl& s = *impl_;
    Counters& c = s.c;
    RegFile& rf = s.b.rf;
    s.fold_counts(); // (nothing pending between runs; cheap)
    if (const unsigned sh = static_cast<unsigned>(std::countr_zero(s.b.l1i.params().line_bytes));
        sh != s.iline_shift) {
        s.flush_decodes(); // decodes hold L1I line numbers
        s.iline_shift = sh;
    }
    const uint64_t start = s.cycle, start_mol = c.molecules;
    const uint64_t limit = max_cycles ? start + max_cycles : ~uint64_t(0);
    // Entering from the CMS: its cost table pays for the pipeline refill.
    s.carry_branch = s.carry_dcache = 0;
    s.emit(EventKind::RunStart, pc, 0);
    ExitRecord rec;
    DecodedMolecule* const dc = s.dcache.data();
    ExecCtx& x = s.x;
    x.host_fp_unknown(); // the host FPU's flags are whatever the caller left
    // The cycle limit and the next sync point, whichever comes first.
    auto next_check = [&] { return s.hook ? std::min(limit, s.next_sync) : limit; };
    uint64_t check_at = next_check();
    for (;;) {
        if (s.cycle >= check_at) {
            if (s.cycle >= limit) {
                rec.reason = ExitReason::CycleLimit;
                rec.pc = pc;
                break;
            }
            if (s.hook && s.cycle >= s.next_sync) {
                s.hook->sync(s.cycle);
                x.host_fp_unknown(); // other SystemC processes ran
                s.next_sync = s.cycle + s.p.quantum_cycles;
                if (!s.listeners.empty()) s.sample();
            }
            check_at = next_check();
        }
        DecodedMolecule* m = &dc[(pc >> 3) & (CoreState::kDecodeEntries - 1)];
        if (m->pc != pc) m = s.lookup(pc);
        if (m) // the successor is usually the next molecule: warm its decode
            __builtin_prefetch(&dc[((pc + 4u * m->words) >> 3) & (CoreState::kDecodeEntries - 1)]);
        if (!m || m->bad != ExitReason::None) {
            rec.reason = m ? m->bad : ExitReason::MemoryFault;
            rec.slot = m ? m->bad_slot : 0;
            rec.pc = pc;
            rec.fault_addr = m ? pc : s.fetch_fault;
            if (!m) rec.access = MemAccess::Fetch;
            ++c.molecules;
            ++s.cycle;
            break;
        }

        // ---- issue timing ----
        // Stalls are collected first and booked once we know the molecule
        // issues before the cycle limit; a run never ends past max_cycles.
        const uint64_t base = s.cycle;
        uint64_t cur = base, worst = 0;
        StallCause cause = StallCause::Dependency;
        StallCause lost_why[6];
        uint64_t lost_n[6];
        unsigned nlost = 0;
        auto stall = [&](StallCause why, uint64_t n) {
            lost_why[nlost] = why;
            lost_n[nlost++] = n;
            cur += n;
            if (n > worst) worst = n, cause = why;
        };
        if (s.carry_branch) stall(StallCause::Branch, s.carry_branch);
        if (s.carry_dcache) stall(StallCause::DCache, s.carry_dcache);
        const unsigned words = m->words;
        if (uint64_t ip = s.fetch_access(m->iline_first, m->iline_last))
            stall(StallCause::ICache, ip);
        if (s.ready_max > cur) { // else no register can be late
            uint64_t tdep = 0;
            bool load_dep = false;
            // The first register with the latest ready time decides the
            // cause; branch-free, four at a time (pads are always ready).
            const unsigned nchk = m->nchk;
            const uint8_t* const chk = m->chk();
            const uint64_t* const ready = s.ready;
            const bool* const ready_load = s.ready_load;
            for (unsigned i = 0; i < nchk; i += 4) {
                for (unsigned j = 0; j < 4; ++j) {
                    const unsigned r = chk[i + j];
                    const uint64_t v = ready[r];
                    const bool later = v > tdep, ld = ready_load[r];
                    tdep = later ? v : tdep;
                    load_dep = later ? ld : load_dep;
                }
            }
            if (tdep > cur)
                stall(load_dep ? StallCause::LoadUse : StallCause::Dependency, tdep - cur);
        }
        if (m->uses_div && s.div_free > cur) stall(StallCause::Divider, s.div_free - cur);
        const unsigned nstores = m->nstores;
        if (nstores) {
            const unsigned cap = s.b.sb.capacity(), gated = s.b.sb.size();
            if (gated + nstores <= cap) {
                const uint64_t room =
                    (cap - gated - nstores) / std::max(1u, s.p.sb_drain_per_cycle);
                const uint64_t t_sb = s.drain_end > room ? s.drain_end - room : 0;
                if (t_sb > cur) stall(StallCause::StoreBuffer, t_sb - cur);
            }
        }
        const uint64_t t = cur;
        if (nlost) {
            uint64_t budget = t >= limit ? limit - base : t - base;
            for (unsigned i = 0; i < nlost; ++i) {
                const uint64_t n = std::min(budget, lost_n[i]);
                c.stall_cycles[static_cast<unsigned>(lost_why[i])] += n;
                budget -= n;
            }
        }
        if (t >= limit) {
            // Stalled up to the limit without issuing; the molecule re-pays
            // its penalties when the CMS resumes it. (It was fetched: issued
            // molecules' fetched bytes are booked by fold_counts.)
            c.code_bytes_fetched += 4u * words;
            c.l1i_accesses += m->iline_last - m->iline_first + 1;
            s.cycle = limit;
            rec.reason = ExitReason::CycleLimit;
            rec.pc = pc;
            break;
        }
        s.carry_branch = s.carry_dcache = 0;
        s.cycle = t + 1;
        const unsigned natoms = m->natoms;
        // molecules, atoms, register reads, ... : booked by fold_counts
        if (m->hits++ == 0) s.pending.push_back(m);

        // ---- execute: reads see the molecule's pre-state ----
        const uint32_t fallthrough = pc + 4u * words;
        x.begin(pc, fallthrough);
        unsigned slot = 0;
        const DecodedMolecule::AtomSlot* const slots = m->slots();
        for (; slot < natoms; ++slot) {
            slots[slot].fn(x, slots[slot].atom);
            if (x.fault != ExitReason::None) break;
        }
        const unsigned nst = x.nst;
        if (x.fault == ExitReason::None && nst && s.b.sb.size() + nst > s.b.sb.capacity())
            x.raise(ExitReason::StoreBufferOverflow, x.st[0].addr);
        if (x.fault != ExitReason::None) {
            rec.reason = x.fault;
            rec.pc = pc;
            rec.fault_addr = x.fault_addr;
            if (x.fault == ExitReason::MemoryFault) rec.access = x.fault_access;
            rec.code = x.fault_code;
            rec.slot = static_cast<uint8_t>(std::min<unsigned>(slot, natoms));
            c.branches -= m->nbranch; // counted for completed molecules only
            x.fsr_written = false;
            break;
        }

        // ---- write back (the molecule completed: apply everything) ----
        {
            // In queue order (a later write to the same register wins);
            // gw[0..1] are always valid (ExecCtx::begin).
            *x.gw[0].to = x.gw[0].v;
            *x.gw[1].to = x.gw[1].v;
            const unsigned n = x.ngw;
            for (unsigned i = 2; i < n; ++i)
                *x.gw[i].to = x.gw[i].v;
        }
        if (const unsigned n = x.nfw)
            for (unsigned i = 0; i < n; ++i)
                rf.fpr[x.fw[i].r] = x.fw[i].v;
        if (x.flags_written) {
            rf.flags = x.new_flags;
            if (x.fsr_written) { // (implies flags_written: ExecCtx::note_fsr_write)
                x.fsr_written = false;
                rf.fsr = x.new_fsr;
                const uint64_t v = t + m->fsr_lat;
                if (v > s.ready[kFsrReg]) {
                    s.ready[kFsrReg] = v;
                    s.ready_max = std::max(s.ready_max, v);
                }
            }
        }
        const uint64_t pen = x.dcache_penalty;
        {
            const unsigned ndst = m->ndst;
            const DecodedMolecule::Dst* const dst = m->dsts();
            uint64_t hi = s.ready_max;
            for (unsigned i = 0; i < ndst; ++i) { // two at a time (ndst is even)
                for (unsigned j = i; j < i + 2; ++j) {
                    const unsigned r = dst[j].reg;
                    const bool ld = dst[j].load;
                    const uint64_t v = t + dst[j].lat + (ld ? pen : 0);
                    s.ready[r] = v;
                    s.ready_load[r] = ld;
                    hi = std::max(hi, v);
                }
                ++i;
            }
            s.ready_max = hi;
        }
        if (m->uses_div) s.div_free = t + s.p.lat[static_cast<unsigned>(LatClass::Div)];
        if (nst) {
            for (unsigned i = 0; i < nst; ++i)
                s.b.sb.push(x.st[i].addr, x.st[i].size, x.st[i].data);
            c.sb_writes += nst;
        }
        if (const unsigned nas = x.nas) {
            for (unsigned i = 0; i < nas; ++i)
                s.b.alias.set(x.as[i].k, x.as[i].addr, x.as[i].size);
            c.alias_sets += nas;
        }
        s.carry_dcache = pen;
        uint32_t next = fallthrough;
        if (x.taken) {
            ++c.branches_taken;
            if (x.indirect) ++c.indirect_branches;
            s.carry_branch = x.indirect ? s.p.indirect_branch_penalty : s.p.taken_branch_penalty;
            next = x.target;
        }
        if (m->commit) s.commit_at(t, pc);
        if (s.observer) {
            s.observer->on_issue(t, pc, m->commit, s.b.sb.size(), t - base, cause);
            x.host_fp_unknown();
        }
        if (x.exit) {
            rec.reason = ExitReason::Exit;
            rec.code = x.exit_code;
            rec.pc = pc;
            rec.next_pc = next;
            ++c.exits;
            s.emit(EventKind::Exit, pc, x.exit_code);
            break;
        }
        pc = next;
    }
    if (rec.is_fault()) {
        ++c.faults;
        if (rec.reason == ExitReason::AliasFault) ++c.alias_faults;
        s.emit(EventKind::Fault, rec.pc, static_cast<uint32_t>(rec.reason));
    }
    s.fold_counts();
    rec.cycles = s.cycle - start;
    rec.molecules = c.molecules - start_mol;
    c.cycles = s.cycle;
    if (s.observer) s.observer->on_run_end(s.cycle);
    s.emit(EventKind::RunEnd, rec.pc, static_cast<uint32_t>(rec.reason));
    if (!s.listeners.empty()) s.sample();
    return rec;
}

// ---- exit records -----------------------------------------------------------

std::string_view exit_reason_name(ExitReason r) {
    static constexpr std::string_view n[] = {"none",
                                             "exit",
                                             "cycle_limit",
                                             "alias_fault",
                                             "memory_fault",
                                             "divide_error",
                                             "store_buffer_overflow",
                                             "undefined_atom",
                                             "illegal_molecule",
                                             "fp_check"};
    return n[static_cast<unsigned>(r)];
}

std::string_view mem_access_name(MemAccess a) {
    static constexpr std::string_view n[] = {"read", "write", "fetch"};
    return n[static_cast<unsigned>(a)];
}

std::string to_string(const ExitRecord& r) {
    char b[160];
    std::snprintf(
        b, sizeof b,
        "%s code=%u pc=0x%x next_pc=0x%x fault_addr=0x%x slot=%u cycles=%llu molecules=%llu",
        std::string(exit_reason_name(r.reason)).c_str(), r.code, r.pc, r.next_pc, r.fault_addr,
        r.slot, static_cast<unsigned long long>(r.cycles),
        static_cast<unsigned long long>(r.molecules));
    if (r.reason == ExitReason::MemoryFault)
        return std::string(b) + " access=" + std::string(mem_access_name(r.access));
    return b;
}

} // namespace cm::vliw
