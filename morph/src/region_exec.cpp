// exec_region: the region's ops through eval_op (ir_eval.hpp), x87 ops
// through exec_fp (ir_exec_fp.hpp), the exits, ldp/stam alias checks, and
// rollback to the entry state on a fault.
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

/// Runs x87 op `in` with exec_fp: its operands are copied into a scratch
/// instruction (sources 0-2, destinations 3 and 4 of both temporary files)
/// and its results back into the vreg files `v` (integers) and `fv` (FP).
FpExec exec_fp_op(const RInst& in, uint32_t* v, long double* fv, FpCtx& fx, CpuState& cpu) {
    const IrOpInfo& info = ir_info(in.op);
    IrInst e;
    e.op = in.op;
    e.size = in.size;
    e.imm = in.imm;
    uint32_t t[5] = {};
    for (unsigned k = 0; k < info.nsrc; ++k) {
        e.src[k] = Temp(k);
        if (ir_src_fp(in.op, k))
            fx.f[k] = fv[in.src[k]];
        else
            t[k] = v[in.src[k]];
    }
    e.dst = 3;
    e.dst2 = 4;
    const FpExec s = exec_fp(e, t, fx, cpu);
    if (s != FpExec::Next) return s; // destinations unwritten
    for (unsigned k = 0; k < info.ndst; ++k) {
        const Vreg d = k ? in.dst2 : in.dst;
        if (ir_dst_fp(in.op, k))
            fv[d] = fx.f[3 + k];
        else
            v[d] = t[3 + k];
    }
    return s;
}

} // namespace

RegionResult exec_region(const Region& r, CpuState& cpu, GuestMemory& mem, GuestEnv& env) {
    thread_local std::vector<uint32_t> v;
    thread_local std::vector<long double> fv; // FP vregs (sized at the first x87 op)
    thread_local std::vector<UndoEntry> undo;
    v.assign(r.nvregs, 0);
    undo.clear();
    FpCtx fx;               // the current guest instruction's accumulator X
    uint32_t fp_insn = ~0u; // the guest instruction X belongs to
    bool fp_ready = false;
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
        if (ir_info(in.op).fp) [[unlikely]] {
            if (!fp_ready) fv.assign(r.nvregs, 0.0L), fp_ready = true;
            if (in.insn != fp_insn) fx.x = 0, fp_insn = in.insn; // X starts clear
            switch (exec_fp_op(in, v.data(), fv.data(), fx, cpu)) {
            case FpExec::Next: continue;
            case FpExec::End: fault_info(in); return rollback(RegionOutcome::FpAbort, in);
            case FpExec::FpError:
                fault_info(in);
                res.fault.kind = Fault::FpError;
                return rollback(RegionOutcome::Fault, in);
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
            // Jmp, Br and Syscall never reach a region (validate()).
            assert(false && "lifter control op in a region");
            return rollback(RegionOutcome::Fault, in);
        }
    }
    assert(false && "region code fell off its end");
    return res;
}

} // namespace cm::morph
