// The region builder: see region_builder.hpp for what it follows and where
// it stops.
#include "morph/region_builder.hpp"

#include <algorithm>
#include <cstring>

#include "backend/x87_plan.hpp"
#include "x86/decoder.hpp"
#include "x86/lifter.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {

/// Vregs one region may use; instructions are not added past this.
constexpr unsigned kVregBudget = 60000;

/// False for instructions the region leaves to the interpreter (the list
/// and the reasons are in region_builder.hpp); x87 ones unless `x87`.
bool translatable(const LiftedInsn& li, const std::vector<IrInst>& ops, bool x87) {
    if (li.unsupported) return false;
    switch (li.flow) {
    case Flow::Trap:
    case Flow::Syscall:
    case Flow::Repeat:
    case Flow::Serialize: return false;
    default: break;
    }
    for (const IrInst& in : ops) {
        if (ir_info(in.op).fp && !x87) return false;
        switch (in.op) {
        case IrOp::PutSeg:
        case IrOp::PutEflags:
        case IrOp::Trap:
        case IrOp::Syscall:
        case IrOp::Cpuid:
        case IrOp::Rdtsc: return false;
        default: break;
        }
    }
    return true;
}

class Builder {
  public:
    Builder(uint32_t entry, const GuestMemory& mem, const BlockLookup& blocks,
            const RegionLimits& lim)
        : mem_(mem), blocks_(blocks), lim_(lim) {
        r_.entry = entry;
        x87_.top = lim.x87_top & 7;
        x87_.empty = lim.x87_empty;
    }

    Region build() {
        uint32_t pc = r_.entry;
        uint32_t block_start = pc; // start of the interpreter block holding pc
        for (;;) {
            // visited(): the path comes back into the current copy other
            // than at the entry (an inner loop's back edge, a call into code
            // already in the region): end there.
            if (r_.insns.size() >= std::max(1u, lim_.max_insns) || visited(pc)) {
                if (!stop(ExitKind::Direct, pc, !visited(pc))) return Region{};
                break;
            }
            uint8_t buf[15];
            size_t avail = mem_.fetch_code(pc, buf, 15);
            Insn insn;
            if (!avail || dec_.decode(buf, avail, pc, insn) != DecodeStatus::Ok) {
                if (!stop(ExitKind::Interp, pc)) return Region{};
                break;
            }
            ops_.clear();
            LiftedInsn li = lift(insn, ops_);
            if (!translatable(li, ops_, lim_.x87)) {
                if (!stop(ExitKind::Interp, pc)) return Region{};
                break;
            }
            backend::X87Effect fx;
            const bool x87_insn =
                lim_.x87 && !lim_.x87_unplanned &&
                std::any_of(ops_.begin(), ops_.end(), [](const IrInst& in) { return ir_info(in.op).fp; });
            if (x87_insn) {
                fx = backend::x87_effect(x87_, ops_);
                if (!fx.ok) {
                    if (!stop(ExitKind::Interp, pc)) return Region{};
                    break;
                }
            }
            if (!fits(li)) {
                if (!stop(ExitKind::Direct, pc, true)) return Region{};
                break;
            }
            const uint16_t idx = uint16_t(r_.insns.size());
            LiftedInsn rec = li;
            rec.first_op = 0;
            rec.num_ops = 0;
            r_.insns.push_back(rec);
            if (x87_insn) backend::x87_apply(x87_, fx);
            r_.insn_text.push_back(dec_.disassemble(buf, avail, pc));
            add_range(li.addr, li.next());

            uint32_t next = li.next();
            bool ended = false;
            std::fill(std::begin(map_), std::end(map_), kNoVreg);
            std::fill(std::begin(fmap_), std::end(fmap_), kNoVreg);
            for (const IrInst& in : ops_) {
                if (in.op == IrOp::Br) {
                    next = cond_branch(li, idx, block_start, map_[in.src[0]]);
                } else if (in.op == IrOp::Jmp) {
                    if (li.flow == Flow::Jump || li.flow == Flow::Call) {
                        next = li.branch_target;
                    } else {
                        Vreg t = map_[in.src[0]];
                        RInst x;
                        x.ctl = RegionCtl::Exit;
                        x.src[0] = t;
                        x.insn = idx;
                        x.imm = add_exit(ExitKind::Indirect, 0, t, idx + 1);
                        r_.code.push_back(x);
                        ended = true;
                    }
                } else {
                    rename(in, idx);
                }
            }
            if (ended) {
                if (copy_ > 0) restore_and_close();
                break;
            }
            // A followed jump or branch backwards is a loop back edge.
            const bool back_edge = (li.flow == Flow::CondBranch || li.flow == Flow::Jump) &&
                                   next <= li.addr;
            if (back_edge && next != r_.entry && copy_ == 0 && !wrapped_) {
                // Into another loop's head: go on (a region from a loop's
                // middle may end at a natural point after it, such as an
                // indirect jump), but if it then runs into a limit, it is
                // cut back to here (see stop()): a loop body too long for
                // one region is then cut at the same points on every trip.
                save(wrap_);
                wrap_target_ = next;
                wrapped_ = true;
            }
            if (next == r_.entry) {
                // Back at the region's own entry (through a back edge, or by
                // falling into it in a loop entered at its condition): the
                // loop body is complete.
                // Keep this point to fall back to, and go on with a copy of
                // the next iteration if that may fit; a copy that does not
                // fit whole is dropped again (see stop()).
                save(ck_);
                if (!lim_.unroll_loops || !next_copy_may_fit()) {
                    end_with(ExitKind::Direct, next);
                    break;
                }
                ++copy_;
                copy_start_ = r_.insns.size();
            }
            if (li.ends_block()) block_start = next;
            pc = next;
        }
        r_.nvregs = uint16_t(nv_);
        return std::move(r_);
    }

