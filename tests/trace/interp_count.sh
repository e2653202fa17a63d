#!/usr/bin/env bash
# interp_count.sh CODEMORPH PROGRAM: the guest instruction count of an
# interpret-only run, as the reference for programs that single-stepping
# cannot count (rep string instructions trap once per iteration).
"$1" run --quiet --mode interp --summary "$2" 2>&1 >/dev/null | awk '/^guest_instructions:/ { print $2 }'
