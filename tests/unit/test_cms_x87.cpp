// x87 code in translations (backend.hpp: f0..f7, fsr, the x87 guard, fchk)
// against the interpreter alone: the whole guest state - x87 registers bit
// for bit, control, status and tag words, FIP, FDP, FOP, FCS, FDS - and
// memory after x87 loops run translated, with one-instruction regions,
// without chaining, and under --verify; NaN, infinity and denormal results
// roll back and are interpreted; a translation entered with another stack
// depth leaves through its guard. The interpreter's x87 results are the
// host x87's (host_x87.cpp, checked against native runs by the guest C
// suite).
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "cms_guest.hpp"

using namespace cms_guest;

namespace {

// Horner sums of a degree-8 polynomial at 8 points, then a chain through
// fld st(i), fchs, fabs, fsqrt, fild m32, fxch, fdivr, fsubr m64, fmulp,
// fstp m64, fst m32, fistp m32, fld m32, fadd st0,st0, fstp st(1); 300
// rounds. Data: coef[9] at +0, xs[8] at +0x100, an int at +0x180, results
// from +0x200 (NASM source: see the commit adding this test).
//   start: mov esi, 0x20000 ; mov ecx, 300
//   outer: fldz ; xor edx, edx
//   pt:    fld qword [esi+64] ; mov eax, 7
//   inner: fmul qword [esi+0x100+edx*8] ; fadd qword [esi+eax*8] ; dec eax ; jns inner
//          faddp st1, st0 ; inc edx ; cmp edx, 8 ; jne pt
//          fld st0 ; fchs ; fabs ; fsqrt ; fild dword [esi+0x180] ; fxch st1
//          fdivr st0, st1 ; fsubr qword [esi+8] ; fld st2 ; fmulp st1, st0
//          fstp qword [esi+0x200] ; fst dword [esi+0x208] ; fistp dword [esi+0x20c]
//          fld dword [esi+0x208] ; fadd st0, st0 ; fstp st1 ; fstp qword [esi+0x210]
//          dec ecx ; jnz outer ; int 0x80
const std::vector<uint8_t> kPoly = {
    0xbe, 0x00, 0x00, 0x02, 0x00, 0xb9, 0x2c, 0x01, 0x00, 0x00, 0xd9, 0xee, 0x31, 0xd2, 0xdd, 0x46,
    0x40, 0xb8, 0x07, 0x00, 0x00, 0x00, 0xdc, 0x8c, 0xd6, 0x00, 0x01, 0x00, 0x00, 0xdc, 0x04, 0xc6,
    0x48, 0x79, 0xf3, 0xde, 0xc1, 0x42, 0x83, 0xfa, 0x08, 0x75, 0xe3, 0xd9, 0xc0, 0xd9, 0xe0, 0xd9,
    0xe1, 0xd9, 0xfa, 0xdb, 0x86, 0x80, 0x01, 0x00, 0x00, 0xd9, 0xc9, 0xd8, 0xf9, 0xdc, 0x6e, 0x08,
    0xd9, 0xc2, 0xde, 0xc9, 0xdd, 0x9e, 0x00, 0x02, 0x00, 0x00, 0xd9, 0x96, 0x08, 0x02, 0x00, 0x00,
    0xdb, 0x9e, 0x0c, 0x02, 0x00, 0x00, 0xd9, 0x86, 0x08, 0x02, 0x00, 0x00, 0xdc, 0xc0, 0xdd, 0xd9,
    0xdd, 0x9e, 0x10, 0x02, 0x00, 0x00, 0x49, 0x75, 0xa1, 0xcd, 0x80};

// 1.0 divided by b[ecx & 7] (one of them 0.0, one a denormal, one -0.0),
// then x - x added to x (inf - inf: a NaN, IE); fnclex ends each round.
//   start: mov esi, 0x20000 ; mov ecx, 400
//   loop:  mov eax, ecx ; and eax, 7 ; fld qword [esi]
//          fdiv qword [esi+8+eax*8] ; fld st0 ; fsub st0, st1 ; faddp st1, st0
//          fstp qword [esi+0x100+eax*8] ; fnclex ; dec ecx ; jnz loop ; int 0x80
const std::vector<uint8_t> kSpecials = {
    0xbe, 0x00, 0x00, 0x02, 0x00, 0xb9, 0x90, 0x01, 0x00, 0x00, 0x89, 0xc8, 0x83, 0xe0,
    0x07, 0xdd, 0x06, 0xdc, 0x74, 0xc6, 0x08, 0xd9, 0xc0, 0xd8, 0xe1, 0xde, 0xc1, 0xdd,
    0x9c, 0xc6, 0x00, 0x01, 0x00, 0x00, 0xdb, 0xe2, 0x49, 0x75, 0xe3, 0xcd, 0x80};

// f is called with one and with two values on the stack.
//   start: mov esi, 0x20000 ; mov ecx, 300 ; fld1
//   loop:  call f ; fld1 ; call f ; fstp qword [esi+0x10] ; dec ecx ; jnz loop
//          fstp qword [esi+0x18] ; int 0x80
//   f:     fldpi ; fadd st0, st1 ; fadd qword [esi] ; fstp qword [esi] ; ret
const std::vector<uint8_t> kDepths = {
    0xbe, 0x00, 0x00, 0x02, 0x00, 0xb9, 0x2c, 0x01, 0x00, 0x00, 0xd9, 0xe8, 0xe8, 0x12,
    0x00, 0x00, 0x00, 0xd9, 0xe8, 0xe8, 0x0b, 0x00, 0x00, 0x00, 0xdd, 0x5e, 0x10, 0x49,
    0x75, 0xee, 0xdd, 0x5e, 0x18, 0xcd, 0x80, 0xd9, 0xeb, 0xd8, 0xc1, 0xdc, 0x06, 0xdd,
    0x1e, 0xc3};

// Compares: fucomip/fcomip with ja/jb, fcom m64 + fnstsw ax + sahf, ftst +
// fnstsw ax + test ah, fucom + fnstsw m16; x cycles through 8 values (one
// a QNaN: fcomip and fcom raise IE on it, so those rounds roll back;
// fnclex ends each round).
//   start: mov esi, 0x20000 ; mov ecx, 500 ; xor ebx, ebx ; xor edi, edi
//   loop:  mov eax, ecx ; and eax, 7 ; fld qword [esi+eax*8] ; fld qword [esi+0x40]
//          fucomip st0, st1 ; ja above ; inc ebx
//   above: fld qword [esi+0x48] ; fcomip st0, st1 ; jb below ; add edi, 3
//   below: fcom qword [esi+0x50] ; fnstsw ax ; sahf ; jae skip ; add edi, 5
//   skip:  ftst ; fnstsw ax ; test ah, 0x41 ; jnz zneg ; add ebx, 7
//   zneg:  fucom st0 ; fnstsw [esi+0x108] ; fstp st0 ; fnclex ; dec ecx ; jnz loop
//          mov [esi+0x100], ebx ; mov [esi+0x104], edi ; int 0x80
const std::vector<uint8_t> kCompares = {
  0xbe, 0x00, 0x00, 0x02, 0x00, 0xb9, 0xf4, 0x01, 0x00, 0x00, 0x31, 0xdb,
  0x31, 0xff, 0x89, 0xc8, 0x83, 0xe0, 0x07, 0xdd, 0x04, 0xc6, 0xdd, 0x46,
  0x40, 0xdf, 0xe9, 0x77, 0x01, 0x43, 0xdd, 0x46, 0x48, 0xdf, 0xf1, 0x72,
  0x03, 0x83, 0xc7, 0x03, 0xdc, 0x56, 0x50, 0xdf, 0xe0, 0x9e, 0x73, 0x03,
  0x83, 0xc7, 0x05, 0xd9, 0xe4, 0xdf, 0xe0, 0xf6, 0xc4, 0x41, 0x75, 0x03,
  0x83, 0xc3, 0x07, 0xdd, 0xe0, 0xdd, 0xbe, 0x08, 0x01, 0x00, 0x00, 0xdd,
  0xd8, 0xdb, 0xe2, 0x49, 0x75, 0xc0, 0x89, 0x9e, 0x00, 0x01, 0x00, 0x00,
  0x89, 0xbe, 0x04, 0x01, 0x00, 0x00, 0xcd, 0x80};

// The same without fnclex: IE stays set in the status word after the first
// NaN round, and later rounds still run translated (fchk looks for new IE).
const std::vector<uint8_t> kComparesSticky = {
  0xbe, 0x00, 0x00, 0x02, 0x00, 0xb9, 0xf4, 0x01, 0x00, 0x00, 0x31, 0xdb,
  0x31, 0xff, 0x89, 0xc8, 0x83, 0xe0, 0x07, 0xdd, 0x04, 0xc6, 0xdd, 0x46,
  0x40, 0xdf, 0xe9, 0x77, 0x01, 0x43, 0xdd, 0x46, 0x48, 0xdf, 0xf1, 0x72,
  0x03, 0x83, 0xc7, 0x03, 0xdc, 0x56, 0x50, 0xdf, 0xe0, 0x9e, 0x73, 0x03,
  0x83, 0xc7, 0x05, 0xd9, 0xe4, 0xdf, 0xe0, 0xf6, 0xc4, 0x41, 0x75, 0x03,
  0x83, 0xc3, 0x07, 0xdd, 0xe0, 0xdd, 0xbe, 0x08, 0x01, 0x00, 0x00, 0xdd,
  0xd8, 0x49, 0x75, 0xc2, 0x89, 0x9e, 0x00, 0x01, 0x00, 0x00, 0x89, 0xbe,
  0x04, 0x01, 0x00, 0x00, 0xcd, 0x80};

void poke_double(Guest& g, uint32_t addr, double v) {
    g.mem.poke(addr, &v, 8);
}

void poly_data(Guest& g) {
    for (int k = 0; k <= 8; ++k) poke_double(g, kData + 8 * k, k + 1.5);
    for (int j = 0; j < 8; ++j) poke_double(g, kData + 0x100 + 8 * j, (j - 3) / 7.0);
    const int32_t n = 7;
    g.mem.poke(kData + 0x180, &n, 4);
}

void specials_data(Guest& g) {
    uint64_t denormal = 0x000000000000beefull;
    const double b[8] = {3.0, 0.0, -2.5, 7.0, 0.0, -0.0, 1e300, 0.5};
    poke_double(g, kData, 1.0);
    for (int i = 0; i < 8; ++i) poke_double(g, kData + 8 + 8 * i, b[i]);
    g.mem.poke(kData + 8 + 8 * 4, &denormal, 8);
}

void compare_data(Guest& g) {
    const double x[8] = {1.5, -0.5, 0.0, 3.25, -7.0, 2.0, 1.0, __builtin_nan("")};
    for (int i = 0; i < 8; ++i) poke_double(g, kData + 8 * i, x[i]);
    poke_double(g, kData + 0x40, 1.5);
    poke_double(g, kData + 0x48, -0.5);
    poke_double(g, kData + 0x50, 2.0);
}

/// Runs `code` with `data` under the interpreter and under each mode; all
/// must agree. Returns the stats of the first mode.
cm::morph::CmsStats run_all(const std::vector<uint8_t>& code, void (*data)(Guest&)) {
    cm::morph::CmsStats first;
    for (const Mode& md : kModes) {
        INFO("mode " << md.name);
        CmsOptions o = translate_opts(md.hot, md.max_region);
        o.chaining = md.chaining;
        o.verify = md.verify;
        Guest ref(code, nullptr), g(code, &o);
        // segment selectors as the firmware sets them (FCS/FDS show them)
        for (Guest* x : {&ref, &g}) {
            x->cpu.seg[CS] = 0x23;
            x->cpu.seg[DS] = x->cpu.seg[SS] = x->cpu.seg[ES] = 0x2b;
            data(*x);
        }
        StopInfo a = ref.run(10'000'000), b = g.run(10'000'000);
        REQUIRE(a.reason == StopReason::Syscall);
        REQUIRE(b.reason == StopReason::Syscall);
        require_same(ref, g);
        require_same_x87(ref, g);
        if (&md == &kModes[0]) first = g.cms->stats();
    }
    return first;
}

} // namespace

