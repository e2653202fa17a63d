// Socket calls, both through the i386 multiplexer socketcall(2) and as the
// separate calls (359-373). Sockets are host sockets; socket addresses have
// the same layout on every architecture, so only descriptors, struct
// timeval options, struct msghdr and control messages need translating.
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "fd_helpers.hpp"
#include "fw/files.hpp"
#include "fw/process.hpp"
#include "fw/signals.hpp"
#include "fw/syscalls.hpp"
#include "guest_io.hpp"

namespace cm::fw {
namespace {

using x86::GuestMemory;

constexpr uint32_t kMaxRw = 0x7ffff000;

int32_t err() {
    return -errno;
}
int32_t ret(long r) {
    return r < 0 ? -errno : int32_t(r);
}

/// Reads a socket address of `len` bytes.
int32_t get_addr(Process& p, uint32_t addr, uint32_t len, sockaddr_storage& out) {
    if (len > sizeof out) return -EINVAL;
    std::memset(&out, 0, sizeof out);
    if (len && !p.mem.read_bytes(addr, &out, len)) return -EFAULT;
    return 0;
}

/// Writes a socket address back as the kernel does: truncated to the
/// guest's buffer, with the full length stored in *len_addr.
int32_t put_addr(Process& p, uint32_t addr, uint32_t len_addr, const sockaddr_storage& a,
                 socklen_t alen) {
    if (!addr || !len_addr) return 0;
    int32_t glen;
    if (!gio::get(p.mem, len_addr, glen)) return -EFAULT;
    if (glen < 0) return -EINVAL;
    uint32_t n = std::min<uint32_t>(uint32_t(glen), alen);
    if (n && !p.mem.write_bytes(addr, &a, n)) return -EFAULT;
    return gio::put(p.mem, len_addr, int32_t(alen)) ? 0 : -EFAULT;
}

int host_of(Process& p, uint32_t gfd) {
    return p.fds->host(int(gfd));
}

int32_t do_socket(Process& p, uint32_t domain, uint32_t type, uint32_t proto) {
    if (p.fds->lowest_free(0, nofile_limit(p)) < 0) return -EMFILE;
    int h = ::socket(int(domain), int(type), int(proto));
    if (h < 0) return err();
    return adopt_fd(p, h);
}

int32_t do_socketpair(Process& p, uint32_t domain, uint32_t type, uint32_t proto, uint32_t sv) {
    int h[2];
    if (::socketpair(int(domain), int(type), int(proto), h) < 0) return err();
    int32_t g0 = adopt_fd(p, h[0]);
    if (g0 < 0) {
        ::close(h[1]);
        return g0;
    }
    int32_t g1 = adopt_fd(p, h[1]);
    int32_t g[2] = {g0, g1};
    if (g1 < 0 || !gio::put(p.mem, sv, g)) {
        for (int32_t x : g)
            if (x >= 0) {
                ::close(p.fds->host(x));
                p.fds->fds.erase(x);
            }
        return g1 < 0 ? g1 : -EFAULT;
    }
    return 0;
}

int32_t do_bind_connect(Process& p, uint32_t fd, uint32_t addr, uint32_t len, bool connect) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    sockaddr_storage a;
    if (int32_t r = get_addr(p, addr, len, a)) return r;
    int r = connect ? ::connect(h, reinterpret_cast<sockaddr*>(&a), len)
                    : ::bind(h, reinterpret_cast<sockaddr*>(&a), len);
    return r < 0 ? err() : 0;
}

int32_t do_listen(Process& p, uint32_t fd, uint32_t backlog) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    return ::listen(h, int(backlog)) < 0 ? err() : 0;
}

int32_t do_accept(Process& p, uint32_t fd, uint32_t addr, uint32_t len_addr, uint32_t flags) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    if (p.fds->lowest_free(0, nofile_limit(p)) < 0) return -EMFILE;
    sockaddr_storage a{};
    socklen_t alen = sizeof a;
    int n = ::accept4(h, reinterpret_cast<sockaddr*>(&a), &alen, int(flags));
    if (n < 0) return err();
    int32_t g = adopt_fd(p, n);
    if (g < 0) return g;
    if (int32_t r = put_addr(p, addr, len_addr, a, alen)) return r;
    return g;
}

