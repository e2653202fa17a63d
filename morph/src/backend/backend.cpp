// translate(): the back end's stages in order (see backend.hpp).
#include "morph/backend.hpp"

#include "encode.hpp"

namespace cm::morph {

Translation translate(const Region& region, const vliw::Config& cfg, uint32_t code_base,
                      const BackendOptions& opt) {
    using namespace backend;
    Translation t;
    t.code_base = t.entry = code_base;
    t.guest_insns = unsigned(region.insns.size());
    Selected s;
    BackendFailure fail;
    for (const RegionExit& e : region.exits)
        if (e.guest_insns > 2047) { // the counter increment is an addi (imm12)
            fail.why = BackendFailure::Why::Malformed;
            fail.insn = e.insn;
            fail.message = "an exit retires more than 2047 guest instructions";
            t.failure = fail;
            return t;
        }
    // x87 ops (regions built with RegionLimits::x87) are translated only
    // for a given x87 entry state (BackendOptions::x87): without one, refuse
    // any of them here, whatever select() would make of them.
    if (!opt.x87)
        for (const RInst& in : region.code)
            if (in.ctl == RegionCtl::None && x86::ir_info(in.op).fp) {
                fail.why = BackendFailure::Why::UnsupportedOp;
                fail.insn = in.insn;
                fail.op = in.op;
                fail.message = std::string(x86::ir_info(in.op).name) +
                               ": x87 ops need BackendOptions::x87 (the x87 entry state)";
                t.failure = fail;
                return t;
            }
    if (!select(region, s, fail, opt.indirect_table, opt.x87 ? &*opt.x87 : nullptr)) {
        t.failure = fail;
        return t;
    }
    coalesce(s);
    std::vector<SchedMolecule> mols = schedule(s, cfg, opt.speculate_loads);
    if (!allocate(s, mols)) {
        fail.why = BackendFailure::Why::OutOfRegisters;
        fail.insn = 0;
        fail.message = "more live temporaries than r11..r62 (without r42..r47) or f8..f31 hold";
        t.failure = fail;
        return t;
    }
    Layout L = encode(s, mols, code_base);
    t.code = std::move(L.code);
    t.stubs = L.stubs;
    t.molecules = unsigned(L.mols.size());
    for (const vliw::Molecule& m : L.mols)
        t.atoms += unsigned(m.atoms.size());
    if (opt.listing) t.listing = listing(region, s, L, opt);
    return t;
}

} // namespace cm::morph
