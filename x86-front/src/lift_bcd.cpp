#include "builder.hpp"

namespace cm::x86 {

void register_bcd(HandlerTable&) {}

} // namespace cm::x86
