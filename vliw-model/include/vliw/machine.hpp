// Machine: the VLIW machine behind a plain C++ API, for the CMS and for
// tests. It hides SystemC: construct it with a Config, put code and data in
// memory, set registers, call run().
//
//   cm::vliw::Machine m(cm::vliw::load_config("tm5800"));
//   auto prog = m.assemble("movi r1, 5 ; exit 1 ; commit", 0x1000);
//   m.load(prog);
//   cm::vliw::ExitRecord r = m.run(0x1000, 1'000'000);
//
// Backends: SystemC (default) runs the core in the process-wide SystemC
// platform (ScPlatform: elaborated once per process; each Machine
// reconfigures it, so machines can be created one after another, but only
// one SystemC Machine may be alive at a time). Plain runs the same core and
// blocks without the SystemC kernel; any number may coexist. Both give
// identical results and cycle counts.
#pragma once

#include "vliw/assembler.hpp"
#include "vliw/config.hpp"
#include "vliw/counters.hpp"
#include "vliw/exit.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cm::vliw {

class Core;
class RegFile;
class StoreBuffer;
class AliasUnit;

class Machine {
  public:
    enum class Backend { SystemC, Plain };

    explicit Machine(const Config& cfg = Config{}, Backend backend = Backend::SystemC);
    ~Machine();
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    const Config& config() const { return cfg_; }
    Backend backend() const { return backend_; }
    /// Back to power-on state: memory zeroed, registers zeroed, timing and
    /// counters cleared (keeps listeners).
    void reset();

    // ---- memory (host view: bypasses the store buffer and caches) ----------
    uint64_t memory_size() const;
    /// Throws std::out_of_range outside memory. Invalidates decoded code.
    void write_memory(uint32_t addr, const void* src, size_t len);
    void read_memory(uint32_t addr, void* dst, size_t len) const;
    uint32_t read32(uint32_t addr) const;
    void write32(uint32_t addr, uint32_t v);
    /// Marks [addr, addr+len) no-access (or accessible again): the core
    /// takes a MemoryFault there.
    void set_no_access(uint32_t addr, uint32_t len, bool no_access = true);

    /// Assembles for this machine's molecule width (AsmError on mistakes).
    Program assemble(std::string_view text, uint32_t base) const;
    /// Copies a program's bytes to its base address.
    void load(const Program& p);

    // ---- registers (working copies; shadows are what rollback restores) ---
    uint32_t gpr(unsigned r) const;
    void set_gpr(unsigned r, uint32_t v);
    long double fpr(unsigned f) const;
    void set_fpr(unsigned f, long double v);
    uint32_t flags() const; ///< EFLAGS layout, F_* bits
    void set_flags(uint32_t v);
    uint32_t shadow_gpr(unsigned r) const;
    long double shadow_fpr(unsigned f) const;
    uint32_t shadow_flags() const;
    /// Uncommitted stores in the gated store buffer.
    unsigned store_buffer_size() const;
    /// Is alias register k holding a protected range?
    bool alias_valid(unsigned k) const;

    // ---- execution ---------------------------------------------------------
    /// Runs from entry_pc until an exit atom, a fault, or max_cycles cycles
    /// (0 = no limit). Faults do not roll back: call rollback() to return to
    /// the last commit.
    ExitRecord run(uint32_t entry_pc, uint64_t max_cycles);
    /// Copies working registers to shadows and drains the store buffer.
    void commit();
    /// Restores shadows, discards uncommitted stores and alias ranges.
    void rollback();
    /// Charges CMS work to machine time (see the cms.* cost parameters).
    void charge(uint64_t cycles);
    /// Machine time in cycles since construction/reset.
    uint64_t cycles() const;

    // ---- observation -------------------------------------------------------
    const Counters& counters() const;
    void reset_counters();
    /// Listeners are not owned; remove them (or destroy the Machine) first.
    void add_listener(Listener* l);
    void remove_listener(Listener* l);
    /// Opt-in waveform dump of pc, commit, rollback, store-buffer occupancy
    /// and stalls to a VCD file (slower). Throws std::runtime_error.
    void enable_vcd(const std::string& path);
    void disable_vcd();

  private:
    struct Impl;
    Config cfg_;
    Backend backend_;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::vliw
