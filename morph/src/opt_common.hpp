// Private to the optimizer passes (opt_*.cpp): facts about region ops and
// small helpers they share.
#pragma once
#include <cstdint>
#include <vector>

#include "morph/region.hpp"
#include "x86/state.hpp"

namespace cm::morph::opt {

/// Number of vreg sources `in` reads (region control ops included).
inline int num_srcs(const RInst& in) {
    if (in.ctl == RegionCtl::ExitIf) return 1;
    if (in.ctl == RegionCtl::Exit) return in.src[0] != kNoVreg ? 1 : 0;
    return x86::ir_info(in.op).nsrc;
}

/// Number of vregs `in` defines (0-2).
inline int num_dsts(const RInst& in) {
    return in.ctl != RegionCtl::None ? 0 : x86::ir_info(in.op).ndst;
}

/// True if `in` must stay even when its results are unused: it changes
/// guest state or memory, may fault, calls the environment or leaves.
bool has_effect(const RInst& in);

/// Upper bound on the significant bits of `in`'s result (dst, or dst2 if
/// `second`), given the bounds `bits` of the vregs it reads; 1 means 0 or 1.
uint8_t result_bits(const RInst& in, const std::vector<uint8_t>& bits, bool second = false);

/// A fresh op of `r` (not yet placed) for guest instruction `insn`.
inline RInst make(x86::IrOp op, uint8_t size, Vreg dst, Vreg a, Vreg b, uint32_t imm,
                  uint16_t insn) {
    RInst x;
    x.op = op;
    x.size = size;
    x.dst = dst;
    x.src[0] = a;
    x.src[1] = b;
    x.imm = imm;
    x.insn = insn;
    return x;
}

/// A new vreg of `r`.
inline Vreg new_vreg(Region& r) {
    return Vreg(r.nvregs++);
}

/// Copies each Indirect Exit's src0 into its exit's target_vreg.
void sync_exits(Region& r);

/// Bytes of the home GPR a GetReg/PutReg at (idx, size) touches, as a
/// 4-bit mask, and that home register.
inline unsigned reg_home(unsigned idx, unsigned size) {
    return size == 1 && idx >= 4 ? idx - 4 : idx;
}
inline unsigned reg_bytes(unsigned idx, unsigned size) {
    return size == 4 ? 0xf : size == 2 ? 0x3 : idx >= 4 ? 0x2 : 0x1;
}

/// Flags (bit i = x86::Flag i) condition code `cc` reads.
unsigned cond_flags(unsigned cc);

/// An address as base vreg + constant offset (base kNoVreg: absolute).
struct AddrForm {
    Vreg base = kNoVreg;
    uint32_t off = 0;
    bool operator==(const AddrForm&) const = default;
};

/// Tracks AddrForm of every vreg along a forward walk over final ops.
class AddrForms {
  public:
    explicit AddrForms(size_t n) { resize(n); }
    /// Vregs not yet defined are their own base.
    void resize(size_t n) {
        for (size_t i = form_.size(); i < n; ++i)
            form_.push_back({Vreg(i), 0});
    }
    /// Records the forms of the values `in` defines (call for each op in
    /// program order): Const is absolute, Add.4/Sub.4 of a constant keep
    /// their operand's base, anything else is its own base.
    void define(const RInst& in);
    AddrForm of(Vreg v) const { return form_[v]; }

  private:
    std::vector<AddrForm> form_;
};

/// How two accesses relate: certainly overlapping, certainly disjoint, or
/// unknown (different bases).
enum class Alias : uint8_t { Must, No, May };
Alias alias(AddrForm a, unsigned an, AddrForm b, unsigned bn);

} // namespace cm::morph::opt
