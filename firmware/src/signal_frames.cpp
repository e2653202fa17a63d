// The i386 signal frames (struct sigframe / rt_sigframe of
// arch/x86/include/asm/sigframe.h, sigcontext and _fpstate_32 of
// uapi/asm/sigcontext.h), built on the guest stack as the kernel's
// setup_frame/setup_rt_frame do, and torn down by sigreturn/rt_sigreturn.
//
// The guest CPU is an i686 without FXSR, so the FPU state in a frame is the
// 112-byte fnsave image with magic 0xffff, placed below the frame on a
// 64-byte boundary (fpu__alloc_mathframe), and the frame itself is aligned
// so that ((ESP + 4) & 15) == 0 when the handler starts, as after a call.
#include <cerrno>
#include <cstring>

#include "fw/process.hpp"
#include "fw/signals.hpp"
#include "fw/syscalls.hpp"
#include "signal_internal.hpp"

namespace cm::fw::sig {

using namespace cm::x86;
using namespace gsig;

namespace {

// struct sigcontext (i386), 88 bytes.
namespace sc {
constexpr unsigned kGs = 0, kFs = 4, kEs = 8, kDs = 12, kEdi = 16, kEsi = 20, kEbp = 24, kEsp = 28,
                   kEbx = 32, kEdx = 36, kEcx = 40, kEax = 44, kTrapno = 48, kErr = 52, kEip = 56,
                   kCs = 60, kEflags = 64, kEspAtSignal = 68, kSs = 72, kFpstate = 76,
                   kOldmask = 80, kCr2 = 84, kSize = 88;
}
// struct sigframe: pretcode, sig, sc, fpstate_unused (struct _fpstate, 624
// bytes, never written), extramask[1], retcode[8].
namespace sf {
constexpr unsigned kPretcode = 0, kSig = 4, kSc = 8, kUnusedFp = 96, kExtramask = 720,
                   kRetcode = 724, kSize = 732;
}
// struct rt_sigframe: pretcode, sig, pinfo, puc, info (128), uc, retcode[8];
// struct ucontext: uc_flags, uc_link, uc_stack (sp, flags, size),
// uc_mcontext (sigcontext), uc_sigmask (8 bytes).
namespace rt {
constexpr unsigned kPretcode = 0, kSig = 4, kPinfo = 8, kPuc = 12, kInfo = 16, kUc = 144,
                   kUcFlags = 144, kUcLink = 148, kUcStack = 152, kUcMcontext = 164,
                   kUcSigmask = 252, kRetcode = 260, kSize = 268;
}
constexpr unsigned kFpSize = 112; // struct _fpstate_32 up to magic: the fnsave image + status/magic

// "popl %eax; movl $__NR_sigreturn, %eax; int $0x80" and
// "movl $__NR_rt_sigreturn, %eax; int $0x80": where the handler returns when
// it gave no SA_RESTORER (the kernel still writes them, for debuggers).
constexpr uint8_t kRetcode[8] = {0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80};
constexpr uint8_t kRtRetcode[8] = {0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0};

/// EFLAGS bits sigreturn takes from the frame (FIX_EFLAGS without RF,
/// which the CPU clears once the next instruction completes anyway).
constexpr uint32_t kRestoredEflags = eflags::AC | eflags::OF | eflags::DF | eflags::TF |
                                     eflags::SF | eflags::ZF | eflags::AF | eflags::PF | eflags::CF;

void put32(uint8_t* b, unsigned off, uint32_t v) {
    std::memcpy(b + off, &v, 4);
}
void put16(uint8_t* b, unsigned off, uint16_t v) {
    std::memcpy(b + off, &v, 2);
}
uint32_t get32(const uint8_t* b, unsigned off) {
    uint32_t v;
    std::memcpy(&v, b + off, 4);
    return v;
}

/// fnsave image of the x87 state. The upper halves of the control, status
/// and tag words and of the data selector are the ones an Intel CPU stores
/// there; the status word is repeated after the registers with the magic
/// 0xffff ("no FXSR data"), as save_fsave_header does.
void save_fpu(const X87State& f, uint8_t* b) {
    put32(b, 0, 0xffff0000u | f.cw);
    put32(b, 4, 0xffff0000u | f.sw);
    put32(b, 8, 0xffff0000u | f.tw);
    put32(b, 12, f.fip);
    put32(b, 16, f.fcs | uint32_t(f.fop & 0x7ff) << 16);
    put32(b, 20, f.fdp);
    put32(b, 24, 0xffff0000u | f.fds);
    for (unsigned i = 0; i < 8; ++i)
        std::memcpy(b + 28 + 10 * i, &f.r[(f.top() + i) & 7], 10); // ST(i) order
    put16(b, 108, f.sw);
    put16(b, 110, 0xffff);
}

void load_fpu(X87State& f, const uint8_t* b) {
    f = X87State{};
    f.cw = uint16_t(get32(b, 0));
    f.sw = uint16_t(get32(b, 4));
    f.tw = uint16_t(get32(b, 8));
    f.fip = get32(b, 12);
    f.fcs = uint16_t(get32(b, 16));
    f.fop = uint16_t(get32(b, 16) >> 16) & 0x7ff;
    f.fdp = get32(b, 20);
    f.fds = uint16_t(get32(b, 24));
    for (unsigned i = 0; i < 8; ++i) {
        long double v = 0;
        std::memcpy(&v, b + 28 + 10 * i, 10);
        f.r[(f.top() + i) & 7] = v;
    }
}

void fill_sigcontext(uint8_t* b, const Process& p, uint32_t fpstate, uint32_t oldmask,
                     uint32_t eflags) {
    const CpuState& c = p.cpu;
    const SignalState& s = *p.signals;
    put32(b, sc::kGs, c.seg[GS]);
    put32(b, sc::kFs, c.seg[FS]);
    put32(b, sc::kEs, c.seg[ES]);
    put32(b, sc::kDs, c.seg[DS]);
    put32(b, sc::kEdi, c.gpr[EDI]);
    put32(b, sc::kEsi, c.gpr[ESI]);
    put32(b, sc::kEbp, c.gpr[EBP]);
    put32(b, sc::kEsp, c.gpr[ESP]);
    put32(b, sc::kEbx, c.gpr[EBX]);
    put32(b, sc::kEdx, c.gpr[EDX]);
    put32(b, sc::kEcx, c.gpr[ECX]);
    put32(b, sc::kEax, c.gpr[EAX]);
    put32(b, sc::kTrapno, s.trap_nr);
    put32(b, sc::kErr, s.error_code);
    put32(b, sc::kEip, c.eip);
    put32(b, sc::kCs, c.seg[CS]);
    put32(b, sc::kEflags, eflags);
    put32(b, sc::kEspAtSignal, c.gpr[ESP]);
    put32(b, sc::kSs, c.seg[SS]);
    put32(b, sc::kFpstate, fpstate);
    put32(b, sc::kOldmask, oldmask);
    put32(b, sc::kCr2, s.cr2);
}

/// A segment register from a frame; a selector that does not load becomes
/// the null selector, as the kernel's loadsegment fixup does.
void reload_segment(Process& p, int seg, uint32_t sel) {
    if (p.cpu.seg[seg] == uint16_t(sel)) return;
    if (!p.load_segment(p.cpu, seg, uint16_t(sel))) p.load_segment(p.cpu, seg, 0);
}

/// restore_sigcontext; false if the FPU image cannot be read.
bool restore_sigcontext(Process& p, const uint8_t* b) {
    CpuState& c = p.cpu;
    uint8_t fp[kFpSize];
    uint32_t fpstate = get32(b, sc::kFpstate);
    if (fpstate && !p.mem.read_bytes(fpstate, fp, sizeof fp)) return false;
    reload_segment(p, GS, get32(b, sc::kGs));
    reload_segment(p, FS, get32(b, sc::kFs));
    reload_segment(p, ES, get32(b, sc::kEs));
    reload_segment(p, DS, get32(b, sc::kDs));
    c.gpr[EDI] = get32(b, sc::kEdi);
    c.gpr[ESI] = get32(b, sc::kEsi);
    c.gpr[EBP] = get32(b, sc::kEbp);
    c.gpr[ESP] = get32(b, sc::kEsp);
    c.gpr[EBX] = get32(b, sc::kEbx);
    c.gpr[EDX] = get32(b, sc::kEdx);
    c.gpr[ECX] = get32(b, sc::kEcx);
    c.gpr[EAX] = get32(b, sc::kEax);
    c.eip = get32(b, sc::kEip);
    c.set_eflags(get32(b, sc::kEflags), kRestoredEflags);
    if (fpstate)
        load_fpu(c.fpu, fp);
    else
        c.fpu = X87State{};
    return true;
}

/// A frame that cannot be read: SIGSEGV, and the call returns 0.
int32_t bad_frame(Process& p) {
    force_signal(p, GuestSiginfo::make(kSegv, kSiKernel));
    return 0;
}

int32_t do_sigreturn(Process& p) {
    uint32_t frame = p.cpu.gpr[ESP] - 8; // the handler's ret and the retcode's pop
    uint8_t b[sc::kSize];
    uint32_t extramask;
    if (!p.mem.read_bytes(frame + sf::kSc, b, sizeof b) ||
        !p.mem.read_bytes(frame + sf::kExtramask, &extramask, 4))
        return bad_frame(p);
    set_blocked(*p.signals, get32(b, sc::kOldmask) | uint64_t(extramask) << 32);
    if (!restore_sigcontext(p, b)) return bad_frame(p);
    return int32_t(p.cpu.gpr[EAX]);
}

int32_t do_rt_sigreturn(Process& p) {
    uint32_t frame = p.cpu.gpr[ESP] - 4; // the handler's ret
    uint8_t uc[rt::kRetcode - rt::kUc];
    if (!p.mem.read_bytes(frame + rt::kUc, uc, sizeof uc)) return bad_frame(p);
    uint64_t mask;
    std::memcpy(&mask, uc + (rt::kUcSigmask - rt::kUc), 8);
    set_blocked(*p.signals, mask);
    if (!restore_sigcontext(p, uc + (rt::kUcMcontext - rt::kUc))) return bad_frame(p);
    // restore_altstack: errors other than -EFAULT are ignored.
    const uint8_t* st = uc + (rt::kUcStack - rt::kUc);
    set_altstack(*p.signals, p.cpu.gpr[ESP], get32(st, 0), get32(st, 4), get32(st, 8));
    return int32_t(p.cpu.gpr[EAX]);
}

int32_t sys_sigreturn(Process& p, const SyscallArgs&) {
    return do_sigreturn(p);
}
int32_t sys_rt_sigreturn(Process& p, const SyscallArgs&) {
    return do_rt_sigreturn(p);
}

} // namespace

bool setup_frame(Process& p, int sig, const GuestSiginfo& info, const GuestSigaction& act,
                 uint64_t saved_mask, Entry entry) {
    SignalState& s = *p.signals;
    CpuState& c = p.cpu;
    const bool is_rt = act.flags & kSaSiginfo;

    // get_sigframe: the alternate stack if asked for and not already on it.
    uint32_t sp = c.gpr[ESP];
    const bool onstack = on_sig_stack(s, sp);
    if ((act.flags & kSaOnstack) && sas_ss_flags(s, sp) == 0) sp = s.ss_sp + s.ss_size;
    uint32_t fp = (sp - kFpSize) & ~63u;
    uint32_t size = is_rt ? rt::kSize : sf::kSize;
    uint32_t frame = ((fp - size + 4) & ~15u) - 4;
    if (onstack && !on_sig_stack(s, frame)) return false; // would overflow the alternate stack

    uint8_t fpbuf[kFpSize];
    save_fpu(c.fpu, fpbuf);
    if (!p.mem.write_bytes(fp, fpbuf, sizeof fpbuf)) return false;
    uint32_t eflags = c.get_eflags() | (entry == Entry::Fault ? eflags::RF : 0);

    if (is_rt) {
        uint8_t b[rt::kSize] = {};
        uint32_t restorer = (act.flags & kSaRestorer) ? act.restorer : frame + rt::kRetcode;
        put32(b, rt::kPretcode, restorer);
        put32(b, rt::kSig, uint32_t(sig));
        put32(b, rt::kPinfo, frame + rt::kInfo);
        put32(b, rt::kPuc, frame + rt::kUc);
        std::memcpy(b + rt::kInfo, info.b, sizeof info.b);
        put32(b, rt::kUcFlags, 0); // no XSAVE state
        put32(b, rt::kUcLink, 0);
        put32(b, rt::kUcStack + 0, s.ss_sp);
        put32(b, rt::kUcStack + 4, s.ss_flags);
        put32(b, rt::kUcStack + 8, s.ss_size);
        fill_sigcontext(b + rt::kUcMcontext, p, fp, uint32_t(saved_mask), eflags);
        std::memcpy(b + rt::kUcSigmask, &saved_mask, 8);
        std::memcpy(b + rt::kRetcode, kRtRetcode, 8);
        if (!p.mem.write_bytes(frame, b, sizeof b)) return false;
        if (s.ss_flags & kSsAutodisarm) { // sas_ss_reset
            s.ss_sp = 0;
            s.ss_size = 0;
            s.ss_flags = kSsDisable;
        }
        c.gpr[EAX] = uint32_t(sig);
        c.gpr[EDX] = frame + rt::kInfo;
        c.gpr[ECX] = frame + rt::kUc;
    } else {
        // The unused legacy FPU area in the middle is left as it was.
        uint8_t head[sf::kUnusedFp], tail[sf::kSize - sf::kExtramask];
        uint32_t restorer = (act.flags & kSaRestorer) ? act.restorer : frame + sf::kRetcode;
        put32(head, sf::kPretcode, restorer);
        put32(head, sf::kSig, uint32_t(sig));
        fill_sigcontext(head + sf::kSc, p, fp, uint32_t(saved_mask), eflags);
        put32(tail, 0, uint32_t(saved_mask >> 32));
        std::memcpy(tail + 4, kRetcode, 8);
        if (!p.mem.write_bytes(frame, head, sizeof head) ||
            !p.mem.write_bytes(frame + sf::kExtramask, tail, sizeof tail))
            return false;
        c.gpr[EAX] = uint32_t(sig);
        c.gpr[EDX] = 0;
        c.gpr[ECX] = 0;
    }

    c.gpr[ESP] = frame;
    c.eip = act.handler;
    p.load_segment(c, DS, Process::kUserDs);
    p.load_segment(c, ES, Process::kUserDs);
    p.load_segment(c, SS, Process::kUserDs);
    c.set_eflags(0, eflags::DF | eflags::TF | eflags::RF);
    c.fpu = X87State{}; // the handler starts with a fresh FPU (fpu__clear_user_states)
    return true;
}

bool emulate_retcode(Process& p, const FaultInfo& f) {
    if (f.kind != Fault::PageFault || !(f.error_code & 16) || f.addr != f.eip) return false;
    uint8_t code[8];
    if (!p.mem.read_bytes(f.eip, code, sizeof code)) return false;
    CpuState& c = p.cpu;
    int32_t r;
    if (std::memcmp(code, kRetcode, 8) == 0) {
        uint32_t popped;
        if (!p.mem.read_bytes(c.gpr[ESP], &popped, 4)) return false;
        c.gpr[EAX] = popped;
        c.gpr[ESP] += 4;
        c.eip = f.eip + 8;
        r = do_sigreturn(p);
    } else if (std::memcmp(code, kRtRetcode, 7) == 0) {
        c.eip = f.eip + 7;
        r = do_rt_sigreturn(p);
    } else {
        return false;
    }
    c.gpr[EAX] = uint32_t(r);
    return true;
}

void register_frame_syscalls(SyscallTable& t) {
    t.set(119, "sigreturn", sys_sigreturn);
    t.set(173, "rt_sigreturn", sys_rt_sigreturn);
}

} // namespace cm::fw::sig
