#include "run_unicorn.hpp"

#include <unicorn/unicorn.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cm::diff {

namespace {

const int kRegIds[10] = {UC_X86_REG_EAX, UC_X86_REG_ECX,   UC_X86_REG_EDX, UC_X86_REG_EBX,
                         UC_X86_REG_ESP, UC_X86_REG_EBP,   UC_X86_REG_ESI, UC_X86_REG_EDI,
                         UC_X86_REG_EIP, UC_X86_REG_EFLAGS};

void check(uc_err e, const char* what) {
    if (e != UC_ERR_OK)
        throw std::runtime_error(std::string("unicorn: ") + what + ": " + uc_strerror(e));
}

/// Page-aligned host memory that Unicorn maps directly (uc_mem_map_ptr), so
/// loading and reading back a case is a memcpy.
struct PageBuf {
    uint8_t* p;
    explicit PageBuf(size_t n) : p(static_cast<uint8_t*>(std::aligned_alloc(4096, n))) {
        if (!p) throw std::bad_alloc();
        std::memset(p, 0, n);
    }
    ~PageBuf() { std::free(p); }
    PageBuf(const PageBuf&) = delete;
    PageBuf& operator=(const PageBuf&) = delete;
};

void on_interrupt(uc_engine* uc, uint32_t intno, void* user) {
    *static_cast<int*>(user) = int(intno);
    uc_emu_stop(uc); // a fault: the state is the one before the instruction
}

} // namespace

struct UnicornCpu::Impl {
    uc_engine* uc = nullptr;
    uc_hook intr_hook{};
    uc_context* fresh = nullptr; ///< CPU state straight after setup
    PageBuf code{kCodeSize}, data{kDataSize}, stack{kStackSize};
    int intno = -1;

    Impl() {
        check(uc_open(UC_ARCH_X86, UC_MODE_32, &uc), "uc_open");
        check(uc_mem_map_ptr(uc, kCodeBase, kCodeSize, UC_PROT_READ | UC_PROT_EXEC, code.p),
              "map code");
        check(uc_mem_map_ptr(uc, kDataBase, kDataSize, UC_PROT_READ | UC_PROT_WRITE, data.p),
              "map data");
        check(uc_mem_map_ptr(uc, kStackBase, kStackSize, UC_PROT_READ | UC_PROT_WRITE, stack.p),
              "map stack");
        check(uc_hook_add(uc, &intr_hook, UC_HOOK_INTR, reinterpret_cast<void*>(on_interrupt),
                          &intno, 1, 0),
              "hook interrupts");
        check(uc_context_alloc(uc, &fresh), "context alloc");
        check(uc_context_save(uc, fresh), "context save");
    }
    ~Impl() {
        if (fresh) uc_context_free(fresh);
        if (uc) uc_close(uc);
    }

    void read_state(MachineState& st) {
        uint32_t v[10];
        void* ptrs[10];
        for (int i = 0; i < 10; ++i)
            ptrs[i] = &v[i];
        uc_reg_read_batch(uc, const_cast<int*>(kRegIds), ptrs, 10);
        std::memcpy(st.gpr, v, sizeof st.gpr);
        st.eip = v[8];
        st.eflags = v[9];
        std::memcpy(st.data.data(), data.p, kDataSize);
        std::memcpy(st.stack.data(), stack.p, kStackSize);
    }

