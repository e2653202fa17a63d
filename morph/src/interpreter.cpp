#include "morph/interpreter.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <cstring>

#include "ir_exec.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {
constexpr unsigned kMaxBlockInsns = 64;
constexpr unsigned kFastCacheSize = 4096; // direct-mapped EIP -> block

/// Registers and flags saved before each instruction so that a fault in the
/// middle of one leaves the guest state as it was before it.
struct Snapshot {
    uint32_t gpr[8];
    uint32_t eip;
    uint8_t flag[8];
    uint32_t other;
    void save(const CpuState& c) {
        std::memcpy(gpr, c.gpr, sizeof gpr);
        eip = c.eip;
        std::memcpy(flag, c.flag, sizeof flag);
        other = c.eflags_other;
    }
    void restore(CpuState& c) const {
        std::memcpy(c.gpr, gpr, sizeof gpr);
        c.eip = eip;
        std::memcpy(c.flag, flag, sizeof flag);
        c.eflags_other = other;
    }
};
} // namespace

struct Interpreter::Impl {
    CpuState& cpu;
    GuestMemory& mem;
    GuestEnv& env;
    Decoder decoder;
    boost::unordered_flat_map<uint32_t, std::unique_ptr<Block>> blocks;
    boost::unordered_flat_map<uint32_t, std::vector<uint32_t>> page_blocks; // page -> block starts
    std::vector<std::unique_ptr<Block>> graveyard; // invalidated while possibly executing
    Block* fast[kFastCacheSize] = {};
    uint64_t generation = 0;
    InterpStats* stats = nullptr;

    Impl(CpuState& c, GuestMemory& m, GuestEnv& e) : cpu(c), mem(m), env(e) {}

    /// Readable executable bytes at `addr`, up to 15.
    size_t fetch(uint32_t addr, uint8_t* buf) const { return mem.fetch_code(addr, buf, 15); }

    void fetch_fault(uint32_t eip, uint32_t bad, StopInfo& si) {
        si.reason = StopReason::Fault;
        si.fault = FaultInfo{};
        si.fault.kind = Fault::PageFault;
        si.fault.eip = si.fault.next_eip = eip;
        si.fault.addr = bad;
        si.fault.not_present = !(mem.page_flags(bad) & GuestMemory::kMapped);
        si.fault.error_code = (si.fault.not_present ? 0u : 1u) | 4u | 16u; // user, instruction fetch
    }

    /// An instruction that cannot be decoded: #UD, or #GP when too long.
    void decode_fault(Fault kind, uint32_t eip, const uint8_t* bytes, size_t n, StopInfo& si) {
        si.reason = StopReason::Fault;
        si.fault = FaultInfo{};
        si.fault.kind = kind;
        si.fault.eip = si.fault.next_eip = eip;
        si.nbytes = uint8_t(n);
        std::memcpy(si.bytes, bytes, n);
    }

    /// Builds the block at `eip`; on an undecodable first instruction fills
    /// `si` with the fault and returns null.
    Block* build(uint32_t eip, StopInfo& si) {
        auto blk = std::make_unique<Block>();
        blk->start = eip;
        uint32_t pc = eip;
        uint8_t buf[15];
        for (unsigned n = 0; n < kMaxBlockInsns; ++n) {
            size_t avail = fetch(pc, buf);
            Insn insn;
            DecodeStatus st = avail ? decoder.decode(buf, avail, pc, insn) : DecodeStatus::NoMoreData;
            if (st != DecodeStatus::Ok) {
                if (n > 0) break; // the fault belongs to the next block
                if (st == DecodeStatus::NoMoreData) fetch_fault(pc, pc + uint32_t(avail), si);
                else if (st == DecodeStatus::TooLong) decode_fault(Fault::GeneralProtection, pc, buf, std::min<size_t>(avail, 15), si);
                else decode_fault(Fault::InvalidOpcode, pc, buf, std::min<size_t>(avail, 8), si);
                return nullptr;
            }
            LiftedInsn li = lift(insn, blk->ops);
            blk->insns.push_back(li);
            pc = insn.next();
            if (li.ends_block()) break;
        }
        blk->end = pc;
        Block* raw = blk.get();
        mem.add_code(blk->start, blk->end - blk->start);
        for (uint32_t p = blk->start >> 12; p <= (blk->end - 1) >> 12; ++p) page_blocks[p].push_back(eip);
        blocks[eip] = std::move(blk);
        ++stats->blocks_built;
        return raw;
    }

    Block* lookup(uint32_t eip, StopInfo& si) {
        Block*& slot = fast[(eip >> 0) & (kFastCacheSize - 1)];
        if (slot && slot->start == eip) return slot;
        ++stats->block_lookups;
        auto it = blocks.find(eip);
        Block* b = it != blocks.end() ? it->second.get() : build(eip, si);
        slot = b;
        return b;
    }

    void invalidate(uint32_t addr, uint32_t len) {
        uint64_t end = uint64_t(addr) + len;
        for (uint64_t p = addr >> 12; p <= (end - 1) >> 12; ++p) {
            auto it = page_blocks.find(uint32_t(p));
            if (it == page_blocks.end()) continue;
            auto& starts = it->second;
            for (size_t i = 0; i < starts.size();) {
                auto bit = blocks.find(starts[i]);
                if (bit == blocks.end()) {
                    starts[i] = starts.back();
                    starts.pop_back();
                    continue;
                }
                Block* b = bit->second.get();
                if (b->start < end && addr < b->end) {
                    drop(bit);
                    starts[i] = starts.back();
                    starts.pop_back();
                    continue;
                }
                ++i;
            }
            if (starts.empty()) page_blocks.erase(it);
        }
    }

