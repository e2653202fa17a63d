// exec_region: the region's ops through eval_op (ir_eval.hpp), the exits,
// ldp/stam alias checks, and rollback to the entry state on a fault.
#include "morph/region_exec.hpp"

#include <cassert>
#include <vector>

#include "ir_eval.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {

/// One guest store's previous bytes, to undo it on rollback.
struct UndoEntry {
    uint32_t addr;
    uint8_t size;
    uint32_t old;
};

/// An alias register's recorded range [lo, lo + size).
struct AliasRange {
    uint32_t lo = 0;
    uint8_t size = 0; ///< 0: nothing recorded
};

bool overlaps(uint32_t a, unsigned an, uint32_t b, unsigned bn) {
    // Offsets modulo 2^32, so ranges that wrap compare correctly.
    return uint32_t(b - a) < an || uint32_t(a - b) < bn;
}

} // namespace

RegionResult exec_region(const Region& r, CpuState& cpu, GuestMemory& mem, GuestEnv& env) {
    thread_local std::vector<uint32_t> v;
    thread_local std::vector<UndoEntry> undo;
    v.assign(r.nvregs, 0);
    undo.clear();
    AliasRange alias[32];
    const CpuState entry_state = cpu;
    EvalCtx c{cpu, &mem, &env, nullptr};
    RegionResult res;

    auto rollback = [&](RegionOutcome why, const RInst& in) {
        for (auto it = undo.rbegin(); it != undo.rend(); ++it)
            mem.write(it->addr, it->size, it->old);
        cpu = entry_state;
        res.outcome = why;
        res.fault_insn = in.insn;
        return res;
    };
    auto fault_info = [&](const RInst& in) {
        const LiftedInsn& li = r.insns[in.insn];
        res.fault = FaultInfo{};
        res.fault.eip = li.addr;
        res.fault.next_eip = li.next();
    };

    for (const RInst& in : r.code) {
        if (in.ctl != RegionCtl::None) {
            if (in.ctl == RegionCtl::ExitIf && !v[in.src[0]]) continue;
            const RegionExit& x = r.exits[in.imm];
            cpu.eip = x.kind == ExitKind::Indirect ? v[x.target_vreg] : x.target;
            res.outcome = RegionOutcome::Exit;
            res.exit = uint16_t(in.imm);
            res.guest_insns = x.guest_insns;
            return res;
        }
        if (in.op == IrOp::Store) {
            if (in.alias_mask) {
                for (unsigned k = 0; k < 32; ++k)
                    if ((in.alias_mask >> k & 1) && alias[k].size &&
                        overlaps(v[in.src[0]], in.size, alias[k].lo, alias[k].size))
                        return rollback(RegionOutcome::AliasFault, in);
            }
            uint32_t old = 0;
            if (mem.check(v[in.src[0]], in.size, GuestMemory::RW)) {
                mem.read(v[in.src[0]], in.size, old);
                undo.push_back({v[in.src[0]], in.size, old});
            }
        }
        OpStatus s = eval_op(in, v.data(), c);
        if (s == OpStatus::Next) [[likely]] {
            if (in.alias_reg != RInst::kNoAlias) alias[in.alias_reg] = {v[in.src[0]], in.size};
            continue;
        }
        switch (s) {
        case OpStatus::Fault:
            fault_info(in);
            res.fault.kind = c.fault;
            res.fault.error_code = c.error_code;
            return rollback(RegionOutcome::Fault, in);
        case OpStatus::PageFault:
            fault_info(in);
            res.fault.kind = Fault::PageFault;
            res.fault.addr = mem.fault_addr();
            res.fault.write = mem.fault_was_write();
            res.fault.not_present = mem.fault_not_present();
            res.fault.error_code =
                (res.fault.not_present ? 0u : 1u) | (res.fault.write ? 2u : 0u) | 4u;
            return rollback(RegionOutcome::Fault, in);
        default:
            // Jmp, Br, Syscall and x87 ops never reach a region (validate()).
            assert(false && "lifter control or x87 op in a region");
            return rollback(RegionOutcome::Fault, in);
        }
    }
    assert(false && "region code fell off its end");
    return res;
}

} // namespace cm::morph
