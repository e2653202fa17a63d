// A small VCD reader for the --vcd tests: the header's variables, then the
// value changes in time order, reduced to what the tests compare with the
// machine's counters (pulses of 1-bit signals, stall cycles by cause, the
// last value of every signal). Throws std::runtime_error on malformed input.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace cm::test {

struct VcdSignal {
    std::string name;
    unsigned width = 0;
    uint64_t value = 0;
    bool seen = false;    ///< had a value (from $dumpvars or a change)
    uint64_t rises = 0;   ///< 0 -> 1 changes (1-bit signals), in file order
    uint64_t changes = 0; ///< value changes after $dumpvars
    uint64_t max = 0;     ///< largest value seen
};

struct Vcd {
    std::string timescale;
    std::map<std::string, VcdSignal> by_id;   ///< identifier code -> signal
    std::map<std::string, std::string> id_of; ///< name -> identifier code
    uint64_t first_time = 0, last_time = 0;
    uint64_t timestamps = 0;
    /// Time (in timescale units) the "stall" signal was high, by the value
    /// of "stall_cause" when the pulse ended.
    std::map<uint64_t, uint64_t> stall_time_by_cause;

    const VcdSignal& sig(const std::string& name) const {
        auto it = id_of.find(name);
        if (it == id_of.end()) throw std::runtime_error("VCD has no signal " + name);
        return by_id.at(it->second);
    }
};

inline Vcd read_vcd(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    Vcd v;
    std::string tok;
    auto next = [&](const char* what) {
        if (!(in >> tok)) throw std::runtime_error(std::string("VCD ends inside ") + what);
        return tok;
    };
    // ---- header: $keyword ... $end
    for (;;) {
        std::string kw = next("the header");
        if (kw.empty() || kw[0] != '$')
            throw std::runtime_error("VCD header: unexpected '" + kw + "'");
        if (kw == "$enddefinitions") {
            if (next("$enddefinitions") != "$end")
                throw std::runtime_error("VCD: $enddefinitions without $end");
            break;
        }
        std::vector<std::string> body;
        while (next(kw.c_str()) != "$end")
            body.push_back(tok);
        if (kw == "$timescale") {
            for (auto& b : body)
                v.timescale += b;
        } else if (kw == "$var") {
            if (body.size() < 4) throw std::runtime_error("VCD: short $var");
            VcdSignal s;
            s.width = unsigned(std::stoul(body[1]));
            s.name = body[3];
            if (s.width == 0 || s.width > 64)
                throw std::runtime_error("VCD: bad width for " + s.name);
            if (v.by_id.count(body[2]))
                throw std::runtime_error("VCD: identifier reused: " + body[2]);
            v.id_of[s.name] = body[2];
            v.by_id[body[2]] = s;
        }
    }
    if (v.by_id.empty()) throw std::runtime_error("VCD declares no signals");
    // ---- value changes
    bool have_time = false, in_dump = false;
    uint64_t now = 0, stall_since = 0;
    const std::string stall_id = v.id_of.count("stall") ? v.id_of["stall"] : "";
    const std::string cause_id = v.id_of.count("stall_cause") ? v.id_of["stall_cause"] : "";
    auto set = [&](const std::string& id, uint64_t val) {
        auto it = v.by_id.find(id);
        if (it == v.by_id.end())
            throw std::runtime_error("VCD: change of undeclared identifier " + id);
        if (!have_time) throw std::runtime_error("VCD: value change before the first timestamp");
        VcdSignal& s = it->second;
        if (s.width < 64 && (val >> s.width))
            throw std::runtime_error("VCD: value too wide for " + s.name);
        if (s.seen && !in_dump) {
            if (s.width == 1 && s.value == 0 && val == 1) ++s.rises;
            if (val != s.value) ++s.changes;
        }
        if (id == stall_id && s.width == 1) {
            if (s.seen && s.value == 0 && val == 1) stall_since = now;
            if (s.seen && s.value == 1 && val == 0)
                v.stall_time_by_cause[cause_id.empty() ? 0 : v.by_id[cause_id].value] +=
                    now - stall_since;
        }
        s.value = val;
        s.seen = true;
        if (val > s.max) s.max = val;
    };
    while (in >> tok) {
        if (tok[0] == '#') {
            uint64_t t = std::stoull(tok.substr(1));
            if (have_time && t <= now)
                throw std::runtime_error("VCD: time goes backwards or repeats at #" +
                                         tok.substr(1));
            if (!have_time) v.first_time = t;
            now = t, have_time = true, ++v.timestamps;
            v.last_time = t;
        } else if (tok == "$dumpvars") {
            in_dump = true;
        } else if (tok == "$end") {
            in_dump = false;
        } else if (tok[0] == 'b' || tok[0] == 'B') {
            std::string bits = tok.substr(1);
            uint64_t val = 0;
            for (char c : bits) {
                if (c != '0' && c != '1')
                    throw std::runtime_error("VCD: x/z or bad digit in " + tok);
                val = val << 1 | uint64_t(c == '1');
            }
            set(next("a vector change"), val);
        } else if (tok[0] == '0' || tok[0] == '1') {
            set(tok.substr(1), uint64_t(tok[0] == '1'));
        } else if (tok[0] == '$') {
            while (next("a $ section") != "$end") {
            }
        } else {
            throw std::runtime_error("VCD: unexpected token '" + tok + "'");
        }
    }
    return v;
}

} // namespace cm::test
