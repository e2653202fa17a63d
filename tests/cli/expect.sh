#!/usr/bin/env bash
# expect.sh STATUS REGEX CMD [ARGS...]
# Runs CMD; passes if it exits with STATUS and its stderr is exactly one
# line matching the extended regex REGEX (REGEX '' means stderr is empty).
set -u
want=$1 re=$2
shift 2
err=$(mktemp)
"$@" >/dev/null 2>"$err"
got=$?
lines=$(wc -l <"$err")
ok=1
if [ "$got" -ne "$want" ]; then echo "exit status $got, expected $want"; ok=0; fi
if [ -z "$re" ]; then
  if [ -s "$err" ]; then echo "expected no stderr"; ok=0; fi
else
  if [ "$lines" -ne 1 ]; then echo "expected one stderr line, got $lines"; ok=0; fi
  if ! grep -Eq -- "$re" "$err"; then echo "stderr does not match /$re/"; ok=0; fi
fi
echo "--- stderr:"; cat "$err"; rm -f "$err"
[ $ok -eq 1 ] && echo PASS || { echo FAIL; exit 1; }
