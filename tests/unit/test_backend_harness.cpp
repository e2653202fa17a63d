// See test_backend_harness.hpp.
#include "test_backend_harness.hpp"

#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "morph/interpreter.hpp"
#include "x86/decoder.hpp"
#include "x86/lifter.hpp"
#include "x86/memory.hpp"

namespace cm::test {

using namespace cm::x86;
using morph::ExitKind;
using morph::RegionCtl;
using morph::RInst;

morph::Region build_test_region(const std::vector<uint8_t>& code, unsigned max_insns) {
    static const Decoder dec;
    morph::Region r;
    r.entry = kGuestCode;
    uint32_t off = 0;
    auto add_exit = [&](ExitKind k, uint32_t target, morph::Vreg tv, uint16_t insn) {
        morph::RegionExit e;
        e.kind = k;
        e.target = target;
        e.target_vreg = tv;
        e.insn = insn;
        e.guest_insns = insn + 1u;
        r.exits.push_back(e);
        return uint32_t(r.exits.size() - 1);
    };
    while (off < code.size() && r.insns.size() < max_insns) {
        Insn insn;
        const uint32_t addr = kGuestCode + off;
        if (dec.decode(code.data() + off, code.size() - off, addr, insn) != x86::DecodeStatus::Ok)
            throw std::runtime_error("test region: undecodable bytes");
        std::vector<IrInst> ops;
        LiftedInsn li = lift(insn, ops);
        const uint16_t idx = uint16_t(r.insns.size());
        r.insns.push_back(li);
        r.insn_text.push_back(dec.disassemble(code.data() + off, code.size() - off, addr));
        const morph::Vreg base = r.nvregs;
        r.nvregs = morph::Vreg(r.nvregs + li.ntemps);
        auto v = [&](Temp t) { return t == kNoTemp ? morph::kNoVreg : morph::Vreg(base + t); };
        bool ended = false;
        for (const IrInst& op : ops) {
            RInst ri;
            ri.op = op.op;
            ri.size = op.size;
            ri.imm = op.imm;
            ri.insn = idx;
            ri.dst = v(op.dst);
            ri.dst2 = v(op.dst2);
            for (int k = 0; k < 3; ++k)
                ri.src[k] = v(op.src[k]);
            if (op.op == IrOp::Br) {
                ri.ctl = RegionCtl::ExitIf;
                ri.src[1] = morph::kNoVreg;
                ri.imm = add_exit(ExitKind::Direct, li.branch_target, morph::kNoVreg, idx);
            } else if (op.op == IrOp::Jmp) {
                ri.ctl = RegionCtl::Exit;
                const bool direct = li.flow == Flow::Jump || li.flow == Flow::Call;
                ri.imm = direct ? add_exit(ExitKind::Direct, li.branch_target, morph::kNoVreg, idx)
                                : add_exit(ExitKind::Indirect, 0, ri.src[0], idx);
                if (direct) ri.src[0] = morph::kNoVreg;
                ended = true;
            }
            r.code.push_back(ri);
        }
        off += li.length;
        r.ranges.push_back({addr, addr + li.length});
        if (ended) return r;
    }
    RInst e;
    e.ctl = RegionCtl::Exit;
    e.insn = uint16_t(r.insns.size() - 1);
    e.imm = add_exit(ExitKind::Direct, kGuestCode + off, morph::kNoVreg, e.insn);
    r.code.push_back(e);
    return r;
}

MachineResult run_translated(const morph::Region& r, const GuestRun& in, const vliw::Config& cfg,
                             vliw::Machine::Backend be, bool no_access_data) {
    vliw::Machine m(cfg, be);
    return run_translated(r, in, m, no_access_data);
}

MachineResult run_translated(const morph::Region& r, const GuestRun& in, vliw::Machine& m,
                             bool no_access_data) {
    MachineResult res;
    morph::BackendOptions opt;
    opt.listing = true;
    res.tr = morph::translate(r, m.config(), kCodeBase, opt);
    if (!res.tr.ok()) return res;
    m.write_memory(kCodeBase, res.tr.code.data(), res.tr.code.size());
    m.write_memory(kData, in.data.data(), in.data.size());
    if (no_access_data) m.set_no_access(kData, kDataSize);
    for (unsigned i = 0; i < 8; ++i)
        m.set_gpr(i, in.cpu.gpr[i]);
    m.set_gpr(morph::reg::kDF, in.cpu.flag[int(Flag::DF)]);
    m.set_gpr(morph::reg::kFsBase, in.cpu.seg_base[FS]);
    m.set_gpr(morph::reg::kGsBase, in.cpu.seg_base[GS]);
    m.set_flags(in.cpu.get_eflags() & eflags::kArith);
    m.commit(); // the entry state is what a rollback returns to
    res.rec = m.run(kCodeBase, 1'000'000);
    if (res.rec.reason != vliw::ExitReason::Exit) m.rollback();
    res.after = in;
    for (unsigned i = 0; i < 8; ++i)
        res.after.cpu.gpr[i] = m.gpr(i);
    res.after.cpu.flag[int(Flag::DF)] = uint8_t(m.gpr(morph::reg::kDF));
    res.after.cpu.set_eflags(m.flags(), eflags::kArith);
    if (no_access_data) m.set_no_access(kData, kDataSize, false);
    m.read_memory(kData, res.after.data.data(), kDataSize);
    if (res.rec.reason == vliw::ExitReason::Exit && res.rec.code < r.exits.size()) {
        const morph::RegionExit& e = r.exits[res.rec.code];
        res.after.cpu.eip =
            e.kind == ExitKind::Indirect ? m.gpr(morph::reg::kExitTarget) : e.target;
    }
    return res;
}

namespace {
struct NullEnv : GuestEnv {
    uint64_t rdtsc() override { return 0; }
};
} // namespace

bool run_interp(const std::vector<uint8_t>& code, const GuestRun& in, unsigned ninsns,
                GuestRun& out, Fault* fault) {
    GuestMemory mem;
    mem.map(kGuestCode, GuestMemory::kPageSize * 2, GuestMemory::RX);
    mem.poke(kGuestCode, code.data(), code.size());
    mem.map(kData, kDataSize, GuestMemory::RW);
    mem.poke(kData, in.data.data(), kDataSize);
    out = in;
    out.cpu.eip = kGuestCode;
    NullEnv env;
    morph::Interpreter interp(out.cpu, mem, env);
    morph::StopInfo si = interp.run(ninsns);
    std::memcpy(out.data.data(), mem.host(kData), kDataSize);
    if (fault) *fault = si.reason == morph::StopReason::Fault ? si.fault.kind : Fault::None;
    return si.reason == morph::StopReason::InsnLimit;
}

std::string diff_runs(const GuestRun& want, const GuestRun& got) {
    static const char* names[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    std::string d;
    char b[96];
    for (unsigned i = 0; i < 8; ++i)
        if (want.cpu.gpr[i] != got.cpu.gpr[i]) {
            std::snprintf(b, sizeof b, "%s want %08x got %08x\n", names[i], want.cpu.gpr[i],
                          got.cpu.gpr[i]);
            d += b;
        }
    const uint32_t mask = eflags::kArith | eflags::DF;
    if ((want.cpu.get_eflags() & mask) != (got.cpu.get_eflags() & mask)) {
        std::snprintf(b, sizeof b, "flags want %03x got %03x\n", want.cpu.get_eflags() & mask,
                      got.cpu.get_eflags() & mask);
        d += b;
    }
    if (want.cpu.eip != got.cpu.eip) {
        std::snprintf(b, sizeof b, "eip want %08x got %08x\n", want.cpu.eip, got.cpu.eip);
        d += b;
    }
    for (uint32_t i = 0; i < kDataSize; ++i)
        if (want.data[i] != got.data[i]) {
            std::snprintf(b, sizeof b, "mem[%05x] want %02x got %02x\n", kData + i, want.data[i],
                          got.data[i]);
            d += b;
            break;
        }
    return d;
}

} // namespace cm::test
