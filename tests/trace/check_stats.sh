#!/usr/bin/env bash
# check_stats.sh CODEMORPH TRACE_CHECK NATIVE_COUNT PROGRAM [CODEMORPH OPTIONS...]
# NATIVE_COUNT is a command (words split). Runs PROGRAM natively (instruction count by single-stepping) and under
# codemorph with --stats and --trace plus the options given, compares the
# exit status, then checks the stats (against the native count) and the trace.
set -u
cm=$1 check=$2 native=$3 prog=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$($native "$prog" 2>/dev/null | tail -n 1)  # NATIVE may carry arguments
"$prog" >/dev/null 2>&1
want=$?
"$cm" run --stats "$tmp/s.json" --trace "$tmp/t.json" "$@" "$prog" >/dev/null
got=$?
[ "$got" -eq "$want" ] || { echo "FAIL: exit status $got, native $want"; exit 1; }
interval=()
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--stats-interval" ]; then j=$((i + 1)); interval=(--interval "${!j}"); fi
done
echo "native instructions: $n"
"$check" stats "$tmp/s.json" "$n" "${interval[@]}" || exit 1
"$check" trace "$tmp/t.json" "$tmp/s.json" || exit 1
echo PASS