    /// FPSW (with TOP) first, then the physical registers FP0..FP7, then tags.
    void write_fpu(const FpuState& f) {
        uc_reg_write(uc, UC_X86_REG_FPCW, &f.cw);
        uc_reg_write(uc, UC_X86_REG_FPSW, &f.sw);
        for (int i = 0; i < 8; ++i) {
            uint8_t v[16] = {};
            std::memcpy(v, f.r[i], 10);
            uc_reg_write(uc, UC_X86_REG_FP0 + i, v);
        }
        uc_reg_write(uc, UC_X86_REG_FPTAG, &f.tw);
    }
    void read_fpu(FpuState& f) {
        uc_reg_read(uc, UC_X86_REG_FPCW, &f.cw);
        uc_reg_read(uc, UC_X86_REG_FPSW, &f.sw);
        uc_reg_read(uc, UC_X86_REG_FPTAG, &f.tw);
        for (int i = 0; i < 8; ++i) {
            uint8_t v[16] = {};
            uc_reg_read(uc, UC_X86_REG_FP0 + i, v);
            std::memcpy(f.r[i], v, 10);
        }
    }
};

UnicornCpu::UnicornCpu() : impl_(std::make_unique<Impl>()) {}
UnicornCpu::~UnicornCpu() = default;

RunResult UnicornCpu::run(const TestCase& tc) {
    Impl& m = *impl_;
    std::memset(m.code.p, kCodeFill, kCodeSize);
    std::memcpy(m.code.p + (kInsnAddr - kCodeBase), tc.code, tc.len);
    // Memory mapped by pointer is written behind QEMU's back: drop every
    // translation of the code page so the new bytes are decoded.
    uc_ctl_remove_cache(m.uc, kCodeBase, kCodeBase + kCodeSize);
    // Hidden CPU state survives a case: after a hooked #DE, QEMU still
    // remembers it as the exception being delivered, so the next #DE would
    // become a double fault (vector 8). Start every case from a fresh CPU.
    uc_context_restore(m.uc, m.fresh);
    std::memcpy(m.data.p, tc.init.data.data(), kDataSize);
    std::memcpy(m.stack.p, tc.init.stack.data(), kStackSize);
    uint32_t v[10];
    void* ptrs[10];
    std::memcpy(v, tc.init.gpr, sizeof tc.init.gpr);
    v[8] = tc.init.eip;
    v[9] = tc.init.eflags;
    for (int i = 0; i < 10; ++i)
        ptrs[i] = &v[i];
    uc_reg_write_batch(m.uc, const_cast<int*>(kRegIds), ptrs, 10);
    if (tc.fpu) m.write_fpu(tc.init.fpu);

    RunResult r;
    for (unsigned step = 0; step < tc.max_steps; ++step) {
        m.intno = -1;
        uint32_t eip = 0;
        uc_reg_read(m.uc, UC_X86_REG_EIP, &eip);
        uc_err e = uc_emu_start(m.uc, eip, 0, 0, 1);
        uc_reg_read(m.uc, UC_X86_REG_EIP, &eip);
        if (m.intno >= 0) {
            r.fault = x86::Fault(m.intno);
            break;
        }
        bool done = false;
        switch (e) {
        case UC_ERR_OK: break;
        case UC_ERR_FETCH_UNMAPPED:
        case UC_ERR_FETCH_PROT:
            // A taken branch completed; QEMU then failed to fetch at the target
            // before its instruction count stopped it. Codemorph does not fetch.
            if (eip != kInsnAddr) break;
            r.fault = x86::Fault::PageFault;
            done = true;
            break;
        case UC_ERR_READ_UNMAPPED:
        case UC_ERR_WRITE_UNMAPPED:
        case UC_ERR_READ_PROT:
        case UC_ERR_WRITE_PROT:
        case UC_ERR_READ_UNALIGNED:
        case UC_ERR_WRITE_UNALIGNED: r.fault = x86::Fault::PageFault, done = true; break;
        case UC_ERR_INSN_INVALID: r.fault = x86::Fault::InvalidOpcode, done = true; break;
        default:
            r.error = std::string("uc_emu_start: ") + uc_strerror(e);
            done = true;
            break;
        }
        if (done) break;
        ++r.steps;
        if (eip != kInsnAddr) break;
    }
    m.read_state(r.st);
    if (tc.fpu) m.read_fpu(r.st.fpu);
    return r;
}

} // namespace cm::diff
