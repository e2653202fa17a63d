#!/usr/bin/env bash
# progress.sh CODEMORPH SLOW_GUEST: the progress line appears on a terminal
# for a run over a second, and never when stderr is a file or with --quiet.
set -u
cm=$1 prog=$2
ok=1
fail() { echo "FAIL: $*"; ok=0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# stderr is a file: no progress line.
"$cm" run "$prog" >"$tmp/out" 2>"$tmp/err" || fail "run failed"
[ "$(cat "$tmp/out")" = "done" ] || fail "guest output changed: $(cat "$tmp/out")"
[ -s "$tmp/err" ] && fail "stderr not empty when it is a file: $(od -c "$tmp/err" | head -3)"

# stderr is a terminal (script(1) gives the run a pty): the line appears.
script -qfec "$cm run $prog" /dev/null >"$tmp/tty" </dev/null || fail "run on a pty failed"
grep -q "MIPS" "$tmp/tty" || fail "no progress line on a terminal: $(od -c "$tmp/tty" | head -5)"
grep -q "guest insns" "$tmp/tty" || fail "progress line lacks the instruction count"
grep -q "translated" "$tmp/tty" || fail "progress line lacks the translated share"
grep -q "done" "$tmp/tty" || fail "guest output missing on the terminal"

# --quiet on a terminal: no line.
script -qfec "$cm run --quiet $prog" /dev/null >"$tmp/quiet" </dev/null || fail "quiet run failed"
grep -q "MIPS" "$tmp/quiet" && fail "progress line despite --quiet"
grep -q "done" "$tmp/quiet" || fail "guest output missing with --quiet"

[ $ok -eq 1 ] && echo PASS || exit 1
