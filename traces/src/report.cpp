// The HTML report (see trace/report.hpp). The page is written in one pass:
// the header, key figures and tables as static HTML from C++, the charts as
// empty <figure>s that the inline script fills from the embedded stats JSON.
// Drawing in the browser keeps the page one small file even for long time
// series, and the embedded JSON makes the report a complete record of the run.
#include "trace/report.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace cm::trace {

namespace json = boost::json;

namespace {

const char* kStyle = R"CSS(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2329;background:#f4f5f7}
main{max-width:1080px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d5d9de;padding-bottom:4px}
.sub{color:#5b6570;margin:0 0 12px}
table{border-collapse:collapse;background:#fff;margin:6px 0}
td,th{padding:3px 10px;border-bottom:1px solid #eceef1;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 12px;min-width:150px}
.card .v{font-size:20px;font-weight:600}.card .k{color:#5b6570;font-size:12px}
.charts{display:grid;grid-template-columns:1fr;gap:14px}
figure.chart{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:0;padding:10px 12px}
figure.chart figcaption{font-weight:600;margin-bottom:2px}
figure.chart .what{color:#5b6570;font-size:12px;margin:0 0 4px}
figure.chart svg{width:100%;height:auto;display:block}
figure.chart .msg{color:#8a4b00;font-style:italic}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .axis{stroke:#777}svg .grid{stroke:#e6e8eb}
svg .t{font-size:12px;fill:#222}
details{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:6px 0;padding:4px 10px}
summary{cursor:pointer;font-weight:600}
pre{background:#f7f8fa;border:1px solid #e4e7ea;padding:6px 8px;overflow:auto;font:12px/1.35 ui-monospace,Menlo,Consolas,monospace}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.foot{color:#7a838c;font-size:12px;margin-top:30px}
)CSS";

// Draws every chart from the embedded stats. Each chart is drawn inside its
// own try block: one bad part of the document marks only its chart with
// data-error. Marks (points, bars) carry class "mark" and are counted in
// data-drawn.
const char* kScript = R"JS(
(function () {
"use strict";
var NS = "http://www.w3.org/2000/svg";
var S = JSON.parse(document.getElementById("cm-stats").textContent);
var W = 760, PAL = ["#2f6fb0", "#d0632b", "#3c9a5f", "#8e5bb5", "#c2a12f", "#5a6b7c", "#c2415d", "#2aa3a3"];

function el(tag, attrs, parent, text) {
  var e = document.createElementNS(NS, tag);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
function num(v, what) {
  if (typeof v !== "number" || !isFinite(v)) throw new Error(what + " is not a number: " + JSON.stringify(v));
  return v;
}
function obj(v, what) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error(what + " is not an object");
  return v;
}
// 3 significant digits with k/M/G, so axis labels stay short.
function si(v) {
  var a = Math.abs(v), u = ["", " k", " M", " G", " T"], i = 0;
  while (a >= 1000 && i < u.length - 1) { a /= 1000; v /= 1000; i++; }
  if (a === 0) return "0";
  var s = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
  return s.replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1") + u[i];
}
function energy(pj) {
  var u = ["pJ", "nJ", "\u00b5J", "mJ", "J"], i = 0, a = Math.abs(pj);
  if (a === 0) return "0 pJ";
  while (a >= 1000 && i < u.length - 1) { a /= 1000; pj /= 1000; i++; }
  return (a >= 100 ? pj.toFixed(0) : a >= 10 ? pj.toFixed(1) : pj.toFixed(2)) + " " + u[i];
}
function pct(x) { return (100 * x).toFixed(x < 0.001 && x > 0 ? 3 : 1) + "%"; }
function ticks(lo, hi, n) {
  if (hi <= lo) hi = lo + 1;
  var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / n))), r = (hi - lo) / n / step;
  step *= r > 5 ? 10 : r > 2 ? 5 : r > 1 ? 2 : 1;
  var t = [];
  for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) t.push(v);
  return t;
}
function fig(name) {
  var f = document.getElementById("chart-" + name);
  if (!f) throw new Error("no figure chart-" + name);
  return f;
}
function empty(f, why) {
  var p = document.createElement("p");
  p.className = "msg";
  p.textContent = "No data: " + why;
  f.appendChild(p);
  f.setAttribute("data-empty", why);
  f.setAttribute("data-drawn", "0");
}
function legend(svg, x, y, items) {
  items.forEach(function (it, i) {
    el("rect", {x: x, y: y + i * 16 - 9, width: 12, height: 10, fill: it.color}, svg);
    el("text", {x: x + 17, y: y + i * 16}, svg, it.text);
  });
}

// Line chart of ys over xs with axes, grid, axis titles and a legend.
function line(f, xs, ys, o) {
  var H = 290, L = 70, R = 20, T = 34, B = 46, pw = W - L - R, ph = H - T - B;
  var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": o.title}, f);
  var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
  var y1 = Math.max.apply(null, ys), y0 = Math.min(0, Math.min.apply(null, ys));
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  var yt = ticks(y0, y1 * 1.05, 5), xt = ticks(x0, x1, 6);
  y1 = Math.max(y1, yt[yt.length - 1]);
  var sx = function (v) { return L + (v - x0) / (x1 - x0) * pw; };
  var sy = function (v) { return T + ph - (v - y0) / (y1 - y0) * ph; };
  yt.forEach(function (v) {
    el("line", {x1: L, x2: L + pw, y1: sy(v), y2: sy(v), "class": "grid"}, svg);
    el("text", {x: L - 6, y: sy(v) + 4, "text-anchor": "end"}, svg, si(v));
  });
  xt.forEach(function (v) {
    if (v < x0 || v > x1) return;
    el("line", {x1: sx(v), x2: sx(v), y1: T + ph, y2: T + ph + 4, "class": "axis"}, svg);
    el("text", {x: sx(v), y: T + ph + 16, "text-anchor": "middle"}, svg, si(v));
  });
  el("line", {x1: L, x2: L + pw, y1: T + ph, y2: T + ph, "class": "axis"}, svg);
  el("line", {x1: L, x2: L, y1: T, y2: T + ph, "class": "axis"}, svg);
  el("text", {x: L + pw / 2, y: H - 6, "text-anchor": "middle", "class": "t"}, svg, o.xlabel);
  el("text", {x: 14, y: T + ph / 2, "text-anchor": "middle", "class": "t",
              transform: "rotate(-90 14 " + (T + ph / 2) + ")"}, svg, o.ylabel);
  var d = "";
  for (var i = 0; i < xs.length; i++) d += (i ? "L" : "M") + sx(xs[i]).toFixed(1) + " " + sy(ys[i]).toFixed(1);
  el("path", {d: d, fill: "none", stroke: o.color, "stroke-width": 1.6}, svg);
  var r = xs.length > 300 ? 1 : 2.5;
  for (i = 0; i < xs.length; i++) {
    var c = el("circle", {cx: sx(xs[i]).toFixed(1), cy: sy(ys[i]).toFixed(1), r: r, fill: o.color, "class": "mark"}, svg);
    el("title", {}, c, o.xlabel + ": " + si(xs[i]) + ", " + o.ylabel + ": " + ys[i].toPrecision(4));
  }
  legend(svg, L, 16, [{color: o.color, text: o.legend}]);
  return xs.length;
}

// Horizontal bars, largest first, each with its value and share of the total.
function bars(f, items, o) {
  items.sort(function (a, b) { return b.value - a.value; });
  var total = items.reduce(function (s, it) { return s + it.value; }, 0);
  var rowH = 22, L = 190, R = 230, T = 8, B = 44, H = T + B + rowH * items.length, pw = W - L - R;
  var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": o.title}, f);
  var max = Math.max.apply(null, items.map(function (it) { return it.value; }).concat([0]));
  // The axis ends at the first tick at or beyond the longest bar.
  var xt = ticks(0, max > 0 ? max : 1, 5);
  if (xt.length > 1 && xt[xt.length - 1] < max) xt.push(xt[xt.length - 1] + (xt[1] - xt[0]));
  var top = xt[xt.length - 1];
  var sx = function (v) { return L + v / top * pw; };
  xt.forEach(function (v) {
    el("line", {x1: sx(v), x2: sx(v), y1: T, y2: T + rowH * items.length, "class": "grid"}, svg);
    el("text", {x: sx(v), y: T + rowH * items.length + 14, "text-anchor": "middle"}, svg, o.tick(v));
  });
  items.forEach(function (it, i) {
    var y = T + i * rowH;
    var lab = it.label.length > 28 ? it.label.slice(0, 27) + "\u2026" : it.label;
    el("text", {x: L - 8, y: y + 15, "text-anchor": "end"}, svg, lab);
    var b = el("rect", {x: L, y: y + 3, width: Math.max(0, sx(it.value) - L).toFixed(1), height: rowH - 7,
                        fill: it.color || o.color, "class": "mark"}, svg);
    el("title", {}, b, it.label + ": " + o.fmt(it.value) + (it.desc ? " \u2014 " + it.desc : ""));
    el("text", {x: sx(it.value) + 6, y: y + 15}, svg,
       o.fmt(it.value) + (o.share && total > 0 ? "  (" + pct(it.value / total) + ")" : ""));
  });
  el("line", {x1: L, x2: L, y1: T, y2: T + rowH * items.length, "class": "axis"}, svg);
  el("text", {x: L + pw / 2, y: H - 6, "text-anchor": "middle", "class": "t"}, svg, o.xlabel);
  if (o.legend) legend(svg, 10, H - 10, [{color: o.color, text: o.legend}]);
  return items.length;
}

function fromMap(m, what, valueOf) {
  obj(m, what);
  return Object.keys(m).map(function (k) {
    return {label: k, value: num(valueOf ? valueOf(m[k], k) : m[k], what + "." + k)};
  });
}

var run = S.run || {}, E = S.energy || {}, mhz = run.clock_mhz;
var draw = {
  power: function (f) { return series(f, "power_mw", "average power (mW)", "power in each interval", PAL[1]); },
  ipc: function (f) { return series(f, "ipc", "guest instructions per cycle", "guest IPC in each interval", PAL[0]); },
  cycles: function (f) {
    var it = fromMap(S.cycles_by_phase, "cycles_by_phase");
    if (!it.length) return empty(f, "no cycles_by_phase");
    return bars(f, it, {title: "cycles by phase", color: PAL[0], share: true, fmt: function (v) { return si(v) + " cycles"; },
                        tick: si, xlabel: "machine cycles", legend: "cycles spent in the phase (total " + si(run.cycles || 0) + ")"});
  },
  stalls: function (f) {
    var d = obj(S.derived || {}, "derived"), it = [];
    Object.keys(d).forEach(function (k) {
      var m = /^stall\.(.+)_share$/.exec(k);
      if (m) it.push({label: m[1].replace(/_/g, " "), value: num(obj(d[k], "derived." + k).value, "derived." + k + ".value"),
                      desc: d[k].desc});
    });
    if (!it.length) return empty(f, "no stall figures in derived");
    return bars(f, it, {title: "stall causes", color: PAL[6], fmt: pct, tick: pct,
                        xlabel: "share of machine cycles lost to the cause (%)", legend: "stall share"});
  },
  energy_block: function (f) {
    var it = fromMap(E.by_block, "energy.by_block");
    if (typeof E.leakage_pj === "number") it.push({label: "leakage (all blocks)", value: num(E.leakage_pj, "energy.leakage_pj"), color: PAL[5]});
    if (!it.length) return empty(f, "no energy.by_block");
    return bars(f, it, {title: "energy by block", color: PAL[2], share: true, fmt: energy, tick: energy,
                        xlabel: "energy (dynamic per block; leakage separately)", legend: "energy (total " + energy(E.total_pj || 0) + ")"});
  },
  energy_phase: function (f) {
    var it = fromMap(E.by_cms_phase, "energy.by_cms_phase");
    if (!it.length) return empty(f, "no energy.by_cms_phase");
    return bars(f, it, {title: "energy by CMS phase", color: PAL[3], share: true, fmt: energy, tick: energy,
                        xlabel: "energy", legend: "energy spent in the phase"});
  },
  energy_event: function (f) {
    var it = fromMap(E.by_event, "energy.by_event", function (v, k) { return obj(v, "energy.by_event." + k).pj; });
    if (!it.length) return empty(f, "no energy.by_event");
    return bars(f, it, {title: "energy by event class", color: PAL[4], share: true, fmt: energy, tick: energy,
                        xlabel: "energy (count \u00d7 energy per event)", legend: "dynamic energy of the event class"});
  },
  regions: function (f) {
    var r = S.regions;
    if (!Array.isArray(r)) throw new Error("regions is not an array");
    if (!r.length) return empty(f, "no translated regions (interpreter mode, or nothing got hot)");
    var it = r.map(function (g, i) {
      obj(g, "regions[" + i + "]");
      return {label: "#" + (i + 1) + " " + String(g.entry), value: num(g.cycles, "regions[" + i + "].cycles"),
              desc: si(num(g.guest_insns, "regions[" + i + "].guest_insns")) + " guest instructions, " +
                    si(num(g.executions, "regions[" + i + "].executions")) + " executions"};
    });
    return bars(f, it, {title: "hottest regions", color: PAL[7], share: false, fmt: function (v) { return si(v) + " cycles"; },
                        tick: si, xlabel: "machine cycles in the region", legend: "cycles in translated region"});
  }
};

function series(f, col, ylabel, leg, color) {
  var s = obj(S.series || {}, "series");
  var cols = s.columns, rows = s.rows;
  if (!Array.isArray(rows) || !rows.length) return empty(f, "no time series (run with --stats FILE --stats-interval N)");
  if (!Array.isArray(cols)) throw new Error("series.columns is not an array");
  var cx = cols.indexOf("cycle"), cy = cols.indexOf(col);
  if (cx < 0 || cy < 0) throw new Error("series has no column cycle or " + col);
  var xs = [], ys = [], scale = typeof mhz === "number" && mhz > 0 ? 1 / (mhz * 1000) : 1;
  rows.forEach(function (row, i) {
    if (!Array.isArray(row) || row.length !== cols.length) throw new Error("series.rows[" + i + "] has the wrong length");
    xs.push(num(row[cx], "series.rows[" + i + "].cycle") * scale);
    ys.push(num(row[cy], "series.rows[" + i + "]." + col));
  });
  return line(f, xs, ys, {title: leg, color: color, legend: leg,
                          xlabel: scale === 1 ? "machine cycles" : "modelled time (ms at " + mhz + " MHz)", ylabel: ylabel});
}

Object.keys(draw).forEach(function (name) {
  var f = document.getElementById("chart-" + name);
  if (!f) return;
  try {
    var n = draw[name](f);
    if (typeof n === "number") f.setAttribute("data-drawn", String(n));
  } catch (e) {
    f.setAttribute("data-error", String(e && e.message || e));
    var p = document.createElement("p");
    p.className = "msg";
    p.textContent = "Chart not drawn: " + (e && e.message || e);
    f.appendChild(p);
  }
});
})();
)JS";

struct ChartSpec {
    const char* name;
    const char* title;
    const char* what;
};

const ChartSpec kCharts[] = {
    {"power", "Power over time",
     "Average power of the modelled machine in each sampling interval (dynamic + leakage)."},
    {"ipc", "Guest IPC over time",
     "Guest IA-32 instructions retired per machine cycle in each sampling interval."},
    {"cycles", "Where the cycles went: CMS phases",
     "Machine cycles by what the machine was doing: running translations, or CMS work charged for "
     "interpreting, translating, looking up and rolling back."},
    {"stalls", "Stall causes", "Share of machine cycles lost to each stall cause."},
    {"energy_block", "Where the energy went: blocks",
     "Dynamic energy per hardware block, and leakage."},
    {"energy_phase", "Where the energy went: CMS phases",
     "Energy by CMS phase, including translated execution."},
    {"energy_event", "Energy by event class",
     "Dynamic energy per event class: count times energy per event."},
    {"regions", "Hottest regions",
     "Machine cycles spent in the hottest translated regions (code below)."},
};

const json::value* find(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    return it == o.end() ? nullptr : &it->value();
}

const json::object* find_obj(const json::object& o, std::string_view k) {
    const json::value* v = find(o, k);
    return v && v->is_object() ? &v->as_object() : nullptr;
}

bool as_number(const json::value* v, double& out) {
    if (!v) return false;
    if (v->is_double())
        out = v->as_double();
    else if (v->is_int64())
        out = double(v->as_int64());
    else if (v->is_uint64())
        out = double(v->as_uint64());
    else
        return false;
    return true;
}

/// Integers with thousands separators, other numbers with 4 significant digits.
std::string readable(double v) {
    char b[64];
    if (std::fabs(v) < 1e15 && v == std::floor(v)) {
        std::snprintf(b, sizeof b, "%.0f", std::fabs(v));
        std::string digits = b, s;
        for (size_t i = 0; i < digits.size(); ++i) {
            if (i && (digits.size() - i) % 3 == 0) s += ',';
            s += digits[i];
        }
        if (v < 0) s.insert(s.begin(), '-');
        return s;
    }
    std::snprintf(b, sizeof b, "%.4g", v);
    return b;
}

std::string energy_text(double pj) {
    const char* units[] = {"pJ", "nJ", "\xC2\xB5J", "mJ", "J"};
    int i = 0;
    while (std::fabs(pj) >= 1000 && i < 4)
        pj /= 1000, ++i;
    char b[64];
    std::snprintf(b, sizeof b, "%.4g %s", pj, units[i]);
    return b;
}

std::string value_text(const json::value& v) {
    double d;
    if (as_number(&v, d)) return readable(d);
    if (v.is_string()) return std::string(v.as_string());
    return json::serialize(v);
}

/// The stats JSON, safe inside <script>: '<', '>' and '&' only occur inside
/// JSON strings, where \u escapes mean the same characters, so "</script>"
/// in a program name or disassembly cannot end the element. U+2028/2029 are
/// escaped for old JavaScript parsers.
std::string embeddable_json(const json::object& stats) {
    std::string s = json::serialize(stats), out;
    out.reserve(s.size() + s.size() / 16);
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' &&
                 (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
            out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else
            out += c;
    }
    return out;
}

void row(std::ostream& o, std::string_view k, const std::string& v) {
    o << "<tr><th>" << html_escape(k) << "</th><td>" << html_escape(v) << "</td></tr>\n";
}

void card(std::ostream& o, const std::string& value, std::string_view label,
          std::string_view desc) {
    o << "<div class=\"card\" title=\"" << html_escape(desc) << "\"><div class=\"v\">"
      << html_escape(value) << "</div><div class=\"k\">" << html_escape(label) << "</div></div>\n";
}

void write_header(std::ostream& o, const json::object& s) {
    const json::object empty;
    const json::object& run = find_obj(s, "run") ? *find_obj(s, "run") : empty;
    std::string program =
        find(run, "program") ? value_text(*find(run, "program")) : "(unknown program)";
    o << "<h1>Codemorph run report: " << html_escape(program) << "</h1>\n";
    o << "<p class=\"sub\">" << html_escape(find(s, "schema") ? value_text(*find(s, "schema")) : "")
      << "</p>\n";

    o << "<h2>Run</h2>\n<table>\n";
    std::string args;
    if (const json::value* a = find(run, "args"); a && a->is_array())
        for (const json::value& x : a->as_array()) {
            if (!args.empty()) args += ' ';
            args += value_text(x);
        }
    row(o, "program", program);
    row(o, "arguments", args);
    for (const char* k : {"mode", "preset", "exit_status", "guest_instructions", "cycles",
                          "clock_mhz", "host_seconds"})
        if (const json::value* v = find(run, k)) row(o, k, value_text(*v));
    double cyc, mhz, insns, secs;
    if (as_number(find(run, "cycles"), cyc) && as_number(find(run, "clock_mhz"), mhz) && mhz > 0)
        row(o, "modelled time", readable(cyc / mhz / 1000.0) + " ms at " + readable(mhz) + " MHz");
    if (as_number(find(run, "guest_instructions"), insns) &&
        as_number(find(run, "host_seconds"), secs) && secs > 0)
        row(o, "simulation speed", readable(insns / secs / 1e6) + " guest MIPS (host)");
    o << "</table>\n";

    o << "<h2>Key figures</h2>\n<div class=\"cards\">\n";
    const json::object* e = find_obj(s, "energy");
    double v;
    if (e) {
        if (as_number(find(*e, "total_pj"), v))
            card(o, energy_text(v), "total energy", "dynamic + leakage");
        if (as_number(find(*e, "avg_power_mw"), v))
            card(o, readable(v) + " mW", "average power", "total energy / modelled time");
        if (as_number(find(*e, "pj_per_guest_insn"), v))
            card(o, readable(v) + " pJ", "energy per guest instruction", "");
        double leak, tot;
        if (as_number(find(*e, "leakage_pj"), leak) && as_number(find(*e, "total_pj"), tot) &&
            tot > 0)
            card(o, readable(100 * leak / tot) + " %", "leakage share of energy",
                 "leakage_pj / total_pj");
    }
    if (const json::object* d = find_obj(s, "derived"))
        for (const char* k : {"guest_ipc", "translated_share", "atoms_per_molecule",
                              "slot_utilisation", "rollback_rate", "molecules_per_guest_insn"})
            if (const json::object* f = find_obj(*d, k); f && as_number(find(*f, "value"), v)) {
                std::string unit = find(*f, "unit") ? value_text(*find(*f, "unit")) : "";
                std::string desc = find(*f, "desc") ? value_text(*find(*f, "desc")) : "";
                // Ratios read better as percentages.
                std::string text =
                    unit == "ratio" ? readable(std::round(v * 1e4) / 100) + " %" : readable(v);
                if (!unit.empty() && unit != "ratio") text += ' ' + unit;
                card(o, text, k, desc);
            }
    o << "</div>\n";
}

void write_regions(std::ostream& o, const json::object& s) {
    const json::value* r = find(s, "regions");
    if (!r || !r->is_array() || r->as_array().empty()) return;
    o << "<h2>Hottest regions: guest code and molecules</h2>\n";
    unsigned i = 0;
    for (const json::value& g : r->as_array()) {
        if (!g.is_object()) continue;
        const json::object& go = g.as_object();
        auto field = [&](const char* k) {
            return find(go, k) ? value_text(*find(go, k)) : std::string("?");
        };
        ++i;
        o << "<details" << (i == 1 ? " open" : "") << "><summary>#" << i << " entry "
          << html_escape(field("entry")) << ": " << html_escape(field("cycles")) << " cycles, "
          << html_escape(field("executions")) << " executions, "
          << html_escape(field("guest_insns")) << " guest instructions";
        double pj;
        if (as_number(find(go, "energy_pj"), pj)) o << ", " << html_escape(energy_text(pj));
        o << "</summary>\n<div class=\"cols\"><div>guest code (IA-32)<pre>"
          << html_escape(field("guest_code")) << "</pre></div><div>molecules (VLIW)<pre>"
          << html_escape(field("molecules")) << "</pre></div></div></details>\n";
    }
}

/// name/value/unit/description tables for "derived" and each counter block.
void write_figure_table(std::ostream& o, const json::object& figs) {
    o << "<table><tr><th>name</th><th>value</th><th>unit</th><th>description</th></tr>\n";
    for (const auto& kv : figs) {
        o << "<tr><td>" << html_escape(kv.key()) << "</td>";
        if (kv.value().is_object()) {
            const json::object& f = kv.value().as_object();
            auto get = [&](const char* k) {
                return find(f, k) ? value_text(*find(f, k)) : std::string();
            };
            o << "<td class=\"n\">" << html_escape(get("value")) << "</td><td>"
              << html_escape(get("unit")) << "</td><td>" << html_escape(get("desc")) << "</td>";
        } else {
            o << "<td class=\"n\">" << html_escape(value_text(kv.value()))
              << "</td><td></td><td></td>";
        }
        o << "</tr>\n";
    }
    o << "</table>\n";
}

void write_tables(std::ostream& o, const json::object& s) {
    o << "<h2>All figures</h2>\n";
    if (const json::object* d = find_obj(s, "derived")) {
        o << "<details open><summary>derived figures</summary>\n";
        write_figure_table(o, *d);
        o << "</details>\n";
    }
    if (const json::object* e = find_obj(s, "energy"); e && find_obj(*e, "by_event")) {
        o << "<details><summary>energy by event class</summary>\n<table><tr><th>event "
             "class</th><th>count</th>"
             "<th>energy each</th><th>energy</th></tr>\n";
        for (const auto& kv : *find_obj(*e, "by_event")) {
            if (!kv.value().is_object()) continue;
            const json::object& f = kv.value().as_object();
            double c = 0, each = 0, pj = 0;
            as_number(find(f, "count"), c), as_number(find(f, "pj_each"), each),
                as_number(find(f, "pj"), pj);
            o << "<tr><td>" << html_escape(kv.key()) << "</td><td class=\"n\">" << readable(c)
              << "</td><td class=\"n\">" << readable(each) << " pJ</td><td class=\"n\">"
              << html_escape(energy_text(pj)) << "</td></tr>\n";
        }
        o << "</table></details>\n";
    }
    if (const json::object* c = find_obj(s, "counters"))
        for (const auto& kv : *c)
            if (kv.value().is_object()) {
                o << "<details><summary>counters: " << html_escape(kv.key()) << "</summary>\n";
                write_figure_table(o, kv.value().as_object());
                o << "</details>\n";
            }
    if (const json::object* c = find_obj(s, "config")) {
        o << "<details><summary>effective configuration (" << c->size()
          << " parameters)</summary>\n<table>\n";
        for (const auto& kv : *c)
            o << "<tr><td>" << html_escape(kv.key()) << "</td><td>"
              << html_escape(value_text(kv.value())) << "</td></tr>\n";
        o << "</table></details>\n";
    }
}

} // namespace

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

const std::vector<std::string>& report_chart_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const ChartSpec& c : kCharts)
            v.push_back(c.name);
        return v;
    }();
    return names;
}

void write_report(std::ostream& o, const json::object& s) {
    std::string program = "run";
    if (const json::object* run = find_obj(s, "run"); run && find(*run, "program"))
        program = value_text(*find(*run, "program"));
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>Codemorph report: "
      << html_escape(program) << "</title>\n<style>" << kStyle << "</style></head>\n<body><main>\n";
    write_header(o, s);
    o << "<h2>Charts</h2>\n<noscript><p>The charts need JavaScript; the tables below do "
         "not.</p></noscript>\n"
         "<div class=\"charts\">\n";
    for (const ChartSpec& c : kCharts)
        o << "<figure class=\"chart\" id=\"chart-" << c.name << "\"><figcaption>"
          << html_escape(c.title) << "</figcaption><p class=\"what\">" << html_escape(c.what)
          << "</p></figure>\n";
    o << "</div>\n";
    write_regions(o, s);
    write_tables(o, s);
    o << "<p class=\"foot\">Written by codemorph. The complete stats document is embedded in this "
         "page "
         "(script#cm-stats, JSON).</p>\n</main>\n"
         "<script type=\"application/json\" id=\"cm-stats\">"
      << embeddable_json(s) << "</script>\n<script>" << kScript << "</script>\n</body></html>\n";
}

} // namespace cm::trace
