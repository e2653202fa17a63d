// Execution of one guest instruction's IR: the op semantics are eval_op
// (ir_eval.hpp, shared with the region executor); this file turns its
// statuses into the instruction's outcome and a precise FaultInfo.
#include "ir_exec.hpp"

#include "ir_eval.hpp"

namespace cm::morph {

using namespace cm::x86;

ExecResult exec_insn(const LiftedInsn& li, const IrInst* ops, CpuState& cpu, GuestMemory& mem,
                     GuestEnv& env, FaultInfo& fault) {
    uint32_t t[kMaxTemps];
    FpCtx fx; // x87 temporaries and exception accumulator (ir_exec_fp.cpp)
    EvalCtx c{cpu, &mem, &env, &fx};
    const IrInst* end = ops + li.first_op + li.num_ops;

    for (const IrInst* p = ops + li.first_op; p != end; ++p) {
        OpStatus s = eval_op(*p, t, c);
        if (s == OpStatus::Next) [[likely]]
            continue;
        switch (s) {
        case OpStatus::Jump: cpu.eip = c.target; return ExecResult::Branch;
        case OpStatus::Syscall: cpu.eip = li.next(); return ExecResult::Syscall;
        case OpStatus::FpEnd: cpu.eip = li.next(); return ExecResult::Next;
        case OpStatus::Fault:
            fault = FaultInfo{};
            fault.kind = c.fault;
            fault.eip = li.addr;
            fault.next_eip = li.next();
            fault.error_code = c.error_code;
            return ExecResult::Fault;
        case OpStatus::PageFault:
            fault = FaultInfo{};
            fault.kind = Fault::PageFault;
            fault.eip = li.addr;
            fault.next_eip = li.next();
            fault.addr = mem.fault_addr();
            fault.write = mem.fault_was_write();
            fault.not_present = mem.fault_not_present();
            // User-mode #PF error code: bit 0 present, bit 1 write, bit 2 user.
            fault.error_code = (fault.not_present ? 0u : 1u) | (fault.write ? 2u : 0u) | 4u;
            return ExecResult::Fault;
        case OpStatus::Next:
        case OpStatus::Unsupported: break; // IrInst runs every op
        }
    }
    cpu.eip = li.next();
    return ExecResult::Next;
}

} // namespace cm::morph
