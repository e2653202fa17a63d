// The IR's semantics, one switch over the ops of ir_ops.def. Values are
// 32-bit; sized ops mask their results to 8, 16 or 32 bits.
#include "ir_exec.hpp"

#include <bit>

#include "ir_exec_fp.hpp"

namespace cm::morph {

using namespace cm::x86;

namespace {

inline uint32_t mask_of(unsigned size) {
    return size == 1 ? 0xffu : size == 2 ? 0xffffu : 0xffffffffu;
}
inline int32_t sext(uint32_t v, unsigned size) {
    return size == 1 ? int32_t(int8_t(v)) : size == 2 ? int32_t(int16_t(v)) : int32_t(v);
}
inline uint32_t sign_bit(uint32_t v, unsigned size) { return (v >> (size * 8 - 1)) & 1; }

inline uint32_t get_reg(const CpuState& c, unsigned idx, unsigned size) {
    if (size == 4) return c.gpr[idx];
    if (size == 2) return c.gpr[idx] & 0xffff;
    return idx < 4 ? (c.gpr[idx] & 0xff) : ((c.gpr[idx - 4] >> 8) & 0xff);
}

inline void put_reg(CpuState& c, unsigned idx, unsigned size, uint32_t v) {
    if (size == 4) c.gpr[idx] = v;
    else if (size == 2) c.gpr[idx] = (c.gpr[idx] & 0xffff0000u) | (v & 0xffff);
    else if (idx < 4) c.gpr[idx] = (c.gpr[idx] & 0xffffff00u) | (v & 0xff);
    else c.gpr[idx - 4] = (c.gpr[idx - 4] & 0xffff00ffu) | ((v & 0xff) << 8);
}

inline bool eval_cond(const CpuState& c, unsigned cc) {
    const uint8_t* f = c.flag;
    auto F = [f](Flag x) { return f[static_cast<int>(x)] != 0; };
    bool r;
    switch (cc >> 1) {
    case 0: r = F(Flag::OF); break;
    case 1: r = F(Flag::CF); break;
    case 2: r = F(Flag::ZF); break;
    case 3: r = F(Flag::CF) || F(Flag::ZF); break;
    case 4: r = F(Flag::SF); break;
    case 5: r = F(Flag::PF); break;
    case 6: r = F(Flag::SF) != F(Flag::OF); break;
    default: r = F(Flag::ZF) || (F(Flag::SF) != F(Flag::OF)); break;
    }
    return (cc & 1) ? !r : r;
}

inline uint32_t rotate_through_carry_left(uint32_t v, uint32_t cnt, uint32_t cf, unsigned size,
                                          uint32_t& cf_out) {
    unsigned n = size * 8;
    uint64_t x = (uint64_t(cf & 1) << n) | (v & mask_of(size));
    uint64_t m = (uint64_t(1) << (n + 1)) - 1;
    cnt %= (n + 1);
    if (cnt) x = ((x << cnt) | (x >> (n + 1 - cnt))) & m;
    cf_out = uint32_t(x >> n) & 1;
    return uint32_t(x) & mask_of(size);
}

inline uint32_t rotate_through_carry_right(uint32_t v, uint32_t cnt, uint32_t cf, unsigned size,
                                           uint32_t& cf_out) {
    unsigned n = size * 8;
    cnt %= (n + 1);
    return rotate_through_carry_left(v, cnt ? (n + 1 - cnt) : 0, cf, size, cf_out);
}

} // namespace

ExecResult exec_insn(const LiftedInsn& li, const IrInst* ops, CpuState& cpu, GuestMemory& mem,
                     GuestEnv& env, FaultInfo& fault) {
    uint32_t t[kMaxTemps];
    FpCtx fx; // x87 temporaries and exception accumulator (ir_exec_fp.cpp)
    const IrInst* end = ops + li.first_op + li.num_ops;

    auto raise = [&](Fault kind, uint32_t code = 0) {
        fault = FaultInfo{};
        fault.kind = kind;
        fault.eip = li.addr;
        fault.next_eip = li.next();
        fault.error_code = code;
        return ExecResult::Fault;
    };
    auto page_fault = [&]() {
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
    };

    for (const IrInst* p = ops + li.first_op; p != end; ++p) {
        const IrInst& in = *p;
        const unsigned sz = in.size;
        const uint32_t m = mask_of(sz);
        // Sources are only read for ops that have them (see ir_ops.def).
#define S0 t[in.src[0]]
#define S1 t[in.src[1]]
#define S2 t[in.src[2]]
#define D t[in.dst]
        switch (in.op) {
        case IrOp::Const: D = in.imm; break;
        case IrOp::GetReg: D = get_reg(cpu, in.imm, sz); break;
        case IrOp::PutReg: put_reg(cpu, in.imm, sz, S0); break;
        case IrOp::GetFlag: D = cpu.flag[in.imm]; break;
        case IrOp::PutFlag: cpu.flag[in.imm] = S0 & 1; break;
        case IrOp::GetEflags: D = cpu.get_eflags(); break;
        case IrOp::PutEflags: cpu.set_eflags(S0, in.imm); break;
        case IrOp::GetSeg: D = cpu.seg[in.imm]; break;
        case IrOp::PutSeg:
            if (!env.load_segment(cpu, int(in.imm), uint16_t(S0)))
                return raise(Fault::GeneralProtection, S0 & 0xfffc);
            break;
        case IrOp::GetSegBase: D = cpu.seg_base[in.imm]; break;

        case IrOp::Load:
            if (!mem.read(S0, sz, D)) return page_fault();
            break;
        case IrOp::Store:
            if (!mem.write(S0, sz, S1)) return page_fault();
            break;
        case IrOp::ProbeW:
            // The first byte that is not writable, as the hardware reports it.
            for (uint32_t i = 0; i < sz; ++i)
                if (!mem.check(S0 + i, 1, GuestMemory::W)) {
                    uint32_t v = 0;
                    if (!mem.read(S0 + i, 1, v) || !mem.write(S0 + i, 1, v)) return page_fault();
                }
            break;

        case IrOp::Add: D = (S0 + S1) & m; break;
        case IrOp::Sub: D = (S0 - S1) & m; break;
        case IrOp::And: D = (S0 & S1) & m; break;
        case IrOp::Or: D = (S0 | S1) & m; break;
        case IrOp::Xor: D = (S0 ^ S1) & m; break;
        case IrOp::Not: D = ~S0 & m; break;
        case IrOp::Neg: D = (0u - S0) & m; break;
        case IrOp::Shl: D = (S0 << (S1 & 31)) & m; break;
        case IrOp::Shr: D = ((S0 & m) >> (S1 & 31)) & m; break;
        case IrOp::Sar: D = uint32_t(sext(S0, sz) >> (S1 & 31)) & m; break;
        case IrOp::Rol: {
            unsigned n = sz * 8, c = S1 % n;
            uint32_t v = S0 & m;
            D = c ? ((v << c) | (v >> (n - c))) & m : v;
            break;
        }
        case IrOp::Ror: {
            unsigned n = sz * 8, c = S1 % n;
            uint32_t v = S0 & m;
            D = c ? ((v >> c) | (v << (n - c))) & m : v;
            break;
        }
        case IrOp::Rcl: {
            uint32_t cf;
            uint32_t r = rotate_through_carry_left(S0, S1, S2, sz, cf);
            D = r;
            t[in.dst2] = cf;
            break;
        }
        case IrOp::Rcr: {
            uint32_t cf;
            uint32_t r = rotate_through_carry_right(S0, S1, S2, sz, cf);
            D = r;
            t[in.dst2] = cf;
            break;
        }
        case IrOp::Shld: {
            unsigned n = sz * 8;
            uint64_t x = (uint64_t(S0 & m) << n) | (S1 & m);
            D = uint32_t((x << (S2 & 63)) >> n) & m;
            break;
        }
        case IrOp::Shrd: {
            unsigned n = sz * 8;
            uint64_t x = (uint64_t(S1 & m) << n) | (S0 & m);
            D = uint32_t(x >> (S2 & 63)) & m;
            break;
        }
        case IrOp::Mul: D = S0 * S1; break;
        case IrOp::MulU: {
            uint64_t p = uint64_t(S0 & m) * uint64_t(S1 & m);
            D = uint32_t(p) & m;
            t[in.dst2] = uint32_t(p >> (sz * 8)) & m;
            break;
        }
        case IrOp::MulS: {
            int64_t p = int64_t(sext(S0, sz)) * int64_t(sext(S1, sz));
            D = uint32_t(p) & m;
            t[in.dst2] = uint32_t(uint64_t(p) >> (sz * 8)) & m;
            break;
        }
        case IrOp::DivU: {
            unsigned n = sz * 8;
            uint64_t dividend = (uint64_t(S0 & m) << n) | (S1 & m);
            uint64_t d = S2 & m;
            if (d == 0) return raise(Fault::DivideError);
            uint64_t q = dividend / d;
            if (q > m) return raise(Fault::DivideError);
            D = uint32_t(q);
            t[in.dst2] = uint32_t(dividend % d);
            break;
        }
        case IrOp::DivS: {
            unsigned n = sz * 8;
            uint64_t raw = (uint64_t(S0 & m) << n) | (S1 & m);
            // Sign-extend the 2n-bit dividend to 64 bits.
            int64_t dividend = n == 32 ? int64_t(raw) : int64_t(raw << (64 - 2 * n)) >> (64 - 2 * n);
            int64_t d = sext(S2, sz);
            if (d == 0) return raise(Fault::DivideError);
            if (n == 32 && dividend == INT64_MIN && d == -1) return raise(Fault::DivideError);
            int64_t q = dividend / d, r = dividend % d;
            int64_t lo = -(int64_t(1) << (n - 1)), hi = (int64_t(1) << (n - 1)) - 1;
            if (q < lo || q > hi) return raise(Fault::DivideError);
            D = uint32_t(q) & m;
            t[in.dst2] = uint32_t(r) & m;
            break;
        }
        case IrOp::Sext: D = uint32_t(sext(S0, sz)); break;
        case IrOp::Zext: D = S0 & m; break;
        case IrOp::Bswap: D = __builtin_bswap32(S0); break;
        case IrOp::Bsf: D = S0 ? uint32_t(std::countr_zero(S0)) : 0; break;
        case IrOp::Bsr: D = S0 ? uint32_t(31 - std::countl_zero(S0)) : 0; break;

        case IrOp::CmpEq: D = S0 == S1; break;
        case IrOp::CmpNe: D = S0 != S1; break;
        case IrOp::CmpLtU: D = S0 < S1; break;
        case IrOp::CmpLeU: D = S0 <= S1; break;
        case IrOp::CmpLtS: D = sext(S0, sz) < sext(S1, sz); break;
        case IrOp::CmpLeS: D = sext(S0, sz) <= sext(S1, sz); break;
        case IrOp::Select: D = S0 ? S1 : S2; break;

        case IrOp::FlagZ: D = (S0 & m) == 0; break;
        case IrOp::FlagS: D = sign_bit(S0, sz); break;
        case IrOp::FlagP: D = (std::popcount(S0 & 0xffu) & 1) ^ 1; break;
        case IrOp::FlagCAdd: D = (uint64_t(S0 & m) + (S1 & m) + (S2 & 1)) > m; break;
        case IrOp::FlagCSub: D = uint64_t(S0 & m) < uint64_t(S1 & m) + (S2 & 1); break;
        case IrOp::FlagOAdd: D = sign_bit((S0 ^ S2) & (S1 ^ S2), sz); break;
        case IrOp::FlagOSub: D = sign_bit((S0 ^ S1) & (S0 ^ S2), sz); break;
        case IrOp::FlagA: D = ((S0 ^ S1 ^ S2) >> 4) & 1; break;
        case IrOp::Cond: D = eval_cond(cpu, in.imm); break;

        case IrOp::Jmp: cpu.eip = S0; return ExecResult::Branch;
        case IrOp::Br:
            if (S0) {
                cpu.eip = S1;
                return ExecResult::Branch;
            }
            break;

        case IrOp::Trap: return raise(Fault(in.imm & 0xff), in.imm >> 8);
        case IrOp::TrapIf:
            if (S0) return raise(Fault(in.imm & 0xff), in.imm >> 8);
            break;
        case IrOp::Syscall: cpu.eip = li.next(); return ExecResult::Syscall;
        case IrOp::Cpuid: {
            uint32_t out[4];
            env.cpuid(cpu.gpr[EAX], cpu.gpr[ECX], out);
            cpu.gpr[EAX] = out[0];
            cpu.gpr[EBX] = out[1];
            cpu.gpr[ECX] = out[2];
            cpu.gpr[EDX] = out[3];
            break;
        }
        case IrOp::Rdtsc: {
            uint64_t tsc = env.rdtsc();
            D = uint32_t(tsc);
            t[in.dst2] = uint32_t(tsc >> 32);
            break;
        }
        // The x87 ops (IR_FOP in ir_ops.def) live in ir_exec_fp.cpp.
#define IR_OP(name, nsrc, ndst, desc)
#define IR_FOP(name, nsrc, ndst, kinds, desc) case IrOp::name:
#include "x86/ir_ops.def"
#undef IR_FOP
#undef IR_OP
            switch (exec_fp(in, t, fx, cpu)) {
            case FpExec::Next: break;
            case FpExec::End: cpu.eip = li.next(); return ExecResult::Next;
            case FpExec::FpError: return raise(Fault::FpError);
            }
            break;
        case IrOp::Count: break;
        }
#undef S0
#undef S1
#undef S2
#undef D
    }
    cpu.eip = li.next();
    return ExecResult::Next;
}

} // namespace cm::morph