  private:
    const GuestMemory& mem_;
    const BlockLookup& blocks_;
    const RegionLimits& lim_;
    Decoder dec_;
    Region r_;
    std::vector<IrInst> ops_;
    Vreg map_[kMaxTemps + 1]; ///< the current instruction's 32-bit temporaries
    Vreg fmap_[kMaxFTemps];   ///< and its FP temporaries (a separate file)
    backend::X87Static x87_;  ///< the x87 stack's shape before the next instruction
    unsigned nv_ = 0;
    unsigned stores_ = 0, protected_loads_ = 0, loads_ = 0;
    /// Loop copies: copy_ = how many times the region has come back to its
    /// entry and gone on; copy_start_ = index of the current copy's first insn.
    unsigned copy_ = 0;
    size_t copy_start_ = 0;
    /// The region as it was at the last back edge to its entry, to fall back
    /// to when a further copy of the loop body does not fit.
    struct Checkpoint {
        size_t insns = 0, code = 0, exits = 0;
        std::vector<std::pair<uint32_t, uint32_t>> ranges;
        unsigned nv = 0, stores = 0, protected_loads = 0, loads = 0;
    } ck_;
    /// The counters where the current copy began (for its size).
    unsigned copy_nv_ = 0, copy_stores_ = 0, copy_loads_ = 0;

    Vreg fresh() { return Vreg(nv_++); }

    /// True if the current loop copy already holds the instruction at pc.
    bool visited(uint32_t pc) const {
        return std::any_of(r_.insns.begin() + std::ptrdiff_t(copy_start_), r_.insns.end(),
                           [pc](const LiftedInsn& i) { return i.addr == pc; });
    }

    void add_range(uint32_t lo, uint32_t hi) {
        for (auto [a, b] : r_.ranges)
            if (a <= lo && hi <= b) return; // a loop copy: bytes already listed
        if (!r_.ranges.empty() && r_.ranges.back().second == lo)
            r_.ranges.back().second = hi;
        else
            r_.ranges.emplace_back(lo, hi);
    }

    /// The first back edge into another loop's head, and the region there.
    bool wrapped_ = false;
    Checkpoint wrap_;
    uint32_t wrap_target_ = 0;

