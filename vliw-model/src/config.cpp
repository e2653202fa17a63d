// Parameter table, JSON presets, overrides, validation and printing.
#include "vliw/config.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#ifndef CM_VLIW_CONFIGS_DIR
#define CM_VLIW_CONFIGS_DIR "configs"
#endif

namespace cm::vliw {

namespace {

template <class T> constexpr ParamType ptype();
template <> constexpr ParamType ptype<uint32_t>() {
    return ParamType::U32;
}
template <> constexpr ParamType ptype<uint64_t>() {
    return ParamType::U64;
}
template <> constexpr ParamType ptype<double>() {
    return ParamType::F64;
}
template <> constexpr ParamType ptype<bool>() {
    return ParamType::Bool;
}

struct Entry {
    ParamInfo info;
    std::string key;
    void* (*field)(Config&);
};

const std::vector<Entry>& entries() {
    static const std::vector<Entry> table = [] {
        std::vector<Entry> out;
        std::string_view section;
#define CM_SECTION_BEGIN(id, key) section = key;
#define CM_PARAM(sec, name, type, def, unit, lo, hi, desc)                                         \
    out.push_back(                                                                                 \
        Entry{ParamInfo{{}, ptype<cfgtype::type>(), unit, double(lo), double(hi), desc, #def},     \
              std::string(section) + "." #name, [](Config& c) -> void* { return &c.sec.name; }});
#define CM_SECTION_END(id)
#include "vliw/params.def"
#undef CM_SECTION_BEGIN
#undef CM_PARAM
#undef CM_SECTION_END
        for (Entry& e : out)
            e.info.key = e.key; // views into the final vector's strings
        return out;
    }();
    return table;
}

std::vector<ParamInfo> make_infos() {
    std::vector<ParamInfo> v;
    for (const Entry& e : entries())
        v.push_back(e.info);
    return v;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cur = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] != b[j - 1])});
            prev = cur;
        }
    }
    return row[b.size()];
}

const Entry& find(std::string_view key) {
    for (const Entry& e : entries())
        if (e.key == key) return e;
    const Entry* best = nullptr;
    size_t bd = ~size_t(0);
    for (const Entry& e : entries()) {
        size_t d = edit_distance(key, e.key);
        std::string_view tail = std::string_view(e.key).substr(e.key.rfind('.') + 1);
        if (key.size() >= tail.size() && key.substr(key.size() - tail.size()) == tail)
            d = std::min<size_t>(d, 2);
        if (d < bd) bd = d, best = &e;
    }
    std::string msg = "unknown parameter '" + std::string(key) + "'";
    if (best && bd <= std::max<size_t>(3, key.size() / 3))
        msg += " (did you mean '" + best->key + "'?)";
    else
        msg += " (`codemorph config` lists them)";
    throw ConfigError(std::string(key), msg);
}

