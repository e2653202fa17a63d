#include "trace/energy.hpp"

namespace cm::trace {

namespace {

using C = vliw::Counters;
using Sec = vliw::Config::energy_section;
using E = vliw::EnergyClass;

template <E e> uint64_t atoms(const C& c) {
    return c.atoms_by_class[static_cast<unsigned>(e)];
}

/// The event classes, declared once. Register, cache and buffer events are
/// booked to the block that spends them, atoms to the unit class that runs
/// them; commit and rollback copy registers to or from their shadows, so
/// they are register-file energy.
struct Row {
    std::string_view name, block, param;
    uint64_t (*count)(const C&);
    double Sec::*cost;
};
const Row kRows[] = {
    {"atoms.alu", "alu", "energy.alu_pj", atoms<E::Alu>, &Sec::alu_pj},
    {"atoms.mul", "alu", "energy.mul_pj", atoms<E::Mul>, &Sec::mul_pj},
    {"atoms.div", "alu", "energy.div_pj", atoms<E::Div>, &Sec::div_pj},
    {"atoms.load", "lsu", "energy.load_pj", atoms<E::Load>, &Sec::load_pj},
    {"atoms.store", "lsu", "energy.store_pj", atoms<E::Store>, &Sec::store_pj},
    {"atoms.branch", "branch", "energy.branch_pj", atoms<E::Branch>, &Sec::branch_pj},
    {"atoms.fp", "fpu", "energy.fp_pj", atoms<E::Fp>, &Sec::fp_pj},
    {"atoms.fpdiv", "fpu", "energy.fpdiv_pj", atoms<E::FpDiv>, &Sec::fpdiv_pj},
    {"atoms.nop", "issue", "energy.nop_pj", atoms<E::Nop>, &Sec::nop_pj},
    {"reg_reads", "regfile", "energy.reg_read_pj",
     [](const C& c) { return c.gpr_reads + c.fpr_reads + c.flag_reads; }, &Sec::reg_read_pj},
    {"reg_writes", "regfile", "energy.reg_write_pj",
     [](const C& c) { return c.gpr_writes + c.fpr_writes + c.flag_writes; }, &Sec::reg_write_pj},
    {"commits", "regfile", "energy.commit_pj", [](const C& c) { return c.commits; },
     &Sec::commit_pj},
    {"rollbacks", "regfile", "energy.rollback_pj", [](const C& c) { return c.rollbacks; },
     &Sec::rollback_pj},
    {"l1i_accesses", "l1i", "energy.l1_access_pj", [](const C& c) { return c.l1i_accesses; },
     &Sec::l1_access_pj},
    {"l1d_accesses", "l1d", "energy.l1_access_pj", [](const C& c) { return c.l1d_accesses; },
     &Sec::l1_access_pj},
    {"l2_accesses", "l2", "energy.l2_access_pj", [](const C& c) { return c.l2_accesses; },
     &Sec::l2_access_pj},
    {"memory_transfers", "memory", "energy.memory_access_pj",
     [](const C& c) { return c.l2_misses; }, &Sec::memory_access_pj},
    {"sb_writes", "store_buffer", "energy.sb_write_pj", [](const C& c) { return c.sb_writes; },
     &Sec::sb_write_pj},
    {"sb_drains", "store_buffer", "energy.sb_drain_pj", [](const C& c) { return c.sb_drains; },
     &Sec::sb_drain_pj},
    {"alias_checks", "alias_unit", "energy.alias_check_pj",
     [](const C& c) { return c.alias_checks; }, &Sec::alias_check_pj},
    {"cms_work", "cms", "energy.cms_pj_per_cycle", [](const C& c) { return c.charged_cycles; },
     &Sec::cms_pj_per_cycle},
};

} // namespace

EnergyModel::EnergyModel(const vliw::Config& cfg)
    : cfg_(cfg), leak_(cfg.energy.leakage_pj_per_cycle), mhz_(cfg.vliw.clock_mhz) {}

std::vector<EnergyEvent> EnergyModel::events(const vliw::Counters& c) const {
    std::vector<EnergyEvent> v;
    v.reserve(std::size(kRows));
    for (const Row& r : kRows)
        v.push_back({r.name, r.block, r.param, r.count(c), cfg_.energy.*r.cost});
    return v;
}

double EnergyModel::dynamic_pj(const vliw::Counters& c) const {
    double s = 0;
    for (const Row& r : kRows)
        s += double(r.count(c)) * cfg_.energy.*r.cost;
    return s;
}

double EnergyModel::power_mw(double pj, uint64_t cycles) const {
    // pJ per cycle x cycles per microsecond = pJ/us = uW; /1000 for mW.
    return cycles ? pj / double(cycles) * mhz_ * 1e-3 : 0.0;
}

} // namespace cm::trace
