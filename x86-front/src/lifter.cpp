// Dispatch from mnemonic to the per-class lifter files.
#include "builder.hpp"

#include <stdexcept>

namespace cm::x86 {

namespace {
struct Table : HandlerTable {
    Table() {
        register_data(*this);
        register_alu(*this);
        register_shift(*this);
        register_muldiv(*this);
        register_bits(*this);
        register_bcd(*this);
        register_string(*this);
        register_branch(*this);
        register_misc(*this);
        register_x87(*this);
    }
};
const Table& table() {
    static const Table t;
    return t;
}
} // namespace

bool is_lifted(Mnemonic m) { return table().h[static_cast<size_t>(m)] != nullptr; }

LiftedInsn lift(const Insn& insn, std::vector<IrInst>& ops) {
    LiftedInsn li;
    li.addr = insn.addr;
    li.length = insn.length;
    li.first_op = static_cast<uint32_t>(ops.size());
    Builder b(insn, ops);
    Handler h = table().h[static_cast<size_t>(insn.mnemonic)];
    bool ok = h != nullptr;
    if (ok) {
        try {
            h(b);
        } catch (const std::logic_error&) {
            // An operand form the handler does not cover: a #UD for the guest,
            // reported as unsupported rather than silently mis-executed.
            ok = false;
        }
    }
    Builder ud(insn, ops);
    Builder* used = &b;
    if (!ok) {
        ops.resize(li.first_op);
        ud.undefined();
        ud.unsupported = true;
        used = &ud;
    }
    li.flow = used->flow;
    li.unsupported = used->unsupported;
    li.branch_target = used->branch_target;
    li.ntemps = static_cast<uint8_t>(used->ntemps());
    li.num_ops = static_cast<uint16_t>(ops.size() - li.first_op);
    li.flags_read = insn.flags_tested;
    li.flags_written = insn.flags_modified | insn.flags_set0 | insn.flags_set1 | insn.flags_undefined;
    li.flags_undefined = insn.flags_undefined;
    return li;
}

} // namespace cm::x86