TEST_CASE("cms x87: translated x87 loops give the interpreter's state", "[cms][x87]") {
    const cm::morph::CmsStats s = run_all(kPoly, poly_data);
    // Most of it ran translated, x87 instructions included.
    CHECK(s.translated_insns > 9 * (s.translated_insns + s.interp_insns) / 10);
    CHECK(s.rollbacks == 0);
}

TEST_CASE("cms x87: NaN, infinity and denormal operands are interpreted precisely", "[cms][x87]") {
    const cm::morph::CmsStats s = run_all(kSpecials, specials_data);
    CHECK(s.translated_insns > 0);
    CHECK(s.rollbacks > 0); // fchk: IE or DE raised in translated code
}

TEST_CASE("cms x87: a translation entered with another stack depth leaves by its guard", "[cms][x87]") {
    const cm::morph::CmsStats s = run_all(kDepths, [](Guest&) {});
    CHECK(s.translated_insns > 0);
    CHECK(s.x87_guard_exits > 0);
}

TEST_CASE("cms x87: compares (fcomi, fucomi, fcom + fnstsw, ftst) run translated", "[cms][x87]") {
    const cm::morph::CmsStats s = run_all(kCompares, compare_data);
    CHECK(s.translated_insns > (s.translated_insns + s.interp_insns) / 2);
    CHECK(s.rollbacks > 0); // the NaN rounds: fcomip/fcom raise IE
}

TEST_CASE("cms x87: a sticky IE from earlier does not keep x87 code interpreted", "[cms][x87]") {
    const cm::morph::CmsStats s = run_all(kComparesSticky, compare_data);
    CHECK(s.translated_insns > (s.translated_insns + s.interp_insns) / 2);
    CHECK(s.rollbacks > 0);
}
