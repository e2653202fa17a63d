// The HTML report without a browser: every chart container is there, the
// embedded stats JSON round-trips exactly, and text from the document cannot
// break out of its element (</script>, HTML special characters).
#include "report_synth.hpp"
#include "trace/report.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <sstream>

namespace json = boost::json;

namespace {

std::string report_of(const json::object& s) {
    std::ostringstream o;
    cm::trace::write_report(o, s);
    return o.str();
}

size_t count(const std::string& h, const std::string& needle) {
    size_t n = 0;
    for (size_t p = h.find(needle); p != std::string::npos; p = h.find(needle, p + 1))
        ++n;
    return n;
}

std::string embedded_json(const std::string& h) {
    const std::string open = "<script type=\"application/json\" id=\"cm-stats\">";
    size_t a = h.find(open);
    REQUIRE(a != std::string::npos);
    a += open.size();
    size_t b = h.find("</script>", a);
    REQUIRE(b != std::string::npos);
    return h.substr(a, b - a);
}

} // namespace

TEST_CASE("report: every chart has one container", "[trace][report]") {
    std::string h = report_of(cm::test::synthetic_stats());
    REQUIRE(cm::trace::report_chart_names().size() == 8);
    for (const std::string& name : cm::trace::report_chart_names()) {
        INFO(name);
        CHECK(count(h, "<figure class=\"chart\" id=\"chart-" + name + "\">") == 1);
    }
    CHECK(h.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(h.find("</html>") != std::string::npos);
}

TEST_CASE("report: embedded stats JSON round-trips", "[trace][report]") {
    json::object s = cm::test::synthetic_stats();
    // Separators and every character that needs care inside <script>.
    s["run"].as_object()["program"] = "a</script>b<!--c-->&d\xE2\x80\xA8"
                                      "e\xE2\x80\xA9"
                                      "f\"g\\h";
    std::string h = report_of(s);
    std::string text = embedded_json(h);
    CHECK(text.find('<') == std::string::npos);
    CHECK(text.find('>') == std::string::npos);
    CHECK(text.find("\xE2\x80\xA8") == std::string::npos);
    // Boost.JSON 1.81 may parse a double's last digit differently from the
    // value serialised, so compare with the plain serialisation parsed alike.
    json::value back = json::parse(text);
    CHECK(back == json::parse(json::serialize(s)));
    CHECK(back.at("run").at("program") == s["run"].at("program"));
}

TEST_CASE("report: text is escaped and cannot end the script", "[trace][report]") {
    json::object s = cm::test::synthetic_stats();
    std::string h = report_of(s);
    // Exactly the two script elements the page has, plus no stray tags.
    CHECK(count(h, "</script>") == 2);
    CHECK(count(h, "<script") == 2);
    CHECK(h.find("<b>evil") == std::string::npos);
    CHECK(
        h.find("&lt;/script&gt;&lt;b&gt;evil&lt;/b&gt; &amp; &quot;quoted&quot; &#39;prog&#39;") !=
        std::string::npos);
    // Region code is shown, escaped, in <pre>.
    CHECK(h.find("<pre>0x0804a000  cmp eax, 0x10 ; a&lt;b &amp;&amp; c&gt;d") != std::string::npos);
    CHECK(h.find("{ br.lt 0xc0000000 ; commit }</pre>") != std::string::npos);
    CHECK(cm::trace::html_escape("<a href=\"x\">'&'</a>") ==
          "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("report: header has the run and readable key figures", "[trace][report]") {
    std::string h = report_of(cm::test::synthetic_stats());
    CHECK(h.find("<th>guest_instructions</th><td>1,234,567</td>") != std::string::npos);
    CHECK(h.find("<th>cycles</th><td>2,000,000</td>") != std::string::npos);
    CHECK(h.find("<th>modelled time</th><td>2.999 ms at 667 MHz</td>") != std::string::npos);
    CHECK(h.find("<div class=\"v\">300 \xC2\xB5J</div><div class=\"k\">total energy</div>") !=
          std::string::npos);
    CHECK(h.find("<div class=\"v\">98.76 mW</div><div class=\"k\">average power</div>") !=
          std::string::npos);
    CHECK(h.find("<div class=\"k\">guest_ipc</div>") != std::string::npos);
    CHECK(h.find("<td>vliw.alias_registers</td><td>8</td>") != std::string::npos);
    // No network: nothing is loaded from elsewhere.
    CHECK(h.find("http://") == h.find("http://www.w3.org/2000/svg"));
    CHECK(h.find("https://") == std::string::npos);
    CHECK(h.find(" src=") == std::string::npos);
}

TEST_CASE("report: a document without series or regions still has every chart", "[trace][report]") {
    json::object s = cm::test::synthetic_stats(0);
    s["regions"] = json::array();
    s["run"].as_object()["mode"] = "interp";
    std::string h = report_of(s);
    for (const std::string& name : cm::trace::report_chart_names())
        CHECK(count(h, "id=\"chart-" + name + "\"") == 1);
    CHECK(h.find("Hottest regions: guest code") == std::string::npos);
    CHECK(json::parse(embedded_json(h)) == json::parse(json::serialize(s)));
}