std::string fmt_num(double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

std::string range_text(const ParamInfo& p) {
    return fmt_num(p.min) + ".." + fmt_num(p.max) + " " + std::string(p.unit);
}

[[noreturn]] void bad_value(const Entry& e, std::string_view text, const char* why) {
    throw ConfigError(e.key, e.key + " = " + std::string(text) + " " + why + ": allowed " +
                                 range_text(e.info) + " (" + std::string(e.info.description) + ")");
}

void store_number(Config& cfg, const Entry& e, double v, std::string_view text) {
    if (std::isnan(v) || v < e.info.min || v > e.info.max) bad_value(e, text, "is out of range");
    void* f = e.field(cfg);
    switch (e.info.type) {
    case ParamType::U32:
    case ParamType::U64:
        if (v != std::floor(v)) bad_value(e, text, "is not an integer");
        if (e.info.type == ParamType::U32)
            *static_cast<uint32_t*>(f) = static_cast<uint32_t>(v);
        else
            *static_cast<uint64_t*>(f) = static_cast<uint64_t>(v);
        break;
    case ParamType::F64: *static_cast<double*>(f) = v; break;
    case ParamType::Bool: *static_cast<bool*>(f) = v != 0; break;
    }
}

void set_from_json(Config& cfg, const std::string& key, const boost::json::value& v) {
    const Entry& e = find(key);
    const std::string text = boost::json::serialize(v);
    if (e.info.type == ParamType::Bool) {
        if (!v.is_bool()) bad_value(e, text, "is not true/false");
        *static_cast<bool*>(e.field(cfg)) = v.get_bool();
        return;
    }
    double d;
    if (v.is_int64())
        d = static_cast<double>(v.get_int64());
    else if (v.is_uint64())
        d = static_cast<double>(v.get_uint64());
    else if (v.is_double())
        d = v.get_double();
    else
        bad_value(e, text, "is not a number");
    store_number(cfg, e, d, text);
}

void flatten(Config& cfg, const boost::json::object& obj, const std::string& prefix) {
    for (const auto& kv : obj) {
        std::string key =
            prefix.empty() ? std::string(kv.key()) : prefix + "." + std::string(kv.key());
        const boost::json::value& v = kv.value();
        if (prefix.empty() && (kv.key() == "name" || kv.key() == "description")) {
            if (!v.is_string()) throw ConfigError(key, "'" + key + "' must be a string");
            if (kv.key() == "name") cfg.name = std::string(v.get_string());
            continue;
        }
        if (v.is_object()) {
            const boost::json::object& o = v.get_object();
            if (auto it = o.find("value"); it != o.end())
                set_from_json(cfg, key, it->value());
            else
                flatten(cfg, o, key);
        } else {
            set_from_json(cfg, key, v);
        }
    }
}

bool pow2(uint64_t v) {
    return v && std::has_single_bit(v);
}

void check_cache(std::string_view key, uint32_t size_kb, uint32_t assoc, uint32_t line) {
    std::string k(key);
    if (!pow2(line))
        throw ConfigError(k + ".line_bytes", k + ".line_bytes = " + std::to_string(line) +
                                                 " must be a power of two (8..512 bytes)");
    uint64_t bytes = uint64_t(size_kb) * 1024;
    if (bytes < uint64_t(assoc) * line || bytes % (uint64_t(assoc) * line) ||
        !pow2(bytes / (uint64_t(assoc) * line)))
        throw ConfigError(k + ".size_kb",
                          k + ": size_kb*1024 / (assoc*line_bytes) = " + std::to_string(size_kb) +
                              "*1024 / (" + std::to_string(assoc) + "*" + std::to_string(line) +
                              ") must be a whole power-of-two number of sets");
}

} // namespace

std::span<const ParamInfo> param_table() {
    static const std::vector<ParamInfo> infos = make_infos();
    return infos;
}

std::string default_configs_dir() {
    if (const char* e = std::getenv("CODEMORPH_CONFIGS_DIR"); e && *e) return e;
    return CM_VLIW_CONFIGS_DIR;
}

void set_param(Config& cfg, std::string_view key, std::string_view value) {
    const Entry& e = find(key);
    std::string_view t = value;
    while (!t.empty() && t.front() == ' ')
        t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ')
        t.remove_suffix(1);
    if (e.info.type == ParamType::Bool) {
        bool b;
        if (t == "true" || t == "1" || t == "yes" || t == "on")
            b = true;
        else if (t == "false" || t == "0" || t == "no" || t == "off")
            b = false;
        else
            bad_value(e, t, "is not true/false");
        *static_cast<bool*>(e.field(cfg)) = b;
        return;
    }
    std::string s(t);
    char* end = nullptr;
    double d;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        d = double(std::strtoull(s.c_str(), &end, 16));
    else
        d = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) bad_value(e, t, "is not a number");
    store_number(cfg, e, d, t);
}

void apply_override(Config& cfg, std::string_view assignment) {
    auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw ConfigError(std::string(assignment),
                          "override '" + std::string(assignment) +
                              "' must look like key=value (e.g. vliw.alias_registers=16)");
    std::string_view key = assignment.substr(0, eq);
    while (!key.empty() && key.back() == ' ')
        key.remove_suffix(1);
    while (!key.empty() && key.front() == ' ')
        key.remove_prefix(1);
    set_param(cfg, key, assignment.substr(eq + 1));
}

std::string get_param(const Config& cfg, std::string_view key) {
    const Entry& e = find(key);
    void* f = e.field(const_cast<Config&>(cfg));
    switch (e.info.type) {
    case ParamType::U32: return std::to_string(*static_cast<uint32_t*>(f));
    case ParamType::U64: return std::to_string(*static_cast<uint64_t*>(f));
    case ParamType::F64: return fmt_num(*static_cast<double*>(f));
    case ParamType::Bool: return *static_cast<bool*>(f) ? "true" : "false";
    }
    return {};
}

void apply_json(Config& cfg, std::string_view text, const std::string& origin) {
    boost::json::parse_options opt;
    opt.allow_comments = true;
    opt.allow_trailing_commas = true;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(boost::json::string_view(text.data(), text.size()),
                                              ec, boost::json::storage_ptr(), opt);
    if (ec) throw ConfigError(origin, origin + ": invalid JSON: " + ec.message());
    if (!v.is_object()) throw ConfigError(origin, origin + ": the top level must be a JSON object");
    try {
        flatten(cfg, v.get_object(), "");
    } catch (const ConfigError& e) {
        throw ConfigError(e.param, origin + ": " + e.what());
    }
}