int32_t do_getname(Process& p, uint32_t fd, uint32_t addr, uint32_t len_addr, bool peer) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    sockaddr_storage a{};
    socklen_t alen = sizeof a;
    int r = peer ? ::getpeername(h, reinterpret_cast<sockaddr*>(&a), &alen)
                 : ::getsockname(h, reinterpret_cast<sockaddr*>(&a), &alen);
    if (r < 0) return err();
    if (!len_addr) return -EFAULT;
    return put_addr(p, addr, len_addr, a, alen);
}

int32_t do_sendto(Process& p, uint32_t fd, uint32_t buf, uint32_t len, uint32_t flags,
                  uint32_t addr, uint32_t alen) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    len = std::min(len, kMaxRw);
    uint32_t n = accessible(p.mem, buf, len, GuestMemory::R);
    if (n == 0 && len) return -EFAULT;
    sockaddr_storage a;
    if (addr) {
        if (int32_t r = get_addr(p, addr, alen, a)) return r;
        return ret(
            ::sendto(h, p.mem.host(buf), n, int(flags), reinterpret_cast<sockaddr*>(&a), alen));
    }
    return ret(::sendto(h, p.mem.host(buf), n, int(flags), nullptr, 0));
}

int32_t do_recvfrom(Process& p, uint32_t fd, uint32_t buf, uint32_t len, uint32_t flags,
                    uint32_t addr, uint32_t len_addr) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    len = std::min(len, kMaxRw);
    uint32_t n = accessible(p.mem, buf, len, GuestMemory::W);
    if (n == 0 && len) return -EFAULT;
    sockaddr_storage a{};
    socklen_t alen = sizeof a;
    std::vector<uint8_t> tmp;
    bool bounce = touches_code(p.mem, buf, n);
    if (bounce) tmp.resize(n);
    ssize_t r = ::recvfrom(h, bounce ? tmp.data() : p.mem.host(buf), n, int(flags),
                           reinterpret_cast<sockaddr*>(&a), &alen);
    if (r < 0) return err();
    if (bounce) p.mem.write_bytes(buf, tmp.data(), uint64_t(r));
    if (addr)
        if (int32_t e = put_addr(p, addr, len_addr, a, alen)) return e;
    return int32_t(r);
}

int32_t do_shutdown(Process& p, uint32_t fd, uint32_t how) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    return ::shutdown(h, int(how)) < 0 ? err() : 0;
}

// SO_RCVTIMEO and SO_SNDTIMEO carry a struct timeval (2 x 32 bits on i386).
bool is_timeval_opt(uint32_t level, uint32_t opt) {
    return level == SOL_SOCKET && (opt == 20 || opt == 21);
}

int32_t do_setsockopt(Process& p, uint32_t fd, uint32_t level, uint32_t opt, uint32_t val,
                      uint32_t len) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    if (is_timeval_opt(level, opt)) {
        if (len < 8) return -EINVAL;
        int32_t v[2];
        if (!gio::get(p.mem, val, v)) return -EFAULT;
        struct timeval tv = {v[0], v[1]};
        return ::setsockopt(h, int(level), int(opt), &tv, sizeof tv) < 0 ? err() : 0;
    }
    if (len > 4096) return -EINVAL;
    std::vector<uint8_t> b(len);
    if (len && !p.mem.read_bytes(val, b.data(), len)) return -EFAULT;
    return ::setsockopt(h, int(level), int(opt), b.data(), len) < 0 ? err() : 0;
}

int32_t do_getsockopt(Process& p, uint32_t fd, uint32_t level, uint32_t opt, uint32_t val,
                      uint32_t len_addr) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    int32_t glen;
    if (!gio::get(p.mem, len_addr, glen)) return -EFAULT;
    if (glen < 0) return -EINVAL;
    if (is_timeval_opt(level, opt)) {
        struct timeval tv;
        socklen_t l = sizeof tv;
        if (::getsockopt(h, int(level), int(opt), &tv, &l) < 0) return err();
        int32_t v[2] = {int32_t(tv.tv_sec), int32_t(tv.tv_usec)};
        uint32_t n = std::min<uint32_t>(uint32_t(glen), 8);
        if (!p.mem.write_bytes(val, v, n)) return -EFAULT;
        return gio::put(p.mem, len_addr, int32_t(n)) ? 0 : -EFAULT;
    }
    std::vector<uint8_t> b(std::min<uint32_t>(uint32_t(glen), 4096));
    socklen_t l = socklen_t(b.size());
    if (::getsockopt(h, int(level), int(opt), b.data(), &l) < 0) return err();
    if (l && !p.mem.write_bytes(val, b.data(), l)) return -EFAULT;
    return gio::put(p.mem, len_addr, int32_t(l)) ? 0 : -EFAULT;
}

