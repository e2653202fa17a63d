#include "builder.hpp"

namespace cm::x86 {

void register_bits(HandlerTable&) {}

} // namespace cm::x86
