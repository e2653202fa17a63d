#include "trace/perfetto.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <cstdio>
#include <ostream>

#include "trace/collector.hpp"

namespace cm::trace {

namespace {

constexpr int kPhases = 1, kRegions = 2, kEvents = 3;

/// Streams events one per line; the file stays valid JSON.
class Writer {
  public:
    Writer(std::ostream& o, double mhz) : o_(o), mhz_(mhz) {}

    /// Microseconds of simulated time. One cycle is at least 0.0001 us
    /// (clock <= 10 GHz), so 5 decimals keep distinct cycles distinct and
    /// equal cycles print identically (B/E pairs then nest exactly).
    std::string ts(uint64_t cycle) const {
        char b[40];
        std::snprintf(b, sizeof b, "%.5f", double(cycle) / mhz_);
        return b;
    }
    static std::string str(std::string_view s) {
        return boost::json::serialize(boost::json::string(s));
    }
    void event(const std::string& body) {
        o_ << (first_ ? "\n" : ",\n") << '{' << body << '}';
        first_ = false;
    }
    void meta(const char* what, int tid, std::string_view name) {
        event(std::string("\"ph\":\"M\",\"pid\":1,\"tid\":") + std::to_string(tid) +
              ",\"name\":\"" + what + "\",\"args\":{\"name\":" + str(name) + "}");
    }
    void slice(int tid, std::string_view name, uint64_t b, uint64_t e, const std::string& args) {
        event("\"ph\":\"B\",\"pid\":1,\"tid\":" + std::to_string(tid) + ",\"ts\":" + ts(b) +
              ",\"name\":" + str(name) + ",\"args\":{" + args + "}");
        event("\"ph\":\"E\",\"pid\":1,\"tid\":" + std::to_string(tid) + ",\"ts\":" + ts(e));
    }

  private:
    std::ostream& o_;
    double mhz_;
    bool first_ = true;
};

std::string hex32(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%08x", v);
    return b;
}

std::string num(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

} // namespace

void write_trace(std::ostream& out, const Collector& c, const std::string& program) {
    const EnergyModel& m = c.energy();
    Writer w(out, m.clock_mhz());
    out << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[";
    w.meta("process_name", 0, "codemorph " + program);
    w.meta("thread_name", kPhases, "CMS phases");
    w.meta("thread_name", kRegions, "regions (translated code)");
    w.meta("thread_name", kEvents, "CMS events");

    for (const Slice& s : c.slices()) {
        std::string args = "\"cycles\":" + std::to_string(s.end - s.begin) +
                           ",\"guest_insns\":" + std::to_string(s.guest_insns);
        if (s.entry) args += ",\"region\":" + Writer::str(hex32(s.entry));
        if (s.unrecorded)
            w.slice(kPhases, "not recorded (trace slice cap reached)", s.begin, s.end, args);
        else
            w.slice(kPhases, phase_name(s.phase), s.begin, s.end, args);
    }
    // Translated stretches on their own track, consecutive ones of the same
    // region merged (the phase track already shows where they start and end).
    const Slice* open = nullptr;
    uint64_t open_end = 0, open_insns = 0;
    auto flush = [&] {
        if (!open) return;
        w.slice(kRegions, "region " + hex32(open->entry), open->begin, open_end,
                "\"guest_insns\":" + std::to_string(open_insns) +
                    ",\"cycles\":" + std::to_string(open_end - open->begin));
        open = nullptr;
    };
    for (const Slice& s : c.slices()) {
        if (s.unrecorded || s.phase != Phase::Translated) {
            flush();
            continue;
        }
        if (open && open->entry == s.entry && open_end == s.begin) {
            open_end = s.end;
            open_insns += s.guest_insns;
            continue;
        }
        flush();
        open = &s;
        open_end = s.end;
        open_insns = s.guest_insns;
    }
    flush();

    for (const InstantEvent& i : c.instants()) {
        const char* name = i.kind == Instant::Rollback ? "rollback" : "retranslate";
        w.event(std::string("\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":") +
                std::to_string(kEvents) + ",\"ts\":" + w.ts(i.cycle) + ",\"name\":\"" + name +
                "\",\"args\":{\"region\":" + Writer::str(hex32(i.entry)) +
                ",\"detail\":" + Writer::str(i.detail) + "}");
    }

    // Counter tracks: each value holds over the interval that starts at its ts.
    SeriesPoint prev{0, 0, 0, 0, 0};
    auto counter = [&](uint64_t at, double mw, double ipc) {
        w.event("\"ph\":\"C\",\"pid\":1,\"ts\":" + w.ts(at) +
                ",\"name\":\"power_mw\",\"args\":{\"mW\":" + num(mw) + "}");
        w.event("\"ph\":\"C\",\"pid\":1,\"ts\":" + w.ts(at) +
                ",\"name\":\"guest_ipc\",\"args\":{\"ipc\":" + num(ipc) + "}");
    };
    double mw = 0, ipc = 0;
    for (const SeriesPoint& p : c.series()) {
        const uint64_t dc = p.cycle - prev.cycle;
        mw = m.power_mw(p.energy_pj - prev.energy_pj, dc);
        ipc = dc ? (p.guest_insns - prev.guest_insns) / double(dc) : 0.0;
        counter(prev.cycle, mw, ipc);
        prev = p;
    }
    if (!c.series().empty()) counter(prev.cycle, mw, ipc);

    out << "\n],\"otherData\":{\"program\":" << Writer::str(program)
        << ",\"time\":\"simulated: machine cycles at " << num(m.clock_mhz())
        << " MHz, in microseconds\",\"run_cycles\":" << c.cycles()
        << ",\"series_interval_cycles\":" << c.series_interval()
        << ",\"truncated\":" << (c.trace_truncated() ? "true" : "false") << ",\"note\":"
        << Writer::str(c.trace_truncated()
                           ? "trace capped: past the slice cap the rest of the run is one "
                             "'not recorded' slice; " +
                                 std::to_string(c.instants_dropped()) + " instants dropped"
                           : "complete")
        << "}}\n";
}

} // namespace cm::trace
