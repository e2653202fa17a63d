// SystemC modules for the passive blocks of the machine: each owns one plain
// C++ block (with its Params) and gives it a place in the SystemC hierarchy.
// The core calls the blocks directly (function calls, no signals): they sit
// in the core's clock domain and a signal per access would cost more than
// the access. Includes SystemC: only for SystemC-facing code.
#pragma once

#include "vliw/alias_unit.hpp"
#include "vliw/cache.hpp"
#include "vliw/regfile.hpp"
#include "vliw/store_buffer.hpp"

#include <systemc>

namespace cm::vliw {

/// Register file with shadows.
struct RegFileModule : sc_core::sc_module {
    RegFileModule(sc_core::sc_module_name n, const RegFile::Params& p) : sc_module(n), block(p) {}
    RegFile block;
};

/// Gated store buffer.
struct StoreBufferModule : sc_core::sc_module {
    StoreBufferModule(sc_core::sc_module_name n, const StoreBuffer::Params& p)
        : sc_module(n), block(p) {}
    StoreBuffer block;
};

/// Alias-detection registers.
struct AliasUnitModule : sc_core::sc_module {
    AliasUnitModule(sc_core::sc_module_name n, const AliasUnit::Params& p)
        : sc_module(n), block(p) {}
    AliasUnit block;
};

/// One cache level's tag/LRU timing model (L1I, L1D or L2).
struct CacheModule : sc_core::sc_module {
    CacheModule(sc_core::sc_module_name n, const Cache::Params& p) : sc_module(n), block(p) {}
    Cache block;
};

} // namespace cm::vliw
