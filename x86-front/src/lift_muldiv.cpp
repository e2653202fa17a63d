#include "builder.hpp"

namespace cm::x86 {

void register_muldiv(HandlerTable&) {}

} // namespace cm::x86
