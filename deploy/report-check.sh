#!/usr/bin/env bash
# Opens sweep reports as a person would, in headless Chromium, and fails when one does not render:
# a JavaScript error (recorded on the page by its own error handler, or logged to the console), or a
# parallel-coordinates view that Plotly did not draw. Saves a full-page screenshot of each.
# Usage: deploy/report-check.sh [--screenshots DIR] REPORT...   (REPORT: a sweep folder, its report/ or its index.html)
# Needs Debian's chromium (apt-get install -y chromium). Offline: the network is not used.
set -euo pipefail
shots="${TMPDIR:-/tmp}/report-check"
if [[ "${1:-}" == --screenshots ]]; then shots="$2"; shift 2; fi
[[ $# -ge 1 ]] || { echo "usage: $0 [--screenshots DIR] REPORT..." >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$browser" ]] || { echo "error: no chromium: apt-get install -y chromium" >&2; exit 2; }
mkdir -p "$shots"
failed=0
for arg in "$@"; do
  page="$arg"
  [[ -d "$page/report" ]] && page="$page/report"
  [[ -d "$page" ]] && page="$page/index.html"
  [[ -f "$page" ]] || { echo "FAIL  $arg: no index.html"; failed=1; continue; }
  page="$(readlink -f "$page")"
  name="$(basename "$(dirname "$(dirname "$page")")")"
  profile="$(mktemp -d)"
  flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
         --no-first-run --user-data-dir="$profile" --hide-scrollbars --virtual-time-budget=15000)
  # the DOM after scripts ran, and the console, which Chromium logs to stderr
  timeout 120 "$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$page" \
    > "$shots/$name.dom.html" 2> "$shots/$name.console.log" || true
  # a tall window: the whole page in one picture
  height=$(( 1200 + 520 * $(grep -o '<figure' "$page" | wc -l) + 30 * $(grep -o '<tr' "$page" | wc -l) ))
  timeout 120 "$browser" "${flags[@]}" --window-size=1280,"$height" --screenshot="$shots/$name.png" "file://$page" \
    > /dev/null 2>&1 || true
  rm -rf "$profile"
  problems=()
  grep -q '<html[^>]*data-js-error' "$shots/$name.dom.html" \
    && problems+=("JavaScript error: $(grep -o 'data-js-error="[^"]*"' "$shots/$name.dom.html" | head -1)")
  grep -E 'CONSOLE|Uncaught' "$shots/$name.console.log" | grep -iE 'error|uncaught' > "$shots/$name.errors.log" \
    && problems+=("console errors: $(head -c 300 "$shots/$name.errors.log")")
  if grep -q 'id="parallel-coordinates"' "$page"; then
    grep -q 'data-plotly="rendered"' "$shots/$name.dom.html" && grep -q 'class="parcoords' "$shots/$name.dom.html" \
      || problems+=("Plotly did not draw the parallel coordinates")
  fi
  [[ -s "$shots/$name.dom.html" ]] || problems+=("Chromium returned no page")
  [[ -s "$shots/$name.png" ]] || problems+=("no screenshot")
  if [[ ${#problems[@]} -eq 0 ]]; then
    size_mb="$(awk -v b="$(stat -c %s "$page")" 'BEGIN { printf "%.1f", b / 1e6 }')"
    echo "OK    $name: rendered without script errors$(grep -q 'data-plotly="rendered"' "$shots/$name.dom.html" && echo ', parallel coordinates drawn'); page $size_mb MB; screenshot $shots/$name.png"
  else
    failed=1
    echo "FAIL  $name: $(IFS=';'; echo "${problems[*]}")"
  fi
done
exit $failed
