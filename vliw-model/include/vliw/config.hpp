// Machine configuration: the Config struct generated from params.def, preset
// loading (JSON with comments), `key=value` overrides, validation and
// printing. No SystemC; Boost.JSON is used only inside config.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cm::vliw {

/// A user's configuration mistake: one line naming the parameter and the
/// allowed values, suitable for a CLI to print and exit non-zero.
struct ConfigError : std::runtime_error {
    ConfigError(std::string param, const std::string& msg)
        : std::runtime_error(msg), param(std::move(param)) {}
    std::string param; ///< dotted parameter name, or the file for file errors
};

namespace cfgtype {
using u32 = uint32_t;
using u64 = uint64_t;
using f64 = double;
using flag = bool;
} // namespace cfgtype

/// All parameters; member `sec.name` for parameter "<section key>.name"
/// (e.g. cfg.vliw.alias_registers, cfg.l1d.size_kb for vliw.l1d.size_kb).
struct Config {
#define CM_SECTION_BEGIN(id, key) struct id##_section {
#define CM_PARAM(sec, name, type, def, unit, lo, hi, desc) cfgtype::type name = def;
#define CM_SECTION_END(id)                                                                         \
    }                                                                                              \
    id;
#include "vliw/params.def"
#undef CM_SECTION_BEGIN
#undef CM_PARAM
#undef CM_SECTION_END
    std::string name = "tm5800"; ///< preset or file the config came from
};

enum class ParamType : uint8_t { U32, U64, F64, Bool };

/// Declaration of one parameter (from params.def).
struct ParamInfo {
    std::string_view key; ///< dotted name
    ParamType type;
    std::string_view unit;
    double min, max; ///< allowed range (inclusive)
    std::string_view description;
    std::string_view default_text;
};

/// Every parameter, in declaration order.
std::span<const ParamInfo> param_table();

/// The configs directory compiled in (the source tree's configs/), unless
/// the environment variable CODEMORPH_CONFIGS_DIR overrides it.
std::string default_configs_dir();

/// Loads a preset name ("tm5800", resolved as <configs_dir>/<name>.json) or
/// a JSON file path (anything with a '/' or ending in .json), then applies
/// `key=value` overrides in order, then validates. An empty preset_or_path
/// means the built-in defaults (= tm5800). Throws ConfigError.
Config load_config(const std::string& preset_or_path,
                   const std::vector<std::string>& overrides = {},
                   const std::string& configs_dir = default_configs_dir());

/// Applies JSON text (object, comments allowed) on top of cfg. Throws ConfigError.
void apply_json(Config& cfg, std::string_view json_text, const std::string& origin = "<json>");
/// Sets one parameter from text ("16", "true", "2.5"). Throws ConfigError.
void set_param(Config& cfg, std::string_view key, std::string_view value);
/// Applies "key=value". Throws ConfigError.
void apply_override(Config& cfg, std::string_view assignment);
/// Current value of a parameter as text. Throws ConfigError for unknown keys.
std::string get_param(const Config& cfg, std::string_view key);
/// Range checks plus cross-parameter rules (molecule width 2/4/8, cache
/// geometry powers of two). Throws ConfigError.
void validate(const Config& cfg);

enum class JsonStyle {
    Commented, ///< `"alias_registers": 8,  // registers: description` (re-loadable)
    Annotated, ///< `"alias_registers": {"value": 8, "unit": "registers"}` (strict JSON,
               ///< re-loadable)
};
/// The effective configuration as nested JSON with units.
std::string config_to_json(const Config& cfg, JsonStyle style = JsonStyle::Commented);

} // namespace cm::vliw
