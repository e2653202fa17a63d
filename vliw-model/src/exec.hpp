// Private: the execution context the atom handlers (sem_*.cpp) work on.
// Handlers read registers as they were at the start of the molecule and
// queue their writes; the core applies the queue only when no atom of the
// molecule faulted, which makes every molecule atomic.
#pragma once

#include "vliw/exit.hpp"
#include "vliw/isa.hpp"
#include "vliw/regfile.hpp"

#include <cstdint>

namespace cm::vliw::detail {

struct CoreState; // core.cpp

struct ExecCtx {
    RegFile* rf = nullptr;
    CoreState* core = nullptr;
    uint32_t pc = 0;      // molecule address
    uint32_t next_pc = 0; // fall-through address

    struct GprWrite {
        uint32_t* to; // &rf->gpr[r]
        uint32_t v;
    };
    struct FprWrite {
        uint8_t r;
        long double v;
    };
    struct StoreOp {
        uint32_t addr;
        uint8_t size;
        uint8_t data[10];
    };
    struct AliasSet {
        uint8_t k;
        uint8_t size;
        uint32_t addr;
    };

    GprWrite gw[kMaxMoleculeWords];
    FprWrite fw[kMaxMoleculeWords];
    StoreOp st[kMaxMoleculeWords];
    AliasSet as[kMaxMoleculeWords];
    unsigned ngw = 0, nfw = 0, nst = 0, nas = 0;
    bool flags_written = false;
    // fsr written by this molecule. Host speed: it implies flags_written
    // (note_fsr_write), so the write-back tests one byte for both in
    // integer code; the core clears it when it applies or drops the molecule.
    bool fsr_written = false;
    uint32_t new_flags = 0;
    uint32_t new_fsr = 0;

    bool taken = false, indirect = false;
    uint32_t target = 0;
    bool exit = false;
    uint16_t exit_code = 0;

    ExitReason fault = ExitReason::None;
    uint32_t fault_addr = 0;
    uint16_t fault_code = 0;
    MemAccess fault_access = MemAccess::Read; // MemoryFault only
    uint64_t dcache_penalty = 0;              // blocking miss cycles of this molecule

    // The write-back applies gw[0] and gw[1] unconditionally (host speed):
    // until an atom queues them they point at this scratch word.
    uint32_t gw_scratch = 0;

    void begin(uint32_t mol_pc, uint32_t fallthrough) {
        pc = mol_pc;
        next_pc = fallthrough;
        gw[0].to = gw[1].to = &gw_scratch;
        ngw = nfw = nst = nas = 0;
        flags_written = taken = indirect = exit = false;
        fault = ExitReason::None;
        dcache_penalty = 0;
    }

    uint32_t r(unsigned i) const { return rf->gpr[i]; }
    void w(unsigned i, uint32_t v) { gw[ngw++] = {&rf->gpr[i], v}; }
    long double f(unsigned i) const { return rf->fpr[i]; }
    void wf(unsigned i, long double v) { fw[nfw++] = {static_cast<uint8_t>(i), v}; }
    uint32_t flags() const { return rf->flags; }
    void set_flags(uint32_t v) {
        flags_written = true;
        new_flags = v & F_ALL;
    }
    // The host x87's sticky exception flags as of the last FP atom
    // (hostfp::settle in host_fp.hpp), or kHostFpUnknown after host code
    // other than the FP atoms may have run.
    static constexpr uint8_t kHostFpUnknown = 0x80;
    uint8_t host_fp = kHostFpUnknown;
    void host_fp_unknown() { host_fp = kHostFpUnknown; }

    uint32_t fsr() const { return rf->fsr; }
    /// fsr as updated by the earlier atoms of this molecule.
    uint32_t fsr_cur() const { return fsr_written ? new_fsr : rf->fsr; }
    /// An FP atom's effect on fsr, from the x87 status word `sw` of the
    /// instruction it stands for: exception flags OR-ed in, C1 replaced.
    /// (Atoms of one molecule update fsr in slot order.)
    void fp_status(uint32_t sw) {
        new_fsr = (fsr_cur() & FSR_EXC) | (sw & FSR_ALL);
        note_fsr_write();
    }
    /// As fp_status, but C1 stays (fucomi leaves it alone).
    void fp_status_keep_c1(uint32_t sw) {
        new_fsr = (fsr_cur() & (FSR_EXC | FSR_C1)) | (sw & FSR_EXC);
        note_fsr_write();
    }
    void set_fsr(uint32_t v) {
        new_fsr = v & FSR_ALL;
        note_fsr_write();
    }
    void note_fsr_write() {
        fsr_written = true;
        if (!flags_written) { // write the flags back unchanged
            flags_written = true;
            new_flags = rf->flags;
        }
    }
    void raise(ExitReason why, uint32_t addr = 0, uint16_t code = 0) {
        if (fault == ExitReason::None) {
            fault = why;
            fault_addr = addr;
            fault_code = code;
        }
    }
    void branch(uint32_t to, bool ind) {
        if (taken) return; // first taken branch in slot order wins
        taken = true;
        indirect = ind;
        target = to;
    }

    // Defined in core.cpp (they touch the store buffer, caches and memory).
    bool load(uint32_t addr, unsigned len, uint8_t* out);
    /// ldc: a load from CMS memory. Needs fetch permission instead of read
    /// permission, skips the store buffer (guest stores never reach CMS
    /// pages), goes through the data cache like any load.
    bool load_cms(uint32_t addr, unsigned len, uint8_t* out);
    /// Memory fault of an access of kind a to [addr, addr+len): reports the
    /// first faulting byte.
    void raise_mem(MemAccess a, uint32_t addr, unsigned len);
    bool store(uint32_t addr, unsigned len, const void* data);
    bool alias_check(uint32_t mask, uint32_t addr, unsigned len);
    bool alias_set(unsigned k, uint32_t addr, unsigned len);
};

using ExecFn = void (*)(ExecCtx&, const Atom&);

// One handler per atoms.def row, defined in sem_<class>.cpp.
#define CM_ATOM(ID, ...) void exec_##ID(ExecCtx& x, const Atom& a);
#include "vliw/atoms.def"
#undef CM_ATOM

} // namespace cm::vliw::detail
