#!/usr/bin/env bash
# check_delta.sh CODEMORPH TRACE_CHECK PROGRAM PARAM DELTA
# Runs PROGRAM twice, the second time with PARAM raised by DELTA, and checks
# that the energy total changed by exactly (events using PARAM) x DELTA.
set -u
cm=$1 check=$2 prog=$3 param=$4 delta=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cm" run --stats "$tmp/a.json" "$prog" >/dev/null
old=$(grep -o "\"$param\": [0-9.eE+-]*" "$tmp/a.json" | head -n1 | awk '{print $2}')
[ -n "$old" ] || { echo "FAIL: $param not in the stats config"; exit 1; }
new=$(awk -v a="$old" -v d="$delta" 'BEGIN { printf "%.10g", a + d }')
"$cm" run --stats "$tmp/b.json" --set "$param=$new" "$prog" >/dev/null
echo "$param: $old -> $new"
"$check" delta "$tmp/a.json" "$tmp/b.json" "$param" "$delta" || exit 1
echo PASS
