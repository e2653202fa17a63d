#!/usr/bin/env bash
# off_by_one.sh NATIVE_COUNT PROGRAM: the native count plus one, to show
# that the stats check notices a single instruction's difference.
n=$("$1" "$2" 2>/dev/null | tail -n 1) || exit 1
echo $((n + 1))
