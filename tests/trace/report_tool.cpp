// Helper for the report tests:
//   report_tool synth OUT.json [--broken-power] [--rows N]   synthetic stats document
//   report_tool html STATS.json OUT.html                       write_report
//   report_tool check DOM.html STATS.json                      did every chart draw?
// `check` reads the DOM a browser produced (chromium --dump-dom) and, for
// every chart, compares its data-drawn marker and the number of mark
// elements inside it with the count the stats document calls for (worked
// out here, independently of the page's script; a chart with nothing to
// draw must say why in data-empty). Exit 0 when all agree,
// 1 otherwise (one line per chart either way).
#include "report_synth.hpp"
#include "trace/report.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>

namespace json = boost::json;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " + path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

size_t size_of(const json::object& o, const char* k) {
    auto it = o.find(k);
    if (it == o.end()) return 0;
    if (it->value().is_object()) return it->value().as_object().size();
    if (it->value().is_array()) return it->value().as_array().size();
    return 0;
}

/// Marks each chart must show for this document (see report.cpp's script).
long expected_marks(const json::object& s, const std::string& chart) {
    const json::object none;
    auto sub = [&](const json::object& o, const char* k) -> const json::object& {
        auto it = o.find(k);
        return it != o.end() && it->value().is_object() ? it->value().as_object() : none;
    };
    if (chart == "power" || chart == "ipc") return long(size_of(sub(s, "series"), "rows"));
    if (chart == "cycles") return long(size_of(s, "cycles_by_phase"));
    if (chart == "stalls") {
        long n = 0;
        for (const auto& kv : sub(s, "derived"))
            if (std::regex_match(std::string(kv.key()), std::regex("stall\\..+_share"))) ++n;
        return n;
    }
    const json::object& e = sub(s, "energy");
    if (chart == "energy_block")
        return long(size_of(e, "by_block")) + (e.contains("leakage_pj") ? 1 : 0);
    if (chart == "energy_phase") return long(size_of(e, "by_cms_phase"));
    if (chart == "energy_event") return long(size_of(e, "by_event"));
    if (chart == "regions") return long(size_of(s, "regions"));
    return -1;
}

std::string attr(const std::string& tag, const std::string& name) {
    std::smatch m;
    if (std::regex_search(tag, m, std::regex("\\s" + name + "=\"([^\"]*)\""))) return m[1];
    return "\x01"; // absent
}

int check(const std::string& dom, const json::object& stats) {
    int bad = 0;
    if (dom.find("</html>") == std::string::npos) {
        std::printf("DOM dump incomplete or empty (%zu bytes)\n", dom.size());
        return 1;
    }
    for (const std::string& name : cm::trace::report_chart_names()) {
        long want = expected_marks(stats, name);
        size_t at = dom.find("id=\"chart-" + name + "\"");
        size_t open = at == std::string::npos ? at : dom.rfind("<figure", at);
        if (open == std::string::npos) {
            std::printf("chart-%s: missing\n", name.c_str()), ++bad;
            continue;
        }
        std::string tag = dom.substr(open, dom.find('>', open) - open);
        size_t close = dom.find("</figure>", open);
        std::string body = dom.substr(open, close - open);
        long marks = 0;
        for (size_t p = body.find("class=\"mark\""); p != std::string::npos;
             p = body.find("class=\"mark\"", p + 1))
            ++marks;
        std::string drawn = attr(tag, "data-drawn"), err = attr(tag, "data-error");
        bool ok =
            drawn != "\x01" && drawn == std::to_string(want) && marks == want && err == "\x01";
        if (want == 0) ok = ok && attr(tag, "data-empty") != "\x01"; // says why it is empty
        std::printf("chart-%s: %s, data-drawn=%s, %ld marks, expected %ld%s%s\n", name.c_str(),
                    ok ? "ok" : "NOT DRAWN", drawn == "\x01" ? "(none)" : drawn.c_str(), marks,
                    want, err == "\x01" ? "" : ", error: ", err == "\x01" ? "" : err.c_str());
        bad += !ok;
    }
    return bad ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "synth" && argc >= 3) {
            bool broken = false;
            unsigned rows = 40;
            for (int i = 3; i < argc; ++i) {
                std::string a = argv[i];
                if (a == "--broken-power")
                    broken = true;
                else if (a == "--rows" && i + 1 < argc)
                    rows = unsigned(std::stoul(argv[++i]));
                else
                    throw std::runtime_error("unknown option " + a);
            }
            std::ofstream(argv[2])
                << json::serialize(cm::test::synthetic_stats(rows, broken)) << "\n";
            return 0;
        }
        if (cmd == "html" && argc == 4) {
            json::object s = json::parse(slurp(argv[2])).as_object();
            std::ofstream out(argv[3]);
            cm::trace::write_report(out, s);
            return out ? 0 : 1;
        }
        if (cmd == "check" && argc == 4)
            return check(slurp(argv[2]), json::parse(slurp(argv[3])).as_object());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "report_tool: %s\n", e.what());
        return 2;
    }
    std::fprintf(stderr, "usage: report_tool synth OUT.json [--broken-power] [--rows N] | html "
                         "STATS OUT | check DOM STATS\n");
    return 2;
}
