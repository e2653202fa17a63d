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
//
// External memory: a Machine can run over memory owned by someone else
// (e.g. an emulator's guest address space, 4 GiB at a host pointer) with a
// per-page permission table; the core's loads, stores and molecule fetches
// are checked against it, the host view (write_memory etc.) is not:
//
//   cm::vliw::Memory::Params mp;
//   mp.size_bytes = 1ull << 32;
//   mp.external = base;                  // host address of address 0
//   mp.page_perm = flags;                // 1 byte per 4 KiB page
//   mp.read_bits = 1; mp.write_bits = 2; mp.fetch_bits = 0x40;
//   mp.perm_generation = &generation;    // bumped when flags change
//   cm::vliw::Machine m(cfg, mp);
#pragma once

#include "vliw/assembler.hpp"
#include "vliw/config.hpp"
#include "vliw/counters.hpp"
#include "vliw/exit.hpp"
#include "vliw/memory.hpp"

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
    /// A machine over memory described by `memory` instead of its own
    /// memory.size_mb (see Memory::Params: external storage, page
    /// permissions, permission generation). External storage and the
    /// permission table must outlive the Machine. Throws
    /// std::invalid_argument for inconsistent Params.
    Machine(const Config& cfg, const Memory::Params& memory, Backend backend = Backend::SystemC);
    ~Machine();
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    const Config& config() const { return cfg_; }
    Backend backend() const { return backend_; }
    /// Back to power-on state: own memory zeroed (external memory is left
    /// as it is), registers zeroed, timing and counters cleared (keeps
    /// listeners).
    void reset();

    // ---- memory (host view: bypasses the store buffer, caches, no-access
    // ---- regions and page permissions) -------------------------------------
    uint64_t memory_size() const;
    /// Throws std::out_of_range outside memory. Invalidates decoded code.
    void write_memory(uint32_t addr, const void* src, size_t len);
    void read_memory(uint32_t addr, void* dst, size_t len) const;
    uint32_t read32(uint32_t addr) const;
    void write32(uint32_t addr, uint32_t v);
    /// Host address of machine address addr (the external pointer + addr for
    /// external memory). Writing code through it needs invalidate_code().
    uint8_t* host_pointer(uint32_t addr);
    /// Molecules in [addr, addr+len) were changed behind the machine's back
    /// (through a host pointer, e.g. chaining a translation's exit): drops
    /// the core's decoded copies of the pages touched.
    void invalidate_code(uint32_t addr, uint64_t len);
    /// Marks [addr, addr+len) no-access (or accessible again): the core
    /// takes a MemoryFault there.
    void set_no_access(uint32_t addr, uint32_t len, bool no_access = true);
    /// The page permission table (Memory::Params::page_perm) changed: the
    /// next run() drops DMI grants and decoded code. Needed only when the
    /// Params have no perm_generation counter (which run() polls itself).
    void permissions_changed();

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
    /// FP status register: x87 FSW layout, FSR_* bits (regfile.hpp); the
    /// CMS loads the guest's sticky exception flags and C1 into it before
    /// running a translation and reads them back afterwards.
    uint32_t fsr() const;
    void set_fsr(uint32_t v); ///< keeps only the defined bits (FSR_ALL)
    uint32_t shadow_gpr(unsigned r) const;
    long double shadow_fpr(unsigned f) const;
    uint32_t shadow_flags() const;
    uint32_t shadow_fsr() const;
    /// Uncommitted stores in the gated store buffer.
    unsigned store_buffer_size() const;
    /// Is alias register k holding a protected range?
    bool alias_valid(unsigned k) const;

    // ---- execution ---------------------------------------------------------
    /// Runs from entry_pc until an exit atom, a fault, or max_cycles cycles
    /// (0 = no limit). Faults do not roll back: call rollback() to return to
    /// the last commit. Page-permission changes announced through
    /// perm_generation (or permissions_changed) take effect here.
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
    Memory::Params mem_;
    Backend backend_;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::vliw
