// Segment descriptors: GDT TLS slots (set_thread_area, get_thread_area), the
// LDT (modify_ldt), and segment-register loads (see fw/segments.hpp).
#include "fw/segments.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "fw/process.hpp"
#include "fw/syscalls.hpp"
#include "guest_io.hpp"

namespace cm::fw {

using namespace cm::x86;

namespace {

/// struct user_desc, the i386 kernel's interface (16 bytes).
struct UserDesc {
    uint32_t entry_number;
    uint32_t base_addr;
    uint32_t limit;
    uint32_t flags; ///< seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1 seg_not_present:1
                    ///< useable:1
    unsigned seg_32bit() const { return flags & 1; }
    unsigned contents() const { return (flags >> 1) & 3; }
    unsigned read_exec_only() const { return (flags >> 3) & 1; }
    unsigned limit_in_pages() const { return (flags >> 4) & 1; }
    unsigned seg_not_present() const { return (flags >> 5) & 1; }
    unsigned useable() const { return (flags >> 6) & 1; }
};
static_assert(sizeof(UserDesc) == 16);

// The kernel's LDT_empty and LDT_zero: descriptions that clear an entry.
bool ldt_empty(const UserDesc& u) {
    return u.base_addr == 0 && u.limit == 0 && (u.flags & 0x7f) == ((1u << 3) | (1u << 5));
}
bool ldt_zero(const UserDesc& u) {
    return u.base_addr == 0 && u.limit == 0 && (u.flags & 0x7f) == 0;
}

/// fill_ldt: the descriptor the kernel builds (DPL 3, accessed, S=1).
Descriptor make_descriptor(const UserDesc& u) {
    Descriptor d;
    uint32_t type = ((u.read_exec_only() ^ 1u) << 1) | (u.contents() << 2) | 1u;
    d.lo = (u.limit & 0xffff) | ((u.base_addr & 0xffff) << 16);
    d.hi = ((u.base_addr >> 16) & 0xff) | (type << 8) | (1u << 12) | (3u << 13) |
           ((u.seg_not_present() ^ 1u) << 15) | (u.limit & 0xf0000) | (u.useable() << 20) |
           (u.seg_32bit() << 22) | (u.limit_in_pages() << 23) | (u.base_addr & 0xff000000);
    return d;
}

/// fill_user_desc: the description of an installed descriptor.
UserDesc describe(const Descriptor& d, uint32_t idx) {
    UserDesc u{};
    u.entry_number = idx;
    u.base_addr = d.base();
    u.limit = (d.lo & 0xffff) | (d.hi & 0xf0000);
    u.flags = (d.big() ? 1u : 0) | ((d.type() >> 2) << 1) | ((d.type() & 2) ? 0 : (1u << 3)) |
              (((d.hi >> 23) & 1) << 4) | (d.present() ? 0 : (1u << 5)) | (((d.hi >> 20) & 1) << 6);
    return u;
}

const char* seg_name(int seg) {
    static const char* const n[] = {"ES", "CS", "SS", "DS", "FS", "GS"};
    return seg >= 0 && seg < kNumSegs ? n[seg] : "?";
}

/// The descriptor a selector names, or null if there is none the process can use.
const Descriptor* lookup(const SegmentState& s, uint16_t selector, Descriptor& scratch) {
    unsigned index = selector >> 3;
    if (selector & 4) return index < s.ldt.size() ? &s.ldt[index] : nullptr;
    if (index >= unsigned(SegmentState::kTlsMin) && index <= unsigned(SegmentState::kTlsMax))
        return &s.tls[index - SegmentState::kTlsMin];
    if (index == SegmentState::kUserCsIndex || index == SegmentState::kUserDsIndex) {
        // __USER_CS / __USER_DS: flat 4 GiB, DPL 3, 32-bit.
        UserDesc u{0, 0, 0xfffff, 1u | (1u << 4)};
        if (index == SegmentState::kUserCsIndex) u.flags |= 2u << 1;
        scratch = make_descriptor(u);
        return &scratch;
    }
    return nullptr; // kernel descriptors (DPL 0) and unused entries
}

/// Reloads segment registers that refer to a descriptor just changed, as
/// the kernel does on return to user mode; an unusable one becomes null.
void refresh(Process& p, uint16_t changed_selector) {
    for (int seg : {int(ES), int(DS), int(FS), int(GS)}) {
        if ((p.cpu.seg[seg] & ~3) != (changed_selector & ~3)) continue;
        if (!load_segment_register(p, seg, p.cpu.seg[seg])) {
            p.cpu.seg[seg] = 0;
            p.cpu.seg_base[seg] = 0;
            p.cpu.seg_limit[seg] = 0xffffffff;
        }
    }
}

int32_t sys_set_thread_area(Process& p, const SyscallArgs& a) {
    UserDesc u;
    if (!gio::get(p.mem, a.a[0], u)) return -EFAULT;
    bool clear = ldt_empty(u) || ldt_zero(u);
    // tls_desc_okay: only present 32-bit data segments.
    if (!clear && (!u.seg_32bit() || u.contents() > 1 || u.seg_not_present())) return -EINVAL;
    int32_t idx = int32_t(u.entry_number);
    if (idx == -1) {
        for (int i = 0; i <= SegmentState::kTlsMax - SegmentState::kTlsMin; ++i)
            if (p.segments->tls[i].empty()) {
                idx = SegmentState::kTlsMin + i;
                break;
            }
        if (idx == -1) return -ESRCH;
        if (!gio::put(p.mem, a.a[0], uint32_t(idx))) return -EFAULT;
    }
    if (idx < SegmentState::kTlsMin || idx > SegmentState::kTlsMax) return -EINVAL;
    p.segments->tls[idx - SegmentState::kTlsMin] = clear ? Descriptor{} : make_descriptor(u);
    refresh(p, uint16_t(idx << 3));
    return 0;
}

int32_t sys_get_thread_area(Process& p, const SyscallArgs& a) {
    uint32_t idx;
    if (!gio::get(p.mem, a.a[0], idx)) return -EFAULT;
    if (int32_t(idx) < SegmentState::kTlsMin || idx > uint32_t(SegmentState::kTlsMax))
        return -EINVAL;
    const Descriptor& d = p.segments->tls[idx - SegmentState::kTlsMin];
    UserDesc u = d.empty() ? UserDesc{idx, 0, 0, 0} : describe(d, idx);
    if (d.empty()) u.flags = (1u << 3) | (1u << 5); // the kernel reports an empty slot as LDT_empty
    return gio::put(p.mem, a.a[0], u) ? 0 : -EFAULT;
}

int32_t sys_modify_ldt(Process& p, const SyscallArgs& a) {
    uint32_t func = a.a[0], ptr = a.a[1], count = a.a[2];
    SegmentState& s = *p.segments;
    switch (func) {
    case 0: { // read the LDT: its entries, zero-filled to bytecount
        if (s.ldt.empty()) return 0;
        count = std::min<uint32_t>(count, SegmentState::kLdtEntries * 8);
        std::vector<uint8_t> buf(count, 0);
        std::memcpy(buf.data(), s.ldt.data(), std::min<size_t>(count, s.ldt.size() * 8));
        if (!p.mem.write_bytes(ptr, buf.data(), count)) return -EFAULT;
        return int32_t(count);
    }
    case 2: { // read the default LDT: zeros (128 bytes at most on a 64-bit kernel)
        count = std::min<uint32_t>(count, 128);
        std::vector<uint8_t> zeros(count, 0);
        if (!p.mem.write_bytes(ptr, zeros.data(), count)) return -EFAULT;
        return int32_t(count);
    }
    case 1:
    case 0x11: {
        bool oldmode = func == 1;
        if (count != sizeof(UserDesc)) return -EINVAL;
        UserDesc u;
        if (!gio::get(p.mem, ptr, u)) return -EFAULT;
        if (u.entry_number >= SegmentState::kLdtEntries) return -EINVAL;
        if (u.contents() == 3 && (oldmode || !u.seg_not_present())) return -EINVAL;
        Descriptor d;
        if (!((oldmode && u.base_addr == 0 && u.limit == 0) || ldt_empty(u))) {
            d = make_descriptor(u);
            if (oldmode) d.hi &= ~(1u << 20); // old mode clears AVL ("useable")
        }
        if (s.ldt.size() <= u.entry_number) s.ldt.resize(u.entry_number + 1);
        s.ldt[u.entry_number] = d;
        refresh(p, uint16_t((u.entry_number << 3) | 4));
        return 0;
    }
    default: return -ENOSYS;
    }
}

} // namespace

bool load_segment_register(Process& p, int seg, uint16_t selector) {
    CpuState& cpu = p.cpu;
    if ((selector & ~3) == 0) {
        // The null selector: allowed in the data segment registers only.
        if (seg == CS || seg == SS) return false;
        cpu.seg[seg] = selector;
        cpu.seg_base[seg] = 0;
        cpu.seg_limit[seg] = 0xffffffff;
        return true;
    }
    Descriptor scratch;
    const Descriptor* d = lookup(*p.segments, selector, scratch);
    if (!d || d->empty() || d->system() || d->dpl() != 3) return false;
    unsigned rpl = selector & 3;
    bool code = d->code(), rw = d->type() & 2;
    switch (seg) {
    case SS:
        if (rpl != 3 || code || !rw) return false;
        break;
    case CS:
        if (!code) return false;
        break;
    default:
        if (code && !rw) return false; // execute-only code is not readable
        break;
    }
    // Linux delivers #NP/#SS for a not-present segment as a fault too.
    if (!d->present()) return false;
    char sel[8];
    std::snprintf(sel, sizeof sel, "0x%04x", selector);
    if (seg != FS && seg != GS && d->base() != 0) {
        p.warn_once(std::string("segbase ") + seg_name(seg),
                    std::string("loading ") + seg_name(seg) + " with selector " + sel +
                        ", a segment with a non-zero base: Codemorph supports segment bases in FS "
                        "and GS only "
                        "(raising #GP)");
        return false;
    }
    if ((seg == CS || seg == SS) && !d->big()) {
        p.warn_once(
            std::string("seg16 ") + seg_name(seg),
            std::string("loading ") + seg_name(seg) + " with selector " + sel +
                ", a 16-bit segment: Codemorph runs 32-bit code and stacks only (raising #GP)");
        return false;
    }
    cpu.seg[seg] = selector;
    cpu.seg_base[seg] = d->base();
    cpu.seg_limit[seg] = d->limit();
    return true;
}

void register_segment_syscalls(SyscallTable& t) {
    t.set(123, "modify_ldt", sys_modify_ldt);
    t.set(243, "set_thread_area", sys_set_thread_area);
    t.set(244, "get_thread_area", sys_get_thread_area);
}

} // namespace cm::fw
