#include "run_codemorph.hpp"

#include <cstring>

#include "morph/cms.hpp"
#include "morph/interpreter.hpp"
#include "vliw/config.hpp"

namespace cm::diff {

namespace {
/// The environment a user-mode case needs; cpuid and rdtsc are never
/// generated (Codemorph defines them differently on purpose).
class TestEnv : public x86::GuestEnv {
  public:
    uint64_t rdtsc() override { return 0x0123456789abcdefull; }
};
} // namespace

struct CodemorphCpu::Impl {
    x86::GuestMemory mem;
    x86::CpuState cpu;
    TestEnv env;
    morph::Interpreter interp{cpu, mem, env};
    bool translate = false;
    cm::vliw::Config cfg;
    uint64_t translated_cases = 0;

    explicit Impl(bool tr) : translate(tr) {
        if (translate) cfg = cm::vliw::load_config("tm5800");
        mem.map(kDataBase, kDataSize, x86::GuestMemory::RW);
        mem.map(kStackBase, kStackSize, x86::GuestMemory::RW);
        mem.map(kCodeBase, kCodeSize, x86::GuestMemory::RX);
    }
};

CodemorphCpu::CodemorphCpu(bool translate) : impl_(std::make_unique<Impl>(translate)) {}
uint64_t CodemorphCpu::translated_cases() const {
    return impl_->translated_cases;
}
CodemorphCpu::~CodemorphCpu() = default;

RunResult CodemorphCpu::run(const TestCase& tc) {
    Impl& m = *impl_;
    m.interp.flush(); // the code page is rewritten below, behind the interpreter's back
    std::memset(m.mem.host(kCodeBase), kCodeFill, kCodeSize);
    std::memcpy(m.mem.host(kInsnAddr), tc.code, tc.len);
    std::memcpy(m.mem.host(kDataBase), tc.init.data.data(), kDataSize);
    std::memcpy(m.mem.host(kStackBase), tc.init.stack.data(), kStackSize);
    m.cpu = x86::CpuState{};
    std::memcpy(m.cpu.gpr, tc.init.gpr, sizeof m.cpu.gpr);
    m.cpu.eip = tc.init.eip;
    m.cpu.set_eflags(tc.init.eflags, 0xffffffffu);
    if (tc.fpu) {
        const FpuState& f = tc.init.fpu;
        for (int i = 0; i < 8; ++i)
            std::memcpy(&m.cpu.fpu.r[i], f.r[i], 10);
        m.cpu.fpu.cw = f.cw;
        m.cpu.fpu.sw = f.sw;
        m.cpu.fpu.tw = f.tw;
        // The full tag of each non-empty register follows from its value,
        // as Unicorn computes it when read.
        uint16_t tw = 0;
        for (int i = 0; i < 8; ++i) {
            unsigned t = (f.tw >> (2 * i)) & 3;
            if (t != 3) {
                uint64_t mant;
                uint16_t se;
                std::memcpy(&mant, f.r[i], 8);
                std::memcpy(&se, f.r[i] + 8, 2);
                unsigned e = se & 0x7fff;
                t = e == 0 ? (mant ? 2 : 1) : e == 0x7fff ? 2 : (mant >> 63) ? 0 : 2;
            }
            tw = uint16_t(tw | (t << (2 * i)));
        }
        m.cpu.fpu.tw = tw;
    }

    // Translate mode: a fresh CMS per case (its translation cache and the
    // set of untranslatable addresses start empty, as the code changed).
    std::unique_ptr<morph::Cms> cms;
    if (m.translate) {
        morph::CmsOptions o;
        o.mode = morph::CmsOptions::Mode::Translate;
        o.hot_threshold = 0;
        o.max_region = 1;
        o.tc_bytes = 64u << 10; // plenty for one instruction, and quick to map
        cms = std::make_unique<morph::Cms>(m.cpu, m.mem, m.env, m.cfg, o);
    }
    RunResult r;
    for (unsigned step = 0; step < tc.max_steps; ++step) {
        morph::StopInfo si = cms ? cms->run(1) : m.interp.run(1);
        if (si.reason == morph::StopReason::Fault) {
            r.fault = si.fault.kind;
            r.unsupported = si.unsupported;
            break;
        }
        if (si.reason == morph::StopReason::Syscall) {
            r.error = "stopped for a syscall";
            break;
        }
        ++r.steps;
        if (m.cpu.eip != kInsnAddr) break;
    }
    if (cms && cms->stats().translated_insns) ++m.translated_cases;
    std::memcpy(r.st.gpr, m.cpu.gpr, sizeof r.st.gpr);
    r.st.eip = m.cpu.eip;
    r.st.eflags = m.cpu.get_eflags();
    std::memcpy(r.st.data.data(), m.mem.host(kDataBase), kDataSize);
    std::memcpy(r.st.stack.data(), m.mem.host(kStackBase), kStackSize);
    if (tc.fpu) {
        FpuState& f = r.st.fpu;
        for (int i = 0; i < 8; ++i)
            std::memcpy(f.r[i], &m.cpu.fpu.r[i], 10);
        f.cw = m.cpu.fpu.cw;
        f.sw = m.cpu.fpu.sw;
        f.tw = m.cpu.fpu.tw;
    }
    return r;
}

} // namespace cm::diff
