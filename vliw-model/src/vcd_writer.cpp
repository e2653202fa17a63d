#include "vcd_writer.hpp"

#include <stdexcept>

namespace cm::vliw::detail {

// Identifiers: ! pc, " commit, # rollback, $ sb_occupancy, % stall, & stall_cause.
VcdWriter::VcdWriter(const std::string& path, uint64_t period_ps) : period_ps_(period_ps) {
    f_ = std::fopen(path.c_str(), "w");
    if (!f_) throw std::runtime_error("cannot open VCD file '" + path + "'");
    std::fputs("$date codemorph $end\n$version cm::vliw $end\n$timescale 1ps $end\n$scope module "
               "vliw $end\n"
               "$var wire 32 ! pc $end\n$var wire 1 \" commit $end\n$var wire 1 # rollback $end\n"
               "$var wire 16 $ sb_occupancy $end\n$var wire 1 % stall $end\n$var wire 3 & "
               "stall_cause $end\n"
               "$upscope $end\n$enddefinitions $end\n",
               f_);
}

VcdWriter::~VcdWriter() {
    std::fclose(f_);
}

void VcdWriter::at(uint64_t cycle) {
    if (cycle == now_) return;
    now_ = cycle;
    std::fprintf(f_, "#%llu\n", static_cast<unsigned long long>(cycle * period_ps_));
}

void VcdWriter::bits(char id, unsigned width, uint64_t v) {
    char buf[72];
    unsigned n = 0;
    buf[n++] = 'b';
    for (int i = static_cast<int>(width) - 1; i >= 0; --i)
        buf[n++] = ((v >> i) & 1) ? '1' : '0';
    buf[n++] = ' ';
    buf[n++] = id;
    buf[n++] = '\n';
    std::fwrite(buf, 1, n, f_);
}

void VcdWriter::settle(uint64_t cycle) {
    // Emit pending falling edges in time order.
    for (;;) {
        uint64_t t = std::min(commit_low_at_, rollback_low_at_);
        if (t > cycle) break;
        at(t);
        if (commit_low_at_ == t) std::fputs("0\"\n", f_), commit_low_at_ = ~uint64_t(0);
        if (rollback_low_at_ == t) std::fputs("0#\n", f_), rollback_low_at_ = ~uint64_t(0);
    }
}

void VcdWriter::on_issue(uint64_t cycle, uint32_t pc, bool commit, unsigned occ, uint64_t stall,
                         StallCause cause) {
    if (now_ == ~uint64_t(0)) {
        at(cycle - stall);
        std::fputs("$dumpvars\n0\"\n0#\nb0 $\n0%\nb0 &\n$end\n", f_);
    }
    if (stall) {
        settle(cycle - stall);
        at(cycle - stall);
        std::fputs("1%\n", f_);
        bits('&', 3, static_cast<unsigned>(cause));
    }
    settle(cycle);
    at(cycle);
    if (stall) std::fputs("0%\n", f_);
    if (pc != last_pc_) bits('!', 32, pc), last_pc_ = pc;
    if (commit) std::fputs("1\"\n", f_), commit_low_at_ = cycle + 1;
    if (occ != last_occ_) bits('$', 16, occ), last_occ_ = occ;
}

void VcdWriter::on_rollback(uint64_t cycle) {
    settle(cycle);
    if (now_ != ~uint64_t(0) && cycle < now_) cycle = now_;
    at(cycle);
    std::fputs("1#\n", f_);
    rollback_low_at_ = cycle + 1;
    if (last_occ_ != 0) bits('$', 16, 0), last_occ_ = 0;
}

void VcdWriter::on_run_end(uint64_t cycle) {
    settle(cycle);
    std::fflush(f_);
}

} // namespace cm::vliw::detail
