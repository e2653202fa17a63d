// Private to the back end: molecule layout, encoding and the listing.
#pragma once

#include <cstdint>
#include <vector>

#include "internal.hpp"

namespace cm::morph::backend {

struct Layout {
    std::vector<vliw::Molecule> mols;       ///< main molecules, then exit stubs
    std::vector<std::vector<unsigned>> src; ///< per molecule: Selected atom indices
    std::vector<uint32_t> addr;             ///< per molecule: byte address
    std::vector<uint8_t> code;
    std::vector<ExitStub> stubs;
};

/// Lays out and encodes the scheduled, allocated atoms at `base`.
/// Throws vliw::EncodeError on an atom that does not fit its format (a bug).
Layout encode(const Selected& s, const std::vector<SchedMolecule>& mols, uint32_t base);

/// The text listing: guest instructions, then each molecule with the guest
/// instructions its atoms came from.
std::string listing(const Region& r, const Selected& s, const Layout& L, const BackendOptions& opt);

} // namespace cm::morph::backend
