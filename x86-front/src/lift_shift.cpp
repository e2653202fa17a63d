#include "builder.hpp"

namespace cm::x86 {

void register_shift(HandlerTable&) {}

} // namespace cm::x86
