#include "x86/env.hpp"

#include "x86/state.hpp"

namespace cm::x86 {

void GuestEnv::cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) { i686_cpuid(leaf, subleaf, out); }

bool GuestEnv::load_segment(CpuState& cpu, int seg, uint16_t selector) {
    // Flat model: the null selector and the user code/data selectors Linux
    // uses (0x73, 0x7b) load with base 0; anything else is #GP.
    if (selector == 0 && seg != CS && seg != SS) {
        cpu.seg[seg] = 0;
        cpu.seg_base[seg] = 0;
        return true;
    }
    if (selector == 0x73 || selector == 0x7b) {
        cpu.seg[seg] = selector;
        cpu.seg_base[seg] = 0;
        cpu.seg_limit[seg] = 0xffffffff;
        return true;
    }
    return false;
}

void i686_cpuid(uint32_t leaf, uint32_t, uint32_t out[4]) {
    out[0] = out[1] = out[2] = out[3] = 0;
    switch (leaf) {
    case 0: // max leaf 2, "GenuineIntel"
        out[0] = 2;
        out[1] = 0x756e6547;
        out[3] = 0x49656e69;
        out[2] = 0x6c65746e;
        break;
    case 1:
        // Family 6 model 8 stepping 3 (a Pentium III-class core), with FPU,
        // TSC, CX8, CMOV, and no MMX/SSE so that libc stays on i686 paths.
        out[0] = (6 << 8) | (8 << 4) | 3;
        out[3] = (1u << 0) | (1u << 4) | (1u << 8) | (1u << 15);
        break;
    case 2: // cache descriptors: none reported
        out[0] = 1;
        break;
    default: // leaves above the maximum return the highest basic leaf's data
        i686_cpuid(2, 0, out);
        break;
    }
}

} // namespace cm::x86
