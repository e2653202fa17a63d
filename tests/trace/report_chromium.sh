#!/usr/bin/env bash
# Renders reports in headless Chromium and checks that every chart drew:
#   report_chromium.sh REPORT_TOOL CHROMIUM WORKDIR [CODEMORPH GUEST]
# 1. a synthetic stats document: every chart must draw its marks;
# 2. the same with a broken power series: the checker must fail, naming the
#    power chart (so a chart that does not draw is caught);
# 3. with CODEMORPH and GUEST: a real run's --stats and --report, translated
#    and interpreted (no regions: that chart must say it is empty).
set -uo pipefail
tool=$1 chromium=$2 work=$3 cm=${4:-} guest=${5:-}
if [ ! -x "$chromium" ]; then
  echo "FAIL: chromium not found ($chromium); scripts/install-deps installs it" >&2
  exit 1
fi
rm -rf "$work" && mkdir -p "$work"

render() { # html -> dom
  timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --user-data-dir="$work/profile" --virtual-time-budget=5000 --dump-dom "file://$1" >"$2" 2>"$2.log"
}

fail=0
"$tool" synth "$work/good.json" --rows 60 && "$tool" html "$work/good.json" "$work/good.html" || exit 1
render "$work/good.html" "$work/good.dom"
echo "== synthetic report"
"$tool" check "$work/good.dom" "$work/good.json" || { echo "FAIL: a chart did not draw"; fail=1; }

"$tool" synth "$work/broken.json" --rows 60 --broken-power && "$tool" html "$work/broken.json" "$work/broken.html" || exit 1
render "$work/broken.html" "$work/broken.dom"
echo "== report with a broken power series (must be caught)"
out=$("$tool" check "$work/broken.dom" "$work/broken.json")
st=$?
echo "$out"
if [ $st -eq 0 ] || ! grep -q "^chart-power: NOT DRAWN.*error: series.rows\[30\].power_mw is not a number" <<<"$out" \
   || ! grep -q "^chart-ipc: ok" <<<"$out"; then
  echo "FAIL: the checker did not catch the broken power chart"; fail=1
fi

for mode in translate interp; do
  [ -n "$cm" ] || break
  echo "== report of a real run: $cm run --mode $mode --stats --report $guest"
  "$cm" run --quiet --mode $mode --stats "$work/$mode.json" --stats-interval 20000 --report "$work/$mode.html" \
    "$guest" >/dev/null
  st=$?
  if [ $st -ne 0 ]; then echo "FAIL: codemorph exited $st"; fail=1; continue; fi
  render "$work/$mode.html" "$work/$mode.dom"
  "$tool" check "$work/$mode.dom" "$work/$mode.json" || { echo "FAIL: a chart of the $mode run did not draw"; fail=1; }
done
if [ -n "$cm" ] && ! grep -q 'id="chart-regions"[^>]*data-empty=' "$work/interp.dom" &&
   ! grep -q 'data-empty="[^"]*"[^>]*id="chart-regions"' "$work/interp.dom"; then
  echo "FAIL: the interpreted run's regions chart does not say it is empty"; fail=1
fi
exit $fail
