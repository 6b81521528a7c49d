#!/usr/bin/env bash
# Parallel efficiency and per-trial overhead of a 16-trial sweep (search-spaces/efficiency-16.yaml):
# runs it on local[2] and on local[1] into a scratch folder, then reads both runs' trial rows.
# Usage: deploy/efficiency.sh --data-dir DIR [--out DIR (default: a new temporary folder)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_dir="" out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (usage: deploy/efficiency.sh --data-dir DIR [--out DIR])" >&2; exit 2 ;;
  esac
done
[[ -n "$data_dir" ]] || { echo "error: --data-dir is required" >&2; exit 2; }
out="${out:-$(mktemp -d)}"
sweep="$here/../search-spaces/efficiency-16.yaml"
"$here/run-local.sh" "$sweep" --out "$out/two-slots" --master 'local[2]' --data-dir "$data_dir" --fresh
"$here/run-local.sh" "$sweep" --out "$out/one-slot" --master 'local[1]' --data-dir "$data_dir" --fresh
SPARKSWEEP_MAIN=io.sparksweep.bench.SweepEfficiency "$here/run-local.sh" "$out/two-slots/efficiency-16" --slots 2 \
  --baseline "$out/one-slot/efficiency-16"
