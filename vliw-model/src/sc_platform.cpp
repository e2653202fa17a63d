#include "vliw/sc_platform.hpp"

#include "platform.hpp"

#include <cstdlib>
#include <stdexcept>

namespace cm::vliw {

using namespace detail;

ScPlatform::ScPlatform(sc_core::sc_module_name n, const Config& c)
    : sc_module(n), regfile("regfile", regfile_params(c)),
      store_buffer("store_buffer", store_buffer_params(c)),
      alias_unit("alias_unit", alias_params(c)), l1i("l1i", cache_params(c.l1i)),
      l1d("l1d", cache_params(c.l1d)), l2("l2", cache_params(c.l2)),
      memory("memory", memory_params(c)),
      core("core", core_params(c),
           CoreModule::Blocks{regfile.block, store_buffer.block, alias_unit.block, l1i.block,
                              l1d.block, l2.block}) {
    core.socket.bind(memory.socket);
}

ScPlatform& ScPlatform::instance(const Config& cfg) {
    // Created once, never destroyed: SystemC does not support tearing down
    // an elaborated design.
    static ScPlatform* p = [&] {
        setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
        return new ScPlatform("vliw", cfg);
    }();
    return *p;
}

void ScPlatform::configure(const Config& c) {
    configure(c, memory_params(c));
}

void ScPlatform::configure(const Config& c, const Memory::Params& mem) {
    regfile.block.reset(regfile_params(c));
    store_buffer.block.reset(store_buffer_params(c));
    alias_unit.block.reset(alias_params(c));
    l1i.block.reset(cache_params(c.l1i));
    l1d.block.reset(cache_params(c.l1d));
    l2.block.reset(cache_params(c.l2));
    memory.reset(mem);
    seen_generation_ = memory.memory().map_generation();
    core.reset(core_params(c), sc_core::sc_time(static_cast<double>(period_ps(c)), sc_core::SC_PS));
}

ExitRecord ScPlatform::run(uint32_t pc, uint64_t max_cycles) {
    // Grants are revoked by whoever changed the map; decoded molecules are
    // dropped here, for any change since the last run.
    memory.refresh();
    if (memory.memory().map_generation() != seen_generation_) {
        seen_generation_ = memory.memory().map_generation();
        core.core().invalidate_all_code();
    }
    core.post(pc, max_cycles);
    // Runs until the core thread pauses the kernel after the job (or the
    // kernel starves, if nothing else is scheduled).
    sc_core::sc_start();
    if (!core.idle())
        throw std::logic_error("vliw: SystemC kernel returned before the core finished");
    return core.result();
}

namespace detail {
namespace {

bool g_sc_in_use = false;

class ScAdapter final : public Platform {
  public:
    ScAdapter(const Config& cfg, const Memory::Params& mem) : p_(ScPlatform::instance(cfg)) {
        if (g_sc_in_use)
            throw std::logic_error(
                "vliw: only one SystemC Machine may exist at a time (destroy the previous one, "
                "or use Machine::Backend::Plain)");
        g_sc_in_use = true;
        p_.configure(cfg, mem);
    }
    ~ScAdapter() override {
        p_.core.core().set_observer(nullptr);
        g_sc_in_use = false;
    }
    void configure(const Config& c, const Memory::Params& mem) override { p_.configure(c, mem); }
    ExitRecord run(uint32_t pc, uint64_t max_cycles) override { return p_.run(pc, max_cycles); }
    void set_no_access(uint32_t addr, uint32_t len, bool na) override {
        p_.memory.set_no_access(addr, len, na);
    }
    Core& core() override { return p_.core.core(); }
    Memory& memory() override { return p_.memory.memory(); }
    RegFile& regs() override { return p_.regfile.block; }
    StoreBuffer& store_buffer() override { return p_.store_buffer.block; }
    AliasUnit& alias_unit() override { return p_.alias_unit.block; }

  private:
    ScPlatform& p_;
};

} // namespace

std::unique_ptr<Platform> make_sc_platform(const Config& cfg, const Memory::Params& mem) {
    return std::make_unique<ScAdapter>(cfg, mem);
}

} // namespace detail
} // namespace cm::vliw

// libsystemc's own main() calls sc_main, so the shared library needs the
// symbol even though Codemorph programs have their own main() and drive
// the kernel through Machine. Weak, so a SystemC program that defines its
// own sc_main still gets it.
__attribute__((weak)) int sc_main(int, char*[]) {
    SC_REPORT_ERROR(
        "cm::vliw",
        "sc_main is not used: Codemorph programs drive SystemC through cm::vliw::Machine");
    return 1;
}
