#include "vliw/machine.hpp"

#include "platform.hpp"
#include "vcd_writer.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace cm::vliw {

struct Machine::Impl {
    std::unique_ptr<detail::Platform> p;
    std::unique_ptr<detail::VcdWriter> vcd;
    std::vector<Listener*> listeners;
};

Machine::Machine(const Config& cfg, Backend backend)
    : Machine(cfg, detail::memory_params(cfg), backend) {}

Machine::Machine(const Config& cfg, const Memory::Params& memory, Backend backend)
    : cfg_(cfg), mem_(memory), backend_(backend), impl_(std::make_unique<Impl>()) {
    validate(cfg_);
    impl_->p = backend == Backend::SystemC ? detail::make_sc_platform(cfg_, mem_)
                                           : detail::make_plain_platform(cfg_, mem_);
}

Machine::~Machine() {
    Core& c = impl_->p->core();
    for (Listener* l : impl_->listeners)
        c.remove_listener(l);
    c.set_observer(nullptr);
}

void Machine::reset() {
    impl_->p->configure(cfg_, mem_); // the core keeps its listeners and VCD probe
}

uint64_t Machine::memory_size() const {
    return impl_->p->memory().size();
}

namespace {
void check_range(const Memory& m, uint32_t addr, size_t len) {
    if (uint64_t(addr) + len > m.size())
        throw std::out_of_range("vliw: memory access [" + std::to_string(addr) + ", +" +
                                std::to_string(len) + ") outside memory of " +
                                std::to_string(m.size()) + " bytes");
}
} // namespace

void Machine::write_memory(uint32_t addr, const void* src, size_t len) {
    Memory& m = impl_->p->memory();
    check_range(m, addr, len);
    std::memcpy(m.data() + addr, src, len);
    impl_->p->core().code_written(addr, len);
}

void Machine::read_memory(uint32_t addr, void* dst, size_t len) const {
    const Memory& m = impl_->p->memory();
    check_range(m, addr, len);
    std::memcpy(dst, m.data() + addr, len);
}

uint32_t Machine::read32(uint32_t addr) const {
    uint32_t v;
    read_memory(addr, &v, 4);
    return v;
}

void Machine::write32(uint32_t addr, uint32_t v) {
    write_memory(addr, &v, 4);
}

uint8_t* Machine::host_pointer(uint32_t addr) {
    Memory& m = impl_->p->memory();
    check_range(m, addr, 0);
    return m.data() + addr;
}

void Machine::invalidate_code(uint32_t addr, uint64_t len) {
    impl_->p->core().code_written(addr, len);
}

void Machine::set_no_access(uint32_t addr, uint32_t len, bool no_access) {
    impl_->p->set_no_access(addr, len, no_access);
}

void Machine::permissions_changed() {
    // An empty no-access change moves the map generation like a real one.
    impl_->p->set_no_access(0, 0, false);
}

Program Machine::assemble(std::string_view text, uint32_t base) const {
    AsmOptions o;
    o.base = base;
    o.max_words = cfg_.vliw.molecule_atoms;
    return cm::vliw::assemble(text, o);
}

void Machine::load(const Program& p) {
    write_memory(p.base, p.bytes.data(), p.bytes.size());
}

namespace {
void check_reg(unsigned r, unsigned n) {
    if (r >= n)
        throw std::out_of_range("vliw: register number " + std::to_string(r) + " out of range");
}
} // namespace

uint32_t Machine::gpr(unsigned r) const {
    check_reg(r, kNumGprs);
    return impl_->p->regs().gpr[r];
}
void Machine::set_gpr(unsigned r, uint32_t v) {
    check_reg(r, kNumGprs);
    impl_->p->regs().gpr[r] = v;
}
long double Machine::fpr(unsigned f) const {
    check_reg(f, kNumFprs);
    return impl_->p->regs().fpr[f];
}
void Machine::set_fpr(unsigned f, long double v) {
    check_reg(f, kNumFprs);
    impl_->p->regs().fpr[f] = v;
}
uint32_t Machine::flags() const {
    return impl_->p->regs().flags;
}
void Machine::set_flags(uint32_t v) {
    impl_->p->regs().flags = v & F_ALL;
}
uint32_t Machine::fsr() const {
    return impl_->p->regs().fsr;
}
void Machine::set_fsr(uint32_t v) {
    impl_->p->regs().fsr = v & FSR_ALL;
}
uint32_t Machine::shadow_gpr(unsigned r) const {
    check_reg(r, cfg_.vliw.shadowed_gprs);
    return impl_->p->regs().gpr_shadow[r];
}
long double Machine::shadow_fpr(unsigned f) const {
    check_reg(f, cfg_.vliw.shadowed_fprs);
    return impl_->p->regs().fpr_shadow[f];
}
uint32_t Machine::shadow_flags() const {
    return impl_->p->regs().flags_shadow;
}
uint32_t Machine::shadow_fsr() const {
    return impl_->p->regs().fsr_shadow;
}
unsigned Machine::store_buffer_size() const {
    return impl_->p->store_buffer().size();
}
bool Machine::alias_valid(unsigned k) const {
    const AliasUnit& a = impl_->p->alias_unit();
    return k < a.registers() && a.valid(k);
}

ExitRecord Machine::run(uint32_t entry_pc, uint64_t max_cycles) {
    return impl_->p->run(entry_pc, max_cycles);
}
void Machine::commit() {
    impl_->p->core().commit();
}
void Machine::rollback() {
    impl_->p->core().rollback();
}
void Machine::charge(uint64_t cycles) {
    impl_->p->core().charge(cycles);
}
uint64_t Machine::cycles() const {
    return impl_->p->core().cycle();
}
const Counters& Machine::counters() const {
    return impl_->p->core().counters();
}
void Machine::reset_counters() {
    impl_->p->core().reset_counters();
}

void Machine::add_listener(Listener* l) {
    impl_->listeners.push_back(l);
    impl_->p->core().add_listener(l);
}

void Machine::remove_listener(Listener* l) {
    std::erase(impl_->listeners, l);
    impl_->p->core().remove_listener(l);
}

void Machine::enable_vcd(const std::string& path) {
    impl_->p->core().set_observer(nullptr);
    impl_->vcd = std::make_unique<detail::VcdWriter>(path, detail::period_ps(cfg_));
    impl_->p->core().set_observer(impl_->vcd.get());
}

void Machine::disable_vcd() {
    impl_->p->core().set_observer(nullptr);
    impl_->vcd.reset();
}

} // namespace cm::vliw
