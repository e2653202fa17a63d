// Private to the back end's atom selection (select.cpp, select_x87.cpp):
// the emitter that turns region IR into atoms over virtual registers.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "analysis.hpp"
#include "internal.hpp"
#include "x86/x87.hpp"

namespace cm::morph::backend::sel {

using vliw::Opcode;
using x86::Flag;
using x86::FpBin;
using x86::FpConst;
using x86::FpEnv;
using x86::FpFmt;
using x86::FpUn;
using x86::IrOp;

inline uint8_t szc(unsigned bytes) {
    return bytes == 1 ? 0 : bytes == 2 ? 1 : 2;
}
inline bool fits(int64_t v, unsigned bits) {
    return v >= -(int64_t(1) << (bits - 1)) && v < (int64_t(1) << (bits - 1));
}
inline uint8_t flag_pos(Flag f) {
    return uint8_t(__builtin_ctz(x86::flag_bit(f)));
}

struct Emitter {
    Emitter(const Analysis& an, Selected& o, BackendFailure& f, uint32_t table)
        : A(an), out(o), fail(f), vr(2 * an.n, kNoReg), indirect_table(table) {}

    const Analysis& A;
    Selected& out;
    BackendFailure& fail;
    std::vector<RegId> vr;          // per value: its register
    std::map<uint32_t, RegId> kreg; // materialised constants
    uint16_t insn = 0;
    RegId batch = kNoReg; // rdflags'd register collecting PutFlags
    uint32_t indirect_table = 0; // BackendOptions::indirect_table
    bool testing = false; // emitting a FuseOp::Test node itself (its test follows)

    RegId fresh() { return out.next_virt++; }

    unsigned put(Opcode op, RegId rd = kNoReg, RegId rs = kNoReg, RegId rt = kNoReg,
                 RegId ru = kNoReg) {
        VAtom v;
        v.a.op = op;
        v.rd = rd;
        v.rs = rs;
        v.rt = rt;
        v.ru = ru;
        v.insn = insn;
        out.atoms.push_back(v);
        return unsigned(out.atoms.size() - 1);
    }
    vliw::Atom& at(unsigned i) { return out.atoms[i].a; }

    void alu(Opcode op, unsigned bytes, RegId rd, RegId rs, RegId rt = kNoReg, bool f = false) {
        unsigned i = put(op, rd, rs, rt);
        at(i).size = szc(bytes);
        at(i).setflags = f;
    }
    void imm12(Opcode op, RegId rd, RegId rs, int32_t k) { at(put(op, rd, rs)).imm = k; }
    void field(Opcode op, RegId rd, RegId rs, unsigned pos, unsigned len) {
        unsigned i = put(op, rd, rs);
        at(i).pos = uint8_t(pos);
        at(i).len = uint8_t(len);
    }
    void load_const(RegId rd, uint32_t k) {
        const bool small = fits(int32_t(k), 18);
        at(put(small ? Opcode::MOVI : Opcode::LI, rd)).imm = int32_t(k);
    }
    RegId konst(uint32_t k) {
        auto it = kreg.find(k);
        if (it != kreg.end()) return it->second;
        RegId r = fresh();
        load_const(r, k);
        kreg.emplace(k, r);
        return r;
    }
    /// The register holding value v (constants on demand).
    RegId val(Val v) {
        if (vr[v] != kNoReg) return vr[v];
        const RInst& d = A.def(v);
        if (d.ctl == RegionCtl::None && d.op == IrOp::Const) return konst(d.imm);
        return vr[v] = fresh(); // unreachable for well-formed regions (dead producer)
    }
    /// A constant operand: its value if v is a Const.
    bool const_of(Val v, uint32_t& k) const {
        const RInst& d = A.def(v);
        if (v < 0 || (v & 1) || d.ctl != RegionCtl::None || d.op != IrOp::Const) return false;
        k = d.imm;
        return true;
    }
    RegId def(unsigned node, unsigned k = 0) { return vr[2 * node + k] = fresh(); }
    bool needed(unsigned node, unsigned k) const { return A.value_needed(Val(2 * node + k)); }

    void close_batch() {
        if (batch == kNoReg) return;
        put(Opcode::WRFLAGS, kNoReg, batch);
        batch = kNoReg;
    }

    bool unsupported(unsigned node, const char* why) {
        fail.why = BackendFailure::Why::UnsupportedOp;
        fail.insn = A.in(node).insn;
        fail.op = A.in(node).op;
        fail.message = std::string(x86::ir_info(A.in(node).op).name) + ": " + why;
        return false;
    }

    // ---- x87 (backend.hpp): the stack resolved at translation time ------
    bool x87 = false;        ///< the region has x87 ops (and X87Entry was given)
    unsigned top = 0;        ///< TOP before the current node
    uint8_t empty = 0xff;    ///< empty physical registers before the current node
    uint32_t ctl_reg = 0;    ///< x87_ctl value in kX87Ctl (as of the last exit)
    RegId cur[8] = {};       ///< register holding physical R0..R7's value now
    std::vector<bool> absorbed; ///< nodes emitted as part of another (fld/fst, env)
    std::vector<Val> fp_addr;   ///< per FFromBits/Store node absorbing loads/FToBits: address
    std::vector<uint8_t> fp_areg; ///< per FFromBits node: alias register of its fldp
    std::vector<uint32_t> fp_mask; ///< per fst Store node: alias mask of its fstam
    std::vector<unsigned> fp_src;  ///< per fst Store node: its FToBits node
    std::vector<int> fp_same;      ///< per FFromBits node: the earlier one whose fld it shares
    std::vector<bool> fcmp_flags;  ///< per FCmp node: fcomi's flags straight from the fcmp atom
    int last_wfs_insn = -1;  ///< guest instruction of the last atom that wrote fsr
    bool c1_clear = false;   ///< the last x87 instruction leaves C1 = 0 but fsr may hold 1
    bool fsr_dirty = false;  ///< fsr written since the last fchk
    uint16_t stub_fchk = 0;  ///< fchk mask for the side exit being emitted
    bool env_fip = false, env_fop = false, env_fdp = false;
    uint32_t fip = 0, fop = 0, fds_code = 0;
    RegId fdp = kNoReg;

    unsigned phys(uint32_t st) const { return (top + (st & 7)) & 7; }
    uint32_t ctl_now() const { return x87_ctl(x86::fcw::kInit, top, false, empty); }
    unsigned fput(Opcode op, RegId rd = kNoReg, RegId rs = kNoReg, RegId rt = kNoReg) {
        const unsigned k = put(op, rd, rs, rt);
        if (vliw::atom_info(op)->props & vliw::P_WFS) {
            if (op != Opcode::FCMP && op != Opcode::FCMPO) last_wfs_insn = insn; // compares keep C1
            fsr_dirty = true;
        }
        return k;
    }
    void x87_guard();
    void x87_flush(std::vector<std::pair<RegId, RegId>>* stub);
    bool fp(unsigned i);

    bool node(unsigned i);
    bool arith(unsigned i);
    void fused(unsigned i);
    void flag_value(unsigned i);
    bool divide(unsigned i);
    void exit(unsigned i);
    void indirect_lookup(unsigned i, RegId target);
};

/// x87 memory operands and fcomi flags, planned before emission (select_x87.cpp).
void plan_x87_memory(Emitter& e);

} // namespace cm::morph::backend::sel
