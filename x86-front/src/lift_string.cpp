#include "builder.hpp"

namespace cm::x86 {

void register_string(HandlerTable&) {}

} // namespace cm::x86
