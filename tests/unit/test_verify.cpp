// --verify (morph/verify.hpp): the lockstep check passes on correct
// translations and catches deliberately broken ones (a corrupted register,
// flag or stored byte, a stray store), with a report beside the disassembly.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "morph/cms.hpp"
#include "morph/region_builder.hpp"
#include "morph/region_exec.hpp"
#include "morph/verify.hpp"
#include "vliw/config.hpp"

using namespace cm::x86;
using namespace cm::morph;

namespace {

class TestEnv : public GuestEnv {
  public:
    uint64_t rdtsc() override { return 1234; }
};

constexpr uint32_t kCode = 0x10000;
constexpr uint32_t kData = 0x20000;

// loop: add eax, ecx ; mov [ebx], eax ; add ebx, 4 ; dec ecx ; jnz loop ; ud2
const std::vector<uint8_t> kLoop = {0x01, 0xc8, 0x89, 0x03, 0x83, 0xc3,
                                    0x04, 0x49, 0x75, 0xf6, 0x0f, 0x0b};

struct Guest {
    CpuState cpu;
    GuestMemory mem;
    TestEnv env;

    Guest() {
        mem.map(kCode, GuestMemory::kPageSize, GuestMemory::RX);
        mem.poke(kCode, kLoop.data(), kLoop.size());
        mem.map(kData, GuestMemory::kPageSize, GuestMemory::RW);
        cpu.eip = kCode;
        cpu.gpr[ECX] = 5;
        cpu.gpr[EBX] = kData;
    }
};

/// Runs the loop under the CMS with --verify; returns the stop (or throws).
StopInfo run_cms(Guest& g, VerifyTamper tamper) {
    CmsOptions o;
    o.mode = CmsOptions::Mode::Translate;
    o.hot_threshold = 0;
    o.verify = true;
    o.verify_tamper = tamper;
    Cms cms(g.cpu, g.mem, g.env, cm::vliw::load_config("tm5800"), o);
    return cms.run(1000);
}

std::string read_all(std::FILE* f) {
    std::string s;
    std::rewind(f);
    char buf[512];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        s.append(buf, n);
    return s;
}

} // namespace

TEST_CASE("verify: correct translations pass in lockstep", "[verify]") {
    Guest g;
    StopInfo si = run_cms(g, nullptr);
    CHECK(si.reason == StopReason::Fault); // the ud2 after the loop
    CHECK(g.cpu.gpr[EAX] == 15);
    uint32_t last = 0;
    g.mem.read(kData + 16, 4, last);
    CHECK(last == 15);
}

TEST_CASE("verify: a corrupted translated register stops the run", "[verify]") {
    Guest g;
    auto tamper = [](CpuState& c, GuestMemory&) { c.gpr[EAX] ^= 0x100; };
    CHECK_THROWS_AS(run_cms(g, tamper), VerifyError);
}

TEST_CASE("verify: a corrupted flag or stored byte stops the run", "[verify]") {
    {
        Guest g;
        auto tamper = [](CpuState& c, GuestMemory&) { c.flag[int(Flag::ZF)] ^= 1; };
        CHECK_THROWS_AS(run_cms(g, tamper), VerifyError);
    }
    {
        Guest g;
        auto tamper = [](CpuState&, GuestMemory& m) { *m.host(kData) ^= 0xff; };
        CHECK_THROWS_AS(run_cms(g, tamper), VerifyError);
    }
}

TEST_CASE("verify: the report shows the instructions and the differences", "[verify]") {
    Guest g;
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    Verifier v(g.mem, g.env, nullptr, f);
    RegionLimits lim;
    Region r = build_region(kCode, g.mem, BlockLookup{}, lim);
    REQUIRE(r.insns.size() == 5);

    // The reference executor stands in for a correct translation.
    v.before(r, g.cpu);
    RegionResult rr = exec_region(r, g.cpu, g.mem, g.env);
    REQUIRE(rr.outcome == RegionOutcome::Exit);
    CHECK_NOTHROW(v.after(r, g.cpu, rr.guest_insns, 1));
    CHECK(read_all(f).empty());

    // A wrong register and a lost store.
    const CpuState entry = g.cpu;
    v.before(r, g.cpu);
    rr = exec_region(r, g.cpu, g.mem, g.env);
    g.cpu.gpr[EDX] = 0xbad;
    *g.mem.host(kData + 4) = 0;
    CHECK_THROWS_AS(v.after(r, g.cpu, rr.guest_insns, 1), VerifyError);
    std::string rep = read_all(f);
    CHECK(rep.find("add eax, ecx") != std::string::npos);
    CHECK(rep.find("EDX") != std::string::npos);
    CHECK(rep.find("0x00000bad") != std::string::npos);
    CHECK(rep.find("[0x00020004]") != std::string::npos);
    CHECK(rep.find("EAX") == std::string::npos); // only differences are listed

    // More store-buffer entries drained than the interpreter's stores.
    g.cpu = entry;
    g.cpu.gpr[EDX] = 0;
    v.before(r, g.cpu);
    rr = exec_region(r, g.cpu, g.mem, g.env);
    CHECK_THROWS_AS(v.after(r, g.cpu, rr.guest_insns, 2), VerifyError);
    std::fclose(f);
}