void validate(const Config& cfg) {
    // Range of every parameter (values set in code bypass the setters).
    for (const Entry& e : entries()) {
        std::string t = get_param(cfg, e.key);
        double v = std::strtod(t.c_str(), nullptr);
        if (e.info.type != ParamType::Bool && (v < e.info.min || v > e.info.max))
            bad_value(e, t, "is out of range");
    }
    const uint32_t w = cfg.vliw.molecule_atoms;
    if (w != 2 && w != 4 && w != 8)
        throw ConfigError("vliw.molecule_atoms",
                          "vliw.molecule_atoms = " + std::to_string(w) +
                              ": allowed values are 2, 4 and 8 (64/128/256-bit molecules)");
    check_cache("vliw.l1i", cfg.l1i.size_kb, cfg.l1i.assoc, cfg.l1i.line_bytes);
    check_cache("vliw.l1d", cfg.l1d.size_kb, cfg.l1d.assoc, cfg.l1d.line_bytes);
    check_cache("vliw.l2", cfg.l2.size_kb, cfg.l2.assoc, cfg.l2.line_bytes);
}

Config load_config(const std::string& preset_or_path, const std::vector<std::string>& overrides,
                   const std::string& configs_dir) {
    Config cfg;
    if (!preset_or_path.empty()) {
        const bool is_path = preset_or_path.find('/') != std::string::npos ||
                             (preset_or_path.size() > 5 && preset_or_path.ends_with(".json"));
        const std::string path =
            is_path ? preset_or_path : configs_dir + "/" + preset_or_path + ".json";
        std::ifstream in(path);
        if (!in)
            throw ConfigError(preset_or_path, is_path
                                                  ? "cannot open config file '" + path + "'"
                                                  : "unknown preset '" + preset_or_path + "' (no " +
                                                        path + "; presets: tm5800, efficeon)");
        std::stringstream ss;
        ss << in.rdbuf();
        cfg.name = preset_or_path;
        apply_json(cfg, ss.str(), path);
    }
    for (const std::string& o : overrides)
        apply_override(cfg, o);
    validate(cfg);
    return cfg;
}

std::string config_to_json(const Config& cfg, JsonStyle style) {
    // Build the section tree in declaration order.
    struct Node {
        std::vector<std::pair<std::string, Node>> kids;
        const Entry* leaf = nullptr;
        Node& child(const std::string& n) {
            for (auto& [k, v] : kids)
                if (k == n) return v;
            kids.emplace_back(n, Node{});
            return kids.back().second;
        }
    } root;
    for (const Entry& e : entries()) {
        Node* n = &root;
        std::string_view key = e.key;
        size_t start = 0;
        for (size_t dot; (dot = key.find('.', start)) != std::string_view::npos; start = dot + 1)
            n = &n->child(std::string(key.substr(start, dot - start)));
        n->child(std::string(key.substr(start))).leaf = &e;
    }
    std::string out;
    auto quote = [](std::string_view s) {
        return boost::json::serialize(boost::json::value(boost::json::string(s)));
    };
    auto print = [&](auto&& self, const Node& n, int depth) -> void {
        std::string ind(2 * (depth + 1), ' ');
        for (size_t i = 0; i < n.kids.size(); ++i) {
            const auto& [name, kid] = n.kids[i];
            const char* comma = i + 1 < n.kids.size() ? "," : "";
            if (kid.leaf) {
                const ParamInfo& p = kid.leaf->info;
                std::string v = get_param(cfg, p.key);
                if (style == JsonStyle::Commented) {
                    std::string line = ind + quote(name) + ": " + v + comma;
                    line.resize(std::max<size_t>(line.size() + 2, 44), ' ');
                    out += line + "// " + std::string(p.unit) + ": " + std::string(p.description) +
                           "\n";
                } else {
                    out += ind + quote(name) + ": {\"value\": " + v +
                           ", \"unit\": " + quote(p.unit) + "}" + comma + "\n";
                }
            } else {
                out += ind + quote(name) + ": {\n";
                self(self, kid, depth + 1);
                out += ind + "}" + comma + "\n";
            }
        }
    };
    out += "{\n  \"name\": " + quote(cfg.name) + ",\n";
    print(print, root, 0);
    out += "}\n";
    return out;
}

} // namespace cm::vliw
