// optimize(): the passes in their fixed order. Forwarding passes run twice,
// because each exposes work for the others (a forwarded ESP makes push/pop
// addresses equal; a forwarded store makes a ret target constant).
#include <cassert>

#include "morph/optimize.hpp"

namespace cm::morph {

void optimize(Region& r, const OptOptions& o) {
    auto check = [&r] { assert(r.validate().empty()); };
    for (int round = 0; round < 2; ++round) {
        if (o.const_prop) opt_const_prop(r), check();
        if (o.state_forward) {
            opt_state_forward(r), check();
            if (o.const_prop) opt_const_prop(r), check();
        }
        if (o.mem_forward) {
            opt_mem_forward(r), check();
            if (o.const_prop) opt_const_prop(r), check();
        }
    }
    if (o.dead_puts) opt_dead_puts(r), check();
    if (o.dce) opt_dce(r), check();
    if (o.hoist_loads)
        opt_hoist_loads(r, o.alias_speculation, o.alias_registers, o.hoist_side_exits), check();
    (void)check;
}

} // namespace cm::morph