    template <class It> void drop(It bit) {
        Block* b = bit->second.get();
        b->valid = false;
        mem.remove_code(b->start, b->end - b->start);
        Block*& slot = fast[b->start & (kFastCacheSize - 1)];
        if (slot == b) slot = nullptr;
        graveyard.push_back(std::move(bit->second));
        blocks.erase(bit);
        ++generation;
        ++stats->invalidations;
    }
};

Interpreter::Interpreter(CpuState& cpu, GuestMemory& mem, GuestEnv& env)
    : impl_(std::make_unique<Impl>(cpu, mem, env)) {
    impl_->stats = &stats_;
    mem.set_code_write_listener([this](uint32_t a, uint32_t l) { impl_->invalidate(a, l); });
}

Interpreter::~Interpreter() { impl_->mem.set_code_write_listener(nullptr); }

void Interpreter::invalidate(uint32_t addr, uint32_t len) { impl_->invalidate(addr, len); }

void Interpreter::flush() {
    impl_->page_blocks.clear();
    for (auto& [start, b] : impl_->blocks) {
        b->valid = false;
        impl_->mem.remove_code(b->start, b->end - b->start);
        impl_->graveyard.push_back(std::move(b));
    }
    impl_->blocks.clear();
    std::fill(std::begin(impl_->fast), std::end(impl_->fast), nullptr);
    ++impl_->generation;
}

std::vector<const Block*> Interpreter::blocks() const {
    std::vector<const Block*> v;
    for (auto& [start, b] : impl_->blocks) v.push_back(b.get());
    std::sort(v.begin(), v.end(), [](const Block* a, const Block* b) { return a->start < b->start; });
    return v;
}

const Block* Interpreter::find_block(uint32_t start) const {
    auto it = impl_->blocks.find(start);
    return it != impl_->blocks.end() ? it->second.get() : nullptr;
}

std::string Interpreter::disassemble(uint32_t addr) const {
    uint8_t buf[15];
    size_t n = impl_->fetch(addr, buf);
    if (!n) return "(unreadable)";
    return impl_->decoder.disassemble(buf, n, addr);
}

StopInfo Interpreter::run(uint64_t max_insns) { return run_impl(max_insns, false); }

StopInfo Interpreter::run_block(uint64_t max_insns) { return run_impl(max_insns, true); }

StopInfo Interpreter::run_impl(uint64_t max_insns, bool one_block) {
    Impl& m = *impl_;
    CpuState& cpu = m.cpu;
    StopInfo si;
    m.graveyard.clear(); // nothing from a previous call is executing now
    uint64_t done = 0;
    Snapshot snap;
    while (done < max_insns) {
        Block* b = m.lookup(cpu.eip, si);
        if (!b) {
            stats_.instructions += done;
            return si;
        }
        ++b->exec_count;
        const uint64_t gen = m.generation;
        const IrInst* ops = b->ops.data();
        for (size_t i = 0, n = b->insns.size(); i < n; ++i) {
            if (done >= max_insns) break;
            const LiftedInsn& li = b->insns[i];
            snap.save(cpu);
            // TF set as an instruction starts means a #DB trap after it.
            const bool single_step = cpu.eflags_other & eflags::TF;
            ExecResult r = exec_insn(li, ops, cpu, m.mem, m.env, si.fault);
            if (r == ExecResult::Fault) {
                Fault k = si.fault.kind;
                if (k == Fault::Breakpoint || k == Fault::Overflow || k == Fault::Debug) {
                    cpu.eip = li.next(); // traps complete the instruction
                    ++done;
                } else {
                    snap.restore(cpu);
                }
                si.reason = StopReason::Fault;
                si.unsupported = li.unsupported;
                si.nbytes = li.length;
                size_t got = m.fetch(li.addr, si.bytes);
                if (got < si.nbytes) si.nbytes = uint8_t(got);
                stats_.instructions += done;
                return si;
            }
            ++done;
            // No single-step trap follows a software interrupt (int 0x80):
            // it clears TF on entry and its return restores it, so the next
            // #DB comes after the following instruction, as on the CPU.
            if (single_step && r != ExecResult::Syscall) {
                si.reason = StopReason::Fault;
                si.fault = FaultInfo{};
                si.fault.kind = Fault::Debug;
                si.fault.eip = li.addr;
                si.fault.next_eip = cpu.eip;
                stats_.instructions += done;
                return si;
            }
            if (r == ExecResult::Syscall) {
                stats_.instructions += done;
                si.reason = StopReason::Syscall;
                return si;
            }
            if (i + 1 == n) {
                // The block's last instruction: profile its direction.
                if (r == ExecResult::Branch) ++b->taken;
                else ++b->not_taken;
            }
            if (r == ExecResult::Branch) break;
            if (m.generation != gen && !b->valid) break; // our own code was overwritten
        }
        if (one_block) break;
    }
    stats_.instructions += done;
    si.reason = StopReason::InsnLimit;
    return si;
}

} // namespace cm::morph
