// Redundant load elimination and store-to-load forwarding (see
// optimize.hpp). A forward walk keeps the memory values known so far, by
// address form (base vreg + offset) and size; a store kills every entry it
// may alias.
#include "morph/optimize.hpp"
#include "opt_common.hpp"

namespace cm::morph {

using namespace cm::x86;
using namespace cm::morph::opt;

namespace {

struct Known {
    AddrForm addr;
    uint8_t size;
    Vreg value; ///< the loaded value, or the stored vreg (may need masking)
    bool fp;    ///< a load whose value only makes x87 operands (FFromBits)
};

} // namespace

void opt_mem_forward(Region& r) {
    std::vector<Vreg> rep(r.nvregs);
    for (size_t i = 0; i < rep.size(); ++i)
        rep[i] = Vreg(i);
    std::vector<uint8_t> bits(r.nvregs, 32);
    AddrForms forms(r.nvregs);
    std::vector<Known> known;
    std::vector<RInst> out;
    // x87 memory operands stay loads and stores of their own (the back end
    // makes one fld or fst of them): the bytes an FFromBits converts are
    // shared only with other FFromBits, and what an FToBits stores is not
    // forwarded.
    std::vector<uint8_t> fp_feed(r.nvregs, 0), fp_made(r.nvregs, 0);
    for (const RInst& in : r.code) {
        if (in.ctl != RegionCtl::None) continue;
        if (in.op == IrOp::FFromBits)
            for (int k = 0; k < num_srcs(in); ++k) fp_feed[in.src[k]] = 1;
        if (in.op == IrOp::FToBits) {
            if (in.dst != kNoVreg) fp_made[in.dst] = 1;
            if (in.dst2 != kNoVreg) fp_made[in.dst2] = 1;
        }
    }
    auto place = [&](const RInst& in) {
        const int nd = num_dsts(in);
        if (nd >= 1) bits[in.dst] = result_bits(in, bits);
        if (nd == 2) bits[in.dst2] = result_bits(in, bits, true);
        forms.define(in);
        out.push_back(in);
    };
    for (const RInst& orig : r.code) {
        RInst in = orig;
        for (int k = 0; k < num_srcs(in); ++k)
            in.src[k] = rep[in.src[k]];
        if (in.ctl == RegionCtl::None && in.op == IrOp::Load) {
            const AddrForm a = forms.of(in.src[0]);
            const bool fp = fp_feed[orig.dst];
            const Known* hit = nullptr;
            for (const Known& k : known)
                if (k.addr == a && k.size == in.size && k.fp == fp) hit = &k;
            if (hit) {
                if (bits[hit->value] <= in.size * 8u)
                    rep[in.dst] = hit->value;
                else
                    place(make(IrOp::Zext, in.size, in.dst, hit->value, kNoVreg, 0, in.insn));
                continue;
            }
            place(in);
            known.push_back({a, in.size, in.dst, fp});
            continue;
        }
        if (in.ctl == RegionCtl::None && in.op == IrOp::Store) {
            const AddrForm a = forms.of(in.src[0]);
            std::erase_if(known, [&](const Known& k) {
                return alias(k.addr, k.size, a, in.size) != Alias::No;
            });
            if (!fp_made[orig.src[1]]) known.push_back({a, in.size, in.src[1], false});
        }
        place(in);
    }
    r.code = std::move(out);
    sync_exits(r);
}

} // namespace cm::morph
