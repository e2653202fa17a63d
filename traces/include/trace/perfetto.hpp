// Chrome/Perfetto trace-event JSON (loadable in ui.perfetto.dev and
// chrome://tracing). Time is simulated time: machine cycles at vliw.clock_mhz,
// written in microseconds. Tracks (threads of one process):
//   1 "CMS phases"  consecutive B/E slices tiling the run (interpret,
//                   translate, retranslate, lookup, rollback, translated)
//   2 "regions"     a slice per stretch of translated code, named by region
//   3 "CMS events"  instants: rollbacks (with cause), retranslations
// and counter tracks ("ph":"C") power_mw and guest_ipc from the time series.
#pragma once

#include <iosfwd>
#include <string>

namespace cm::trace {

class Collector;

/// Writes the trace of a finished run (Collector::finish called).
void write_trace(std::ostream& out, const Collector& c, const std::string& program);

} // namespace cm::trace
