// Dead code elimination (see optimize.hpp): one backward walk over SSA
// code, counting uses; an op without effects whose results nobody reads
// is dropped, which releases its own sources in turn.
#include "morph/optimize.hpp"
#include "opt_common.hpp"

namespace cm::morph {

using namespace cm::morph::opt;

void opt_dce(Region& r) {
    std::vector<uint8_t> used(r.nvregs, 0);
    std::vector<uint8_t> dead(r.code.size(), 0);
    for (size_t i = r.code.size(); i-- > 0;) {
        const RInst& in = r.code[i];
        const int nd = num_dsts(in);
        if (!has_effect(in) && nd > 0 && !used[in.dst] && (nd < 2 || !used[in.dst2])) {
            dead[i] = 1;
            continue;
        }
        for (int k = 0; k < num_srcs(in); ++k)
            used[in.src[k]] = 1;
    }
    size_t o = 0;
    for (size_t i = 0; i < r.code.size(); ++i)
        if (!dead[i]) r.code[o++] = r.code[i];
    r.code.resize(o);
}

} // namespace cm::morph
