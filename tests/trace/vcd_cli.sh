#!/usr/bin/env bash
# codemorph run --vcd on a guest whose alias speculation fails (rollbacks),
# with --stats of the same run; vcd_check compares the waveform with the
# counters. The VCD is large, so it is removed afterwards.
#   vcd_cli.sh CODEMORPH VCD_CHECK GUEST WORKDIR
set -uo pipefail
cm=$1 check=$2 guest=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
"$cm" run --quiet --hot-threshold 2 --vcd "$work/run.vcd" --stats "$work/run.json" "$guest" >/dev/null
st=$?
if [ $st -ne 0 ]; then echo "FAIL: codemorph exited $st"; exit 1; fi
"$check" "$work/run.vcd" "$work/run.json" --min-rollbacks 1
st=$?
rm -f "$work/run.vcd"
exit $st