/// struct msghdr of i386 (28 bytes).
struct MsgHdr32 {
    uint32_t name, namelen, iov, iovlen, control, controllen;
    int32_t flags;
};

/// Guest control messages (4-byte aligned headers of 12 bytes) to host ones
/// (8-byte aligned headers of 16 bytes); SCM_RIGHTS descriptors translated.
int32_t control_to_host(Process& p, const std::vector<uint8_t>& g, std::vector<uint8_t>& h) {
    size_t at = 0;
    while (at + 12 <= g.size()) {
        uint32_t len;
        int32_t level, type;
        std::memcpy(&len, &g[at], 4);
        std::memcpy(&level, &g[at + 4], 4);
        std::memcpy(&type, &g[at + 8], 4);
        if (len < 12 || at + len > g.size()) return -EINVAL;
        std::vector<uint8_t> data(g.begin() + long(at + 12), g.begin() + long(at + len));
        if (level == SOL_SOCKET && type == SCM_RIGHTS)
            for (size_t i = 0; i + 4 <= data.size(); i += 4) {
                int32_t fd;
                std::memcpy(&fd, &data[i], 4);
                int hf = p.fds->host(fd);
                if (hf < 0) return -EBADF;
                std::memcpy(&data[i], &hf, 4);
            }
        size_t base = h.size();
        h.resize(base + CMSG_SPACE(data.size()), 0);
        auto* c = reinterpret_cast<cmsghdr*>(&h[base]);
        c->cmsg_len = CMSG_LEN(data.size());
        c->cmsg_level = level;
        c->cmsg_type = type;
        std::memcpy(CMSG_DATA(c), data.data(), data.size());
        at += (len + 3) & ~3u;
    }
    return 0;
}

/// Host control messages back to the guest layout; received descriptors
/// get guest numbers. Sets MSG_CTRUNC if they do not fit.
std::vector<uint8_t> control_to_guest(Process& p, msghdr& hm, uint32_t room, int& flags) {
    std::vector<uint8_t> g;
    for (cmsghdr* c = CMSG_FIRSTHDR(&hm); c; c = CMSG_NXTHDR(&hm, c)) {
        size_t dlen = c->cmsg_len - CMSG_LEN(0);
        std::vector<uint8_t> data(CMSG_DATA(c), CMSG_DATA(c) + dlen);
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            for (size_t i = 0; i + 4 <= data.size(); i += 4) {
                int hf;
                std::memcpy(&hf, &data[i], 4);
                int32_t gf = adopt_fd(p, hf);
                std::memcpy(&data[i], &gf, 4);
            }
        uint32_t len = uint32_t(12 + dlen), space = (len + 3) & ~3u;
        if (g.size() + len > room) {
            flags |= MSG_CTRUNC;
            break;
        }
        size_t base = g.size();
        g.resize(base + std::min<uint32_t>(space, room - uint32_t(base)), 0);
        int32_t level = c->cmsg_level, type = c->cmsg_type;
        std::memcpy(&g[base], &len, 4);
        std::memcpy(&g[base + 4], &level, 4);
        std::memcpy(&g[base + 8], &type, 4);
        std::memcpy(&g[base + 12], data.data(), dlen);
    }
    return g;
}