    void save(Checkpoint& c) const {
        c.insns = r_.insns.size();
        c.code = r_.code.size();
        c.exits = r_.exits.size();
        c.ranges = r_.ranges;
        c.nv = nv_;
        c.stores = stores_;
        c.protected_loads = protected_loads_;
        c.loads = loads_;
    }

    void restore(const Checkpoint& c) {
        r_.insns.resize(c.insns);
        r_.insn_text.resize(c.insns);
        r_.code.resize(c.code);
        r_.exits.resize(c.exits);
        r_.ranges = c.ranges;
        nv_ = c.nv;
        stores_ = c.stores;
        protected_loads_ = c.protected_loads;
        loads_ = c.loads;
    }

    /// Whether one more copy of the loop body, the same size as the last
    /// one, fits the limits (the builder follows the same directions in
    /// every copy, so copies are alike; stop() catches any that is not).
    bool next_copy_may_fit() {
        const size_t body = r_.insns.size() - copy_start_;
        const unsigned st = stores_ - copy_stores_, ld = loads_ - copy_loads_;
        const unsigned nv = nv_ - copy_nv_;
        copy_nv_ = nv_, copy_stores_ = stores_, copy_loads_ = loads_;
        if (r_.insns.size() + body > std::max(1u, lim_.max_insns)) return false;
        if (stores_ + st > lim_.max_stores) return false;
        // Loads stay in their copy unless OptOptions::hoist_side_exits lets
        // them pass the exit before it, and the hoisting pass reuses an
        // alias register once the stores checking it are behind: one copy's
        // loads must fit the registers at once (where they do not, the
        // hoisting pass leaves loads it has no register for in place).
        if (lim_.max_protected_loads && (stores_ || st) && ld > lim_.max_protected_loads)
            return false;
        return nv_ + nv + 2 <= kVregBudget;
    }

    /// Drops the unfinished loop copy: the region ends at the last back
    /// edge, with a Direct exit to its own entry (chained to itself).
    void restore_and_close() {
        restore(ck_);
        end_with(ExitKind::Direct, r_.entry);
    }

    /// The region cannot take the instruction at pc: in a loop copy after
    /// the first, drop that copy; at a limit after a back edge into another
    /// loop, go back to that edge; else end with a `k` exit at pc. False if
    /// the region has no instruction.
    bool stop(ExitKind k, uint32_t pc, bool limit = false) {
        if (copy_ > 0) {
            restore_and_close();
            return true;
        }
        if (limit && wrapped_) {
            restore(wrap_);
            return end_with(ExitKind::Direct, wrap_target_);
        }
        return end_with(k, pc);
    }

    /// Whether `li` (lifted into ops_) still fits the limits; counts it if so.
    bool fits(const LiftedInsn& li) {
        unsigned st = 0, ld = 0;
        bool after_store = stores_ > 0;
        for (const IrInst& in : ops_) {
            if (in.op == IrOp::Store)
                ++st, after_store = true;
            else if (in.op == IrOp::Load && after_store)
                ++ld;
        }
        unsigned all_loads = 0;
        for (const IrInst& in : ops_)
            all_loads += in.op == IrOp::Load;
        if (stores_ + st > lim_.max_stores) return false;
        if (lim_.max_protected_loads && copy_ == 0 &&
            protected_loads_ + ld > lim_.max_protected_loads)
            return false;
        // FP temporaries are not counted by the lifter: assume all, plus the
        // zero constants rename() adds.
        const unsigned fp = std::any_of(ops_.begin(), ops_.end(),
                                        [](const IrInst& in) { return ir_info(in.op).fp; })
                                ? kMaxFTemps + 3
                                : 0;
        if (nv_ + li.ntemps + fp + 2 > kVregBudget) return false;
        stores_ += st;
        protected_loads_ += ld;
        loads_ += all_loads;
        return true;
    }

    uint16_t add_exit(ExitKind k, uint32_t target, Vreg tv, uint32_t guest_insns) {
        RegionExit e;
        e.kind = k;
        e.target = target;
        e.target_vreg = tv;
        e.insn = uint16_t(guest_insns ? guest_insns - 1 : 0);
        e.guest_insns = guest_insns;
        r_.exits.push_back(e);
        return uint16_t(r_.exits.size() - 1);
    }

