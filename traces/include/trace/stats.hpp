// The stats document (schema "codemorph-stats-1"): the effective
// configuration, every counter grouped by block with unit and description,
// derived figures, cycles and energy by CMS phase, the energy breakdown, a
// time series and the hottest regions. traces/README.md describes it; the
// HTML report (report.hpp) reads it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace boost::json {
class object;
class value;
} // namespace boost::json

namespace cm::trace {

class Collector;

/// What the runner knows about the run that the collector does not.
struct RunInfo {
    std::string program;
    std::vector<std::string> args;
    std::string mode; ///< "interp" or "translate"
    int exit_status = 0;
    double host_seconds = 0;
    uint64_t guest_insns = 0;
    uint64_t cycles = 0;
    /// Extra counters for the "cms" block: (name, unit, description, value).
    struct Counter {
        std::string name, unit, desc;
        uint64_t value;
    };
    std::vector<Counter> cms_counters;
    /// Extra configuration entries (CMS policy options): (key, JSON text).
    std::vector<std::pair<std::string, std::string>> config_extra;
    unsigned top_regions = 20; ///< regions listed, hottest first
};

/// Builds the stats document.
boost::json::object stats_document(const Collector& c, const RunInfo& run);

/// Writes a JSON value indented for people (2 spaces), with a final newline.
void write_json(std::ostream& out, const boost::json::value& v);

} // namespace cm::trace