/// The guest's iovecs as host ones over guest memory (or over a bounce
/// buffer when receiving into code pages).
int32_t msg_iov(Process& p, const MsgHdr32& m, uint8_t perm, std::vector<iovec>& v) {
    if (m.iovlen > 1024) return -EMSGSIZE;
    std::vector<uint32_t> raw(size_t(m.iovlen) * 2);
    if (m.iovlen && !p.mem.read_bytes(m.iov, raw.data(), raw.size() * 4)) return -EFAULT;
    for (uint32_t i = 0; i < m.iovlen; ++i) {
        uint32_t base = raw[2 * i], len = raw[2 * i + 1];
        if (!len) continue;
        uint32_t n = accessible(p.mem, base, len, perm);
        if (n == 0) return -EFAULT;
        v.push_back({p.mem.host(base), n});
        if (n < len) break;
    }
    return 0;
}

int32_t do_sendmsg(Process& p, uint32_t fd, uint32_t msg, uint32_t flags) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    MsgHdr32 m;
    if (!gio::get(p.mem, msg, m)) return -EFAULT;
    std::vector<iovec> v;
    if (int32_t r = msg_iov(p, m, GuestMemory::R, v)) return r;
    sockaddr_storage a;
    msghdr hm{};
    if (m.name) {
        if (int32_t r = get_addr(p, m.name, m.namelen, a)) return r;
        hm.msg_name = &a;
        hm.msg_namelen = m.namelen;
    }
    hm.msg_iov = v.data();
    hm.msg_iovlen = v.size();
    std::vector<uint8_t> gc(m.controllen), hc;
    if (m.controllen) {
        if (m.controllen > 65536) return -ENOBUFS;
        if (!p.mem.read_bytes(m.control, gc.data(), gc.size())) return -EFAULT;
        if (int32_t r = control_to_host(p, gc, hc)) return r;
        hm.msg_control = hc.data();
        hm.msg_controllen = hc.size();
    }
    return ret(::sendmsg(h, &hm, int(flags)));
}

int32_t do_recvmsg(Process& p, uint32_t fd, uint32_t msg, uint32_t flags) {
    int h = host_of(p, fd);
    if (h < 0) return -EBADF;
    MsgHdr32 m;
    if (!gio::get(p.mem, msg, m)) return -EFAULT;
    std::vector<iovec> v;
    if (int32_t r = msg_iov(p, m, GuestMemory::W, v)) return r;
    // Receive into a bounce buffer if any target page holds code.
    size_t total = 0;
    bool bounce = false;
    for (const iovec& x : v) {
        total += x.iov_len;
        bounce = bounce ||
                 touches_code(p.mem, uint32_t(static_cast<uint8_t*>(x.iov_base) - p.mem.host(0)),
                              uint32_t(x.iov_len));
    }
    std::vector<uint8_t> tmp;
    iovec one;
    msghdr hm{};
    if (bounce) {
        tmp.resize(total);
        one = {tmp.data(), total};
        hm.msg_iov = &one;
        hm.msg_iovlen = 1;
    } else {
        hm.msg_iov = v.data();
        hm.msg_iovlen = v.size();
    }
    sockaddr_storage a{};
    if (m.name) {
        hm.msg_name = &a;
        hm.msg_namelen = sizeof a;
    }
    std::vector<uint8_t> hc(m.controllen ? m.controllen * 2 + 64 : 0);
    hm.msg_control = hc.empty() ? nullptr : hc.data();
    hm.msg_controllen = hc.size();
    ssize_t r = ::recvmsg(h, &hm, int(flags));
    if (r < 0) return err();
    if (bounce) {
        size_t done = 0;
        for (const iovec& x : v) {
            if (done >= size_t(r)) break;
            size_t n = std::min(x.iov_len, size_t(r) - done);
            p.mem.write_bytes(uint32_t(static_cast<uint8_t*>(x.iov_base) - p.mem.host(0)),
                              tmp.data() + done, n);
            done += n;
        }
    }
    int out_flags = hm.msg_flags;
    std::vector<uint8_t> gc;
    if (m.controllen && hm.msg_controllen) gc = control_to_guest(p, hm, m.controllen, out_flags);
    if (!gc.empty() && !p.mem.write_bytes(m.control, gc.data(), gc.size())) return -EFAULT;
    if (m.name) {
        uint32_t n = std::min<uint32_t>(m.namelen, hm.msg_namelen);
        if (n && !p.mem.write_bytes(m.name, &a, n)) return -EFAULT;
        m.namelen = hm.msg_namelen;
    }
    m.controllen = uint32_t(gc.size());
    m.flags = out_flags;
    if (!gio::put(p.mem, msg, m)) return -EFAULT;
    return int32_t(r);
}

