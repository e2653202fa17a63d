// Private to morph: the semantics of one IR operation, the single switch
// over the integer ops of ir_ops.def. Templated on the instruction type so
// that the interpreter (x86::IrInst over per-instruction temporaries) and the
// region executor and optimizer (RInst over region-wide vregs) share it:
// `Inst` needs op, size, dst, dst2, src[3] and imm, and `t` is indexed by
// its operand numbers. Values are 32-bit; sized ops mask their results to 8,
// 16 or 32 bits.
#pragma once
#include <bit>
#include <cstdint>
#include <type_traits>

#include "ir_exec_fp.hpp"
#include "x86/env.hpp"
#include "x86/ir.hpp"
#include "x86/memory.hpp"
#include "x86/state.hpp"

namespace cm::morph {

/// What evaluating one op asks of its caller.
enum class OpStatus : uint8_t {
    Next,        ///< continue with the next op
    Jump,        ///< Jmp, or Br taken: the next EIP is EvalCtx::target
    Syscall,     ///< Syscall: after this instruction, the environment takes over
    Fault,       ///< a guest exception: EvalCtx::fault and error_code
    PageFault,   ///< a memory access failed: the details are in the GuestMemory
    FpEnd,       ///< FCheck: the x87 instruction completes here
    Unsupported, ///< an op this instantiation cannot run (x87 ops over RInst)
};

/// The machine one op runs against: the guest's state, memory and
/// environment (Mem and Env: GuestMemory and GuestEnv, or the stand-ins
/// below for constant folding).
template <class Mem, class Env> struct BasicEvalCtx {
    x86::CpuState& cpu;
    Mem* mem;
    Env* env;
    FpCtx* fx;                           ///< x87 temporaries (IrInst only)
    uint32_t target = 0;                 ///< OpStatus::Jump: the next EIP
    x86::Fault fault = x86::Fault::None; ///< OpStatus::Fault: which exception
    uint32_t error_code = 0;             ///< OpStatus::Fault: its error code
};
using EvalCtx = BasicEvalCtx<x86::GuestMemory, x86::GuestEnv>;

/// Stand-ins for folding pure ops (see `ir_is_pure`), which never reach
/// memory or the environment: every access fails.
struct NoMemory {
    bool read(uint32_t, unsigned, uint32_t&) { return false; }
    bool write(uint32_t, unsigned, uint32_t) { return false; }
    bool check(uint32_t, uint64_t, uint8_t) const { return false; }
};
struct NoEnv {
    bool load_segment(x86::CpuState&, int, uint16_t) { return false; }
    void cpuid(uint32_t, uint32_t, uint32_t out[4]) { out[0] = out[1] = out[2] = out[3] = 0; }
    uint64_t rdtsc() { return 0; }
};
using FoldCtx = BasicEvalCtx<NoMemory, NoEnv>;

namespace eval {

inline uint32_t mask_of(unsigned size) {
    return size == 1 ? 0xffu : size == 2 ? 0xffffu : 0xffffffffu;
}
inline int32_t sext(uint32_t v, unsigned size) {
    return size == 1 ? int32_t(int8_t(v)) : size == 2 ? int32_t(int16_t(v)) : int32_t(v);
}
inline uint32_t sign_bit(uint32_t v, unsigned size) {
    return (v >> (size * 8 - 1)) & 1;
}

inline uint32_t get_reg(const x86::CpuState& c, unsigned idx, unsigned size) {
    if (size == 4) return c.gpr[idx];
    if (size == 2) return c.gpr[idx] & 0xffff;
    return idx < 4 ? (c.gpr[idx] & 0xff) : ((c.gpr[idx - 4] >> 8) & 0xff);
}

inline void put_reg(x86::CpuState& c, unsigned idx, unsigned size, uint32_t v) {
    if (size == 4)
        c.gpr[idx] = v;
    else if (size == 2)
        c.gpr[idx] = (c.gpr[idx] & 0xffff0000u) | (v & 0xffff);
    else if (idx < 4)
        c.gpr[idx] = (c.gpr[idx] & 0xffffff00u) | (v & 0xff);
    else
        c.gpr[idx - 4] = (c.gpr[idx - 4] & 0xffff00ffu) | ((v & 0xff) << 8);
}

/// IA-32 condition code `cc` (0-15, jcc order) over the flags `f` (Flag order).
inline bool eval_cond(const uint8_t* f, unsigned cc) {
    using x86::Flag;
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

} // namespace eval

/// True for ops whose result depends only on their sources and `imm` and
/// that touch no guest state or memory (DivU/DivS included: they may fault,
/// which eval_op reports). The optimizer folds these.
constexpr bool ir_is_pure(x86::IrOp op) {
    using x86::IrOp;
    return op == IrOp::Const || (op >= IrOp::Add && op <= IrOp::Select) ||
           (op >= IrOp::FlagZ && op <= IrOp::FlagA);
}

/// Evaluates one op over the values `t` (indexed by the op's operands).
template <class Inst, class Ctx>
[[gnu::always_inline]] inline OpStatus eval_op(const Inst& in, uint32_t* t, Ctx& c) {
    using namespace cm::x86;
    using namespace eval;
    const unsigned sz = in.size;
    const uint32_t m = mask_of(sz);
    // Sources are only read for ops that have them (see ir_ops.def).
#define S0 t[in.src[0]]
#define S1 t[in.src[1]]
#define S2 t[in.src[2]]
#define D t[in.dst]
    switch (in.op) {
    case IrOp::Const: D = in.imm; break;
    case IrOp::GetReg: D = get_reg(c.cpu, in.imm, sz); break;
    case IrOp::PutReg: put_reg(c.cpu, in.imm, sz, S0); break;
    case IrOp::GetFlag: D = c.cpu.flag[in.imm]; break;
    case IrOp::PutFlag: c.cpu.flag[in.imm] = S0 & 1; break;
    case IrOp::GetEflags: D = c.cpu.get_eflags(); break;
    case IrOp::PutEflags: c.cpu.set_eflags(S0, in.imm); break;
    case IrOp::GetSeg: D = c.cpu.seg[in.imm]; break;
    case IrOp::PutSeg:
        if (!c.env->load_segment(c.cpu, int(in.imm), uint16_t(S0))) {
            c.fault = Fault::GeneralProtection;
            c.error_code = S0 & 0xfffc;
            return OpStatus::Fault;
        }
        break;
    case IrOp::GetSegBase: D = c.cpu.seg_base[in.imm]; break;

    case IrOp::Load:
        if (!c.mem->read(S0, sz, D)) return OpStatus::PageFault;
        break;
    case IrOp::Store:
        if (!c.mem->write(S0, sz, S1)) return OpStatus::PageFault;
        break;
    case IrOp::ProbeW:
        // The first byte that is not writable, as the hardware reports it.
        for (uint32_t i = 0; i < sz; ++i)
            if (!c.mem->check(S0 + i, 1, GuestMemory::W)) {
                uint32_t v = 0;
                if (!c.mem->read(S0 + i, 1, v) || !c.mem->write(S0 + i, 1, v))
                    return OpStatus::PageFault;
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
        unsigned n = sz * 8, k = S1 % n;
        uint32_t v = S0 & m;
        D = k ? ((v << k) | (v >> (n - k))) & m : v;
        break;
    }
    case IrOp::Ror: {
        unsigned n = sz * 8, k = S1 % n;
        uint32_t v = S0 & m;
        D = k ? ((v >> k) | (v << (n - k))) & m : v;
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
        uint32_t lo = uint32_t(p) & m, hi = uint32_t(p >> (sz * 8)) & m;
        D = lo;
        t[in.dst2] = hi;
        break;
    }
    case IrOp::MulS: {
        int64_t p = int64_t(sext(S0, sz)) * int64_t(sext(S1, sz));
        uint32_t lo = uint32_t(p) & m, hi = uint32_t(uint64_t(p) >> (sz * 8)) & m;
        D = lo;
        t[in.dst2] = hi;
        break;
    }
    case IrOp::DivU: {
        unsigned n = sz * 8;
        uint64_t dividend = (uint64_t(S0 & m) << n) | (S1 & m);
        uint64_t d = S2 & m;
        if (d == 0) return c.fault = Fault::DivideError, c.error_code = 0, OpStatus::Fault;
        uint64_t q = dividend / d;
        if (q > m) return c.fault = Fault::DivideError, c.error_code = 0, OpStatus::Fault;
        uint32_t r = uint32_t(dividend % d);
        D = uint32_t(q);
        t[in.dst2] = r;
        break;
    }
    case IrOp::DivS: {
        unsigned n = sz * 8;
        uint64_t raw = (uint64_t(S0 & m) << n) | (S1 & m);
        // Sign-extend the 2n-bit dividend to 64 bits.
        int64_t dividend = n == 32 ? int64_t(raw) : int64_t(raw << (64 - 2 * n)) >> (64 - 2 * n);
        int64_t d = sext(S2, sz);
        if (d == 0 || (n == 32 && dividend == INT64_MIN && d == -1))
            return c.fault = Fault::DivideError, c.error_code = 0, OpStatus::Fault;
        int64_t q = dividend / d, r = dividend % d;
        int64_t lo = -(int64_t(1) << (n - 1)), hi = (int64_t(1) << (n - 1)) - 1;
        if (q < lo || q > hi)
            return c.fault = Fault::DivideError, c.error_code = 0, OpStatus::Fault;
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
    case IrOp::Cond: D = eval_cond(c.cpu.flag, in.imm); break;

    case IrOp::Jmp: c.target = S0; return OpStatus::Jump;
    case IrOp::Br:
        if (S0) {
            c.target = S1;
            return OpStatus::Jump;
        }
        break;

    case IrOp::Trap:
        c.fault = Fault(in.imm & 0xff);
        c.error_code = in.imm >> 8;
        return OpStatus::Fault;
    case IrOp::TrapIf:
        if (S0) {
            c.fault = Fault(in.imm & 0xff);
            c.error_code = in.imm >> 8;
            return OpStatus::Fault;
        }
        break;
    case IrOp::Syscall: return OpStatus::Syscall;
    case IrOp::Cpuid: {
        uint32_t out[4];
        c.env->cpuid(c.cpu.gpr[EAX], c.cpu.gpr[ECX], out);
        c.cpu.gpr[EAX] = out[0];
        c.cpu.gpr[EBX] = out[1];
        c.cpu.gpr[ECX] = out[2];
        c.cpu.gpr[EDX] = out[3];
        break;
    }
    case IrOp::Rdtsc: {
        uint64_t tsc = c.env->rdtsc();
        D = uint32_t(tsc);
        t[in.dst2] = uint32_t(tsc >> 32);
        break;
    }
    // The x87 ops (IR_FOP in ir_ops.def) live in ir_exec_fp.cpp; they run
    // over the interpreter's temporaries only.
#define IR_OP(name, nsrc, ndst, desc)
#define IR_FOP(name, nsrc, ndst, kinds, desc) case IrOp::name:
#include "x86/ir_ops.def"
#undef IR_FOP
#undef IR_OP
        if constexpr (std::is_same_v<Inst, IrInst>) {
            switch (exec_fp(in, t, *c.fx, c.cpu)) {
            case FpExec::Next: break;
            case FpExec::End: return OpStatus::FpEnd;
            case FpExec::FpError:
                c.fault = Fault::FpError, c.error_code = 0;
                return OpStatus::Fault;
            }
            break;
        } else {
            return OpStatus::Unsupported;
        }
    case IrOp::Count: break;
    }
#undef S0
#undef S1
#undef S2
#undef D
    return OpStatus::Next;
}

} // namespace cm::morph
