// The HTML run report: one self-contained page (inline CSS and JavaScript,
// no network) that a person reads instead of the stats JSON. It embeds the
// stats document and draws its charts from it in the browser as inline SVG:
// power and IPC over time ("series"), where cycles went (cycles_by_phase,
// stall causes), where energy went (by block, by CMS phase) and the hottest
// regions with their guest code and molecules. The run header and the key
// derived figures are written as plain HTML so they read without scripts.
//
// Every chart is a <figure class="chart" id="chart-NAME">; once drawn it
// carries data-drawn="N" (N marks: points or bars; 0 with data-empty="why"
// when the document has no data for it). A chart whose data is malformed
// gets data-error="message" and no data-drawn, so a test that loads the page
// in a browser can tell that every chart drew.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace boost::json {
class object;
}

namespace cm::trace {

/// Writes the report for a stats document (schema "codemorph-stats-1", see
/// stats.hpp). Missing optional parts (no series, no regions) give charts
/// marked empty, not errors.
void write_report(std::ostream& out, const boost::json::object& stats);

/// The ids of the charts write_report emits (without the "chart-" prefix),
/// in page order.
const std::vector<std::string>& report_chart_names();

/// Text made safe inside HTML element content and attribute values
/// (& < > " ' escaped).
std::string html_escape(std::string_view s);

} // namespace cm::trace
