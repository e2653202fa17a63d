// The SystemC platform top: one module per hardware block, wired once.
// SystemC elaborates once per process, so there is one ScPlatform per
// process (ScPlatform::instance); Machine reconfigures it for each new
// machine (configure resets every block, memory and timing). Include only
// from SystemC-facing code; the CMS uses machine.hpp.
#pragma once

#include "vliw/config.hpp"
#include "vliw/sc_blocks.hpp"
#include "vliw/sc_core_module.hpp"
#include "vliw/sc_memory.hpp"

namespace cm::vliw {

class ScPlatform : public sc_core::sc_module {
  public:
    /// The process-wide platform, elaborated on first use with cfg.
    static ScPlatform& instance(const Config& cfg);

    /// Resets every block with the parameters of cfg; memory of
    /// memory.size_mb of its own.
    void configure(const Config& cfg);
    /// Same, with memory described by mem (e.g. external, with permissions).
    void configure(const Config& cfg, const Memory::Params& mem);
    /// Runs the core from pc until exit/fault/max_cycles, driving the kernel.
    /// First revokes DMI grants and drops decoded code if the memory's access
    /// map changed since the last run (external permission generation).
    ExitRecord run(uint32_t pc, uint64_t max_cycles);

    RegFileModule regfile;
    StoreBufferModule store_buffer;
    AliasUnitModule alias_unit;
    CacheModule l1i, l1d, l2;
    MemoryModule memory;
    CoreModule core;

  private:
    ScPlatform(sc_core::sc_module_name n, const Config& cfg);
    uint64_t seen_generation_ = 0; // memory map generation the decoded code is from
};

} // namespace cm::vliw
