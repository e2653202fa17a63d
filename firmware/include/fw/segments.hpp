// Segment descriptors the guest can install, as the i386 kernel provides
// them: three GDT TLS slots (entries 6-8, set_thread_area/get_thread_area),
// the process's LDT (modify_ldt, up to 8192 entries), and loading segment
// registers from them and from the flat user selectors (0x73 code, 0x7b data).
//
// Limits of the model: the IA-32 front end adds a segment base only to FS-
// and GS-relative addresses, and assumes CS, DS, ES and SS are flat. A load
// of a descriptor with a non-zero base into CS, DS, ES or SS is therefore
// refused with one warning line and #GP rather than silently mis-executed,
// as is a 16-bit code segment. Segment limits are recorded in CpuState but
// not enforced on accesses.
#pragma once
#include <cstdint>
#include <vector>

namespace cm::fw {

class Process;
struct SyscallTable;

/// One 8-byte IA-32 segment descriptor as the kernel writes it.
struct Descriptor {
    uint32_t lo = 0, hi = 0;

    bool empty() const { return lo == 0 && hi == 0; }
    uint32_t base() const { return (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000); }
    /// Limit in bytes (scaled by the granularity bit).
    uint32_t limit() const {
        uint32_t l = (lo & 0xffff) | (hi & 0xf0000);
        return (hi & (1u << 23)) ? (l << 12) | 0xfff : l;
    }
    uint32_t type() const { return (hi >> 8) & 0xf; } ///< bit 3 code, bit 1 W/R, bit 2 E/C
    bool system() const { return !((hi >> 12) & 1); }
    unsigned dpl() const { return (hi >> 13) & 3; }
    bool present() const { return (hi >> 15) & 1; }
    bool big() const { return (hi >> 22) & 1; } ///< D/B: 32-bit
    bool code() const { return type() & 8; }
};

/// The descriptors the process has installed.
struct SegmentState {
    static constexpr int kTlsMin = 6, kTlsMax = 8; ///< GDT_ENTRY_TLS_MIN/MAX on i386
    static constexpr unsigned kLdtEntries = 8192;
    static constexpr unsigned kUserCsIndex = 14, kUserDsIndex = 15; ///< selectors 0x73, 0x7b
    Descriptor tls[kTlsMax - kTlsMin + 1];
    std::vector<Descriptor> ldt; ///< grows to the highest entry written
};

/// Loads segment register `seg` (x86::Seg) with `selector` from the GDT or
/// LDT; false means #GP.
bool load_segment_register(Process& p, int seg, uint16_t selector);

} // namespace cm::fw
