// The platform without SystemC: the same blocks wired directly, the core
// reaching memory through Memory's own MemPort. Used by tests of the
// semantics and by anyone who wants many machines in one process.
#include "platform.hpp"

namespace cm::vliw::detail {

Core::Params core_params(const Config& c) {
    Core::Params p;
    p.molecule_atoms = c.vliw.molecule_atoms;
    p.alu_units = c.vliw.alu_units;
    p.exec_units = c.vliw.exec_units;
    p.lsu_units = c.vliw.lsu_units;
    p.fpu_units = c.vliw.fpu_units;
    p.branch_units = c.vliw.branch_units;
    auto L = [&](LatClass l) -> unsigned& { return p.lat[static_cast<unsigned>(l)]; };
    L(LatClass::None) = 0;
    L(LatClass::Alu) = c.lat.alu;
    L(LatClass::Mul) = c.lat.mul;
    L(LatClass::Div) = c.lat.div;
    L(LatClass::Load) = c.lat.load;
    L(LatClass::Fadd) = c.lat.fadd;
    L(LatClass::Fmul) = c.lat.fmul;
    L(LatClass::Fdiv) = c.lat.fdiv;
    L(LatClass::Fsqrt) = c.lat.fsqrt;
    L(LatClass::Fmisc) = c.lat.fmisc;
    L(LatClass::Link) = c.lat.link;
    p.taken_branch_penalty = c.vliw.taken_branch_penalty;
    p.indirect_branch_penalty = c.vliw.indirect_branch_penalty;
    p.sb_drain_per_cycle = c.vliw.store_drain_per_cycle;
    p.l2_latency = c.l2.latency;
    p.memory_latency = c.memory.latency;
    p.quantum_cycles = c.vliw.quantum_cycles;
    return p;
}

namespace {

class PlainPlatform final : public Platform {
  public:
    PlainPlatform(const Config& c, const Memory::Params& mem)
        : rf_(regfile_params(c)), sb_(store_buffer_params(c)), alias_(alias_params(c)),
          l1i_(cache_params(c.l1i)), l1d_(cache_params(c.l1d)), l2_(cache_params(c.l2)), mem_(mem),
          core_(core_params(c), Core::Blocks{rf_, sb_, alias_, l1i_, l1d_, l2_, mem_}),
          seen_generation_(mem_.map_generation()) {}

    void configure(const Config& c, const Memory::Params& mem) override {
        rf_.reset(regfile_params(c));
        sb_.reset(store_buffer_params(c));
        alias_.reset(alias_params(c));
        l1i_.reset(cache_params(c.l1i));
        l1d_.reset(cache_params(c.l1d));
        l2_.reset(cache_params(c.l2));
        mem_.reset(mem);
        core_.reset(core_params(c));
        seen_generation_ = mem_.map_generation();
    }
    ExitRecord run(uint32_t pc, uint64_t max_cycles) override {
        // Memory checks permissions on every access; only decoded molecules
        // can outlive a permission change.
        if (mem_.refresh_generation() != seen_generation_) {
            seen_generation_ = mem_.map_generation();
            core_.invalidate_all_code();
        }
        return core_.run(pc, max_cycles);
    }
    void set_no_access(uint32_t addr, uint32_t len, bool na) override {
        mem_.set_no_access(addr, len, na);
    }
    Core& core() override { return core_; }
    Memory& memory() override { return mem_; }
    RegFile& regs() override { return rf_; }
    StoreBuffer& store_buffer() override { return sb_; }
    AliasUnit& alias_unit() override { return alias_; }

  private:
    RegFile rf_;
    StoreBuffer sb_;
    AliasUnit alias_;
    Cache l1i_, l1d_, l2_;
    Memory mem_;
    Core core_;
    uint64_t seen_generation_;
};

} // namespace

std::unique_ptr<Platform> make_plain_platform(const Config& cfg, const Memory::Params& mem) {
    return std::make_unique<PlainPlatform>(cfg, mem);
}

} // namespace cm::vliw::detail
