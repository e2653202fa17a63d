// Semantics of the control atoms. Displacements are in words from the
// address of the molecule holding the branch.
#include "exec.hpp"
#include "vliw/flags.hpp"

namespace cm::vliw::detail {

namespace {
uint32_t rel(const ExecCtx& x, const Atom& a) {
    return x.pc + uint32_t(a.imm) * 4u;
}
} // namespace

void exec_BR(ExecCtx& x, const Atom& a) {
    x.branch(rel(x, a), false);
}
void exec_BCC(ExecCtx& x, const Atom& a) {
    if (flags::cond(static_cast<Cond>(a.cc), x.flags())) x.branch(rel(x, a), false);
}
void exec_BZ(ExecCtx& x, const Atom& a) {
    if (x.r(a.rs) == 0) x.branch(rel(x, a), false);
}
void exec_BNZ(ExecCtx& x, const Atom& a) {
    if (x.r(a.rs) != 0) x.branch(rel(x, a), false);
}
void exec_JR(ExecCtx& x, const Atom& a) {
    x.branch(x.r(a.rs), true);
}
void exec_JAL(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.next_pc);
    x.branch(rel(x, a), false);
}
void exec_JALR(ExecCtx& x, const Atom& a) {
    x.w(a.rd, x.next_pc);
    x.branch(x.r(a.rs), true);
}
void exec_EXIT(ExecCtx& x, const Atom& a) {
    if (x.exit) return;
    x.exit = true;
    x.exit_code = static_cast<uint16_t>(a.imm);
}
void exec_NOP(ExecCtx&, const Atom&) {}

} // namespace cm::vliw::detail
