// Config: presets load, overrides apply, bad values give a ConfigError
// naming the parameter and its allowed range, printing round-trips.
#include "vliw/config.hpp"

#include <catch2/catch.hpp>

using namespace cm::vliw;

namespace {
std::string error_of(const std::string& preset, std::vector<std::string> overrides,
                     std::string* param = nullptr) {
    try {
        load_config(preset, overrides);
    } catch (const ConfigError& e) {
        if (param) *param = e.param;
        return e.what();
    }
    return "";
}
} // namespace

TEST_CASE("presets load with the DESIGN.md values", "[config]") {
    Config t = load_config("tm5800");
    CHECK(t.name == "tm5800");
    CHECK(t.vliw.molecule_atoms == 4);
    CHECK(t.vliw.alu_units == 2);
    CHECK(t.vliw.lsu_units == 1);
    CHECK(t.vliw.fpu_units == 1);
    CHECK(t.vliw.branch_units == 1);
    CHECK(t.vliw.store_buffer_entries == 32);
    CHECK(t.vliw.alias_registers == 8);
    CHECK(t.vliw.shadowed_gprs == 48);
    CHECK(t.vliw.shadowed_fprs == 16);
    CHECK(t.l1i.size_kb == 64);
    CHECK(t.l1d.size_kb == 64);
    CHECK(t.l2.size_kb == 512);

    Config e = load_config("efficeon");
    CHECK(e.name == "efficeon");
    CHECK(e.vliw.molecule_atoms == 8);
    CHECK(e.vliw.alu_units == 2);
    CHECK(e.vliw.exec_units == 2);
    CHECK(e.vliw.lsu_units == 2);
    CHECK(e.vliw.fpu_units == 2);
    CHECK(e.vliw.store_buffer_entries == 64);
    CHECK(e.vliw.alias_registers == 16);
    CHECK(e.l1i.size_kb == 128);
    CHECK(e.l1d.size_kb == 64);
    CHECK(e.l2.size_kb == 1024);

    // The defaults in params.def are the tm5800 preset.
    Config d;
    CHECK(config_to_json(d).substr(config_to_json(d).find('\n')) ==
          config_to_json(t).substr(config_to_json(t).find('\n')));
}

TEST_CASE("overrides with dotted names", "[config]") {
    Config c = load_config("tm5800", {"vliw.alias_registers=16", "vliw.store_buffer_entries=64",
                                      "vliw.l2.latency = 12", "energy.alu_pj=1.5",
                                      "cms.cycles_per_lookup=0x10"});
    CHECK(c.vliw.alias_registers == 16);
    CHECK(c.vliw.store_buffer_entries == 64);
    CHECK(c.l2.latency == 12);
    CHECK(c.energy.alu_pj == 1.5);
    CHECK(c.cms.cycles_per_lookup == 16);
    CHECK(get_param(c, "vliw.alias_registers") == "16");
}

TEST_CASE("bad values name the parameter and the allowed range", "[config]") {
    std::string param;
    std::string msg = error_of("tm5800", {"vliw.alias_registers=40"}, &param);
    CHECK(param == "vliw.alias_registers");
    CHECK(msg.find("vliw.alias_registers") != std::string::npos);
    CHECK(msg.find("0..31") != std::string::npos);

    msg = error_of("tm5800", {"vliw.alias_registers=abc"}, &param);
    CHECK(msg.find("not a number") != std::string::npos);
    msg = error_of("tm5800", {"vliw.alias_registers=2.5"}, &param);
    CHECK(msg.find("not an integer") != std::string::npos);
    msg = error_of("tm5800", {"vliw.molecule_atoms=3"}, &param);
    CHECK(param == "vliw.molecule_atoms");
    CHECK(msg.find("2, 4 and 8") != std::string::npos);
    msg = error_of("tm5800", {"vliw.alias_regs=4"}, &param);
    CHECK(msg.find("unknown parameter") != std::string::npos);
    CHECK(msg.find("vliw.alias_registers") != std::string::npos); // the suggestion
    msg = error_of("tm5800", {"vliw.l1d.line_bytes=48"}, &param);
    CHECK(param == "vliw.l1d.line_bytes");
    msg = error_of("tm5800", {"vliw.l1d.size_kb=3"}, &param);
    CHECK(param == "vliw.l1d.size_kb");
    msg = error_of("tm5800", {"novalue"}, &param);
    CHECK(msg.find("key=value") != std::string::npos);
    msg = error_of("tm9999", {}, &param);
    CHECK(msg.find("unknown preset") != std::string::npos);
    CHECK(error_of("tm5800", {"vliw.store_buffer_entries=0"}).find("1..1024") != std::string::npos);
}

TEST_CASE("JSON errors and type errors in files", "[config]") {
    Config c;
    CHECK_THROWS_AS(apply_json(c, "{ \"vliw\": { \"alu_units\": \"two\" } }"), ConfigError);
    CHECK_THROWS_AS(apply_json(c, "{ \"vliw\": { \"alu_units\": 2 "), ConfigError);
    CHECK_THROWS_AS(apply_json(c, "[1, 2]"), ConfigError);
    try {
        apply_json(c, "{ \"vliw\": { \"bogus\": 1 } }", "my.json");
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("my.json") != std::string::npos);
        CHECK(e.param == "vliw.bogus");
    }
    // Comments and trailing commas are allowed.
    apply_json(c, "{ // comment\n \"vliw\": { \"alu_units\": 3, /* x */ }, }");
    CHECK(c.vliw.alu_units == 3);
}

TEST_CASE("printing the effective config re-loads to the same config", "[config]") {
    Config c = load_config("efficeon", {"vliw.alias_registers=12", "energy.l2_access_pj=30.25"});
    for (JsonStyle style : {JsonStyle::Commented, JsonStyle::Annotated}) {
        std::string json = config_to_json(c, style);
        CHECK(json.find("\"alias_registers\"") != std::string::npos);
        CHECK(json.find("registers") != std::string::npos); // the unit
        Config back;
        apply_json(back, json);
        CHECK(config_to_json(back, style) == json);
        CHECK(back.vliw.alias_registers == 12);
        CHECK(back.energy.l2_access_pj == 30.25);
    }
    // Every declared parameter is printed, with its unit.
    std::string json = config_to_json(c, JsonStyle::Annotated);
    for (const ParamInfo& p : param_table()) {
        std::string leaf(p.key.substr(p.key.rfind('.') + 1));
        CHECK(json.find("\"" + leaf + "\"") != std::string::npos);
    }
    CHECK(param_table().size() > 60);
}
