// Private: what Machine needs from a platform (the SystemC one or the plain
// one), and the mapping from Config to each block's Params.
#pragma once

#include "vliw/config.hpp"
#include "vliw/core.hpp"

#include <memory>

namespace cm::vliw::detail {

class Platform {
  public:
    virtual ~Platform() = default;
    /// Applies a new configuration: every block reset, memory reset to mem
    /// (own memory zeroed, external memory left as it is).
    virtual void configure(const Config& cfg, const Memory::Params& mem) = 0;
    /// Runs the core; first drops DMI grants and decoded code if the memory's
    /// access map changed since the last run (Memory::refresh_generation).
    virtual ExitRecord run(uint32_t pc, uint64_t max_cycles) = 0;
    virtual void set_no_access(uint32_t addr, uint32_t len, bool no_access) = 0;
    virtual Core& core() = 0;
    virtual Memory& memory() = 0;
    virtual RegFile& regs() = 0;
    virtual StoreBuffer& store_buffer() = 0;
    virtual AliasUnit& alias_unit() = 0;
};

/// Plain C++ platform (no SystemC kernel); any number may exist.
std::unique_ptr<Platform> make_plain_platform(const Config& cfg, const Memory::Params& mem);
/// The process-wide SystemC platform, reconfigured for cfg. Throws
/// std::logic_error if another SystemC Machine is alive.
std::unique_ptr<Platform> make_sc_platform(const Config& cfg, const Memory::Params& mem);

Core::Params core_params(const Config& c);
inline RegFile::Params regfile_params(const Config& c) {
    return {c.vliw.shadowed_gprs, c.vliw.shadowed_fprs};
}
inline StoreBuffer::Params store_buffer_params(const Config& c) {
    return {c.vliw.store_buffer_entries};
}
inline AliasUnit::Params alias_params(const Config& c) {
    return {c.vliw.alias_registers};
}
template <class S> Cache::Params cache_params(const S& s) {
    return {s.size_kb * 1024u, s.assoc, s.line_bytes};
}
/// The machine's own memory of memory.size_mb.
inline Memory::Params memory_params(const Config& c) {
    Memory::Params p;
    p.size_bytes = uint64_t(c.memory.size_mb) << 20;
    return p;
}
/// Clock period in picoseconds.
inline uint64_t period_ps(const Config& c) {
    return (1000000u + c.vliw.clock_mhz / 2) / c.vliw.clock_mhz;
}

} // namespace cm::vliw::detail