/// Sending on a stream socket whose peer has gone returns -EPIPE and, unless
/// the flags hold MSG_NOSIGNAL (the same bit on i386 as on the host), also
/// sends SIGPIPE, as the kernel does.
int32_t send_result(Process& p, int32_t r, uint32_t flags) {
    if (r == -EPIPE && !(flags & MSG_NOSIGNAL))
        send_signal(p, GuestSiginfo::from_process(gsig::kPipe, gsig::kSiUser));
    return r;
}

/// Dispatches one socket call by its socketcall number with its arguments.
int32_t socket_call(Process& p, uint32_t call, const uint32_t* v) {
    switch (call) {
    case 1: return do_socket(p, v[0], v[1], v[2]);
    case 2: return do_bind_connect(p, v[0], v[1], v[2], false);
    case 3: return do_bind_connect(p, v[0], v[1], v[2], true);
    case 4: return do_listen(p, v[0], v[1]);
    case 5: return do_accept(p, v[0], v[1], v[2], 0);
    case 6: return do_getname(p, v[0], v[1], v[2], false);
    case 7: return do_getname(p, v[0], v[1], v[2], true);
    case 8: return do_socketpair(p, v[0], v[1], v[2], v[3]);
    case 9: return send_result(p, do_sendto(p, v[0], v[1], v[2], v[3], 0, 0), v[3]);
    case 10: return do_recvfrom(p, v[0], v[1], v[2], v[3], 0, 0);
    case 11: return send_result(p, do_sendto(p, v[0], v[1], v[2], v[3], v[4], v[5]), v[3]);
    case 12: return do_recvfrom(p, v[0], v[1], v[2], v[3], v[4], v[5]);
    case 13: return do_shutdown(p, v[0], v[1]);
    case 14: return do_setsockopt(p, v[0], v[1], v[2], v[3], v[4]);
    case 15: return do_getsockopt(p, v[0], v[1], v[2], v[3], v[4]);
    case 16: return send_result(p, do_sendmsg(p, v[0], v[1], v[2]), v[2]);
    case 17: return do_recvmsg(p, v[0], v[1], v[2]);
    case 18: return do_accept(p, v[0], v[1], v[2], v[3]);
    default: {
        std::string what = "socketcall " + std::to_string(call);
        p.warn_once(what,
                    "unsupported " + what + " (recvmmsg/sendmmsg or unknown): returning -ENOSYS");
        return -ENOSYS;
    }
    }
}

int32_t sys_socketcall(Process& p, const SyscallArgs& a) {
    static const uint8_t nargs[] = {0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4};
    uint32_t call = a.a[0];
    if (call < 1 || call > 20) return -EINVAL;
    uint32_t v[6] = {};
    if (!p.mem.read_bytes(a.a[1], v, nargs[call] * 4u)) return -EFAULT;
    return socket_call(p, call, v);
}

/// The separate socket calls map onto socketcall numbers.
template <uint32_t Call> int32_t sys_direct(Process& p, const SyscallArgs& a) {
    return socket_call(p, Call, a.a);
}

} // namespace

void register_net_syscalls(SyscallTable& t) {
    t.set(102, "socketcall", sys_socketcall);
    t.set(359, "socket", sys_direct<1>);
    t.set(360, "socketpair", sys_direct<8>);
    t.set(361, "bind", sys_direct<2>);
    t.set(362, "connect", sys_direct<3>);
    t.set(363, "listen", sys_direct<4>);
    t.set(364, "accept4", sys_direct<18>);
    t.set(365, "getsockopt", sys_direct<15>);
    t.set(366, "setsockopt", sys_direct<14>);
    t.set(367, "getsockname", sys_direct<6>);
    t.set(368, "getpeername", sys_direct<7>);
    t.set(369, "sendto", sys_direct<11>);
    t.set(370, "sendmsg", sys_direct<16>);
    t.set(371, "recvfrom", sys_direct<12>);
    t.set(372, "recvmsg", sys_direct<17>);
    t.set(373, "shutdown", sys_direct<13>);
}

} // namespace cm::fw