    /// Ends the region after its last instruction with an exit to `target`;
    /// false if the region has no instruction to end after.
    bool end_with(ExitKind k, uint32_t target) {
        if (r_.insns.empty()) return false;
        RInst x;
        x.ctl = RegionCtl::Exit;
        x.insn = uint16_t(r_.insns.size() - 1);
        x.imm = add_exit(k, target, kNoVreg, uint32_t(r_.insns.size()));
        r_.code.push_back(x);
        return true;
    }

    /// The lifted op `in` over region vregs. x87 ops name FP temporaries
    /// where ir_ops.def's kinds say 'f' (renamed through fmap_). FFromBits
    /// may leave its high byte sources out (kNoTemp: those bytes are zero);
    /// they become a Const 0 vreg, the same bytes, so that every region op
    /// reads all its sources.
    void rename(const IrInst& in, uint16_t idx) {
        const IrOpInfo& info = ir_info(in.op);
        RInst o;
        o.op = in.op;
        o.size = in.size;
        o.imm = in.imm;
        o.insn = idx;
        for (unsigned k = 0; k < info.nsrc; ++k) {
            if (ir_src_fp(in.op, k)) {
                o.src[k] = fmap_[in.src[k]];
            } else if (in.src[k] == kNoTemp && in.op == IrOp::FFromBits) {
                RInst z;
                z.op = IrOp::Const;
                z.dst = fresh();
                z.insn = idx;
                r_.code.push_back(z);
                o.src[k] = z.dst;
            } else {
                o.src[k] = map_[in.src[k]];
            }
        }
        auto def = [&](Temp t, unsigned k) {
            return (ir_dst_fp(in.op, k) ? fmap_[t] : map_[t]) = fresh();
        };
        if (info.ndst >= 1) o.dst = def(in.dst, 0);
        if (info.ndst == 2) o.dst2 = def(in.dst2, 1);
        r_.code.push_back(o);
    }

    /// The conditional branch `li` with condition vreg `c`: a side exit to
    /// the colder direction; returns the address the region continues at.
    uint32_t cond_branch(const LiftedInsn& li, uint16_t idx, uint32_t block_start, Vreg c) {
        bool follow_taken = false;
        if (blocks_) {
            // The interpreter block ending at this branch; blocks split at
            // the interpreter's size limit continue at the previous end.
            const Block* b = blocks_(block_start);
            while (b && b->end > b->start && li.addr >= b->end)
                b = blocks_(b->end);
            if (b && !b->insns.empty() && b->insns.back().addr == li.addr)
                follow_taken = b->taken > b->not_taken;
        }
        RInst x;
        x.ctl = RegionCtl::ExitIf;
        x.insn = idx;
        if (!follow_taken) {
            x.src[0] = c;
            x.imm = add_exit(ExitKind::Direct, li.branch_target, kNoVreg, idx + 1u);
            r_.code.push_back(x);
            return li.next();
        }
        RInst zero;
        zero.op = IrOp::Const;
        zero.dst = fresh();
        zero.insn = idx;
        RInst inv;
        inv.op = IrOp::CmpEq;
        inv.dst = fresh();
        inv.src[0] = c;
        inv.src[1] = zero.dst;
        inv.insn = idx;
        r_.code.push_back(zero);
        r_.code.push_back(inv);
        x.src[0] = inv.dst;
        x.imm = add_exit(ExitKind::Direct, li.next(), kNoVreg, idx + 1u);
        r_.code.push_back(x);
        return li.branch_target;
    }
};

} // namespace

Region build_region(uint32_t entry, const GuestMemory& mem, const BlockLookup& blocks,
                    const RegionLimits& limits) {
    Builder b(entry, mem, blocks, limits);
    Region r = b.build();
    r.entry = entry;
    return r;
}

Region build_region(uint32_t entry, const GuestMemory& mem, const Interpreter& interp,
                    const RegionLimits& limits) {
    BlockLookup lookup = [&interp](uint32_t start) { return interp.find_block(start); };
    return build_region(entry, mem, lookup, limits);
}

} // namespace cm::morph
