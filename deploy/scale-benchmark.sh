#!/usr/bin/env bash
# The driver's cost per trial at scale: random sweeps of N simulated trials (io.sparksweep.bench.ScaleSweep:
# every trial returns a seeded, plausible outcome without training) on local[2] and tiny generated
# data, so that only the driver path is timed — planning, task submission, result handling,
# commits and compaction, summary and report. Then the same command again (resume: nothing to run)
# and the report subcommand alone.
# Usage: deploy/scale-benchmark.sh [--trials 1000,10000,100000] [--master 'local[2]']
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="1000,10000,100000" master="local[2]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --trials) sizes="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java "$root/deploy/tools/SyntheticDigits.java" "$work/data" 200 50 > /dev/null
"$root/deploy/run-local.sh" --help > /dev/null # build first

seconds() { local s=$1; awk -v a="$(date +%s.%N)" -v b="$s" 'BEGIN{printf "%.1f", a - b}'; }
printf '%8s %9s %10s %14s %10s %8s %6s %10s %10s\n' trials "wall s" "trials s" "driver ms/trial" "summary s" "heap MB" files "resume s" "report s"
IFS=',' read -r -a ns <<< "$sizes"
for n in "${ns[@]}"; do
  cat > "$work/scale-$n.yaml" <<YAML
name: scale-$n
dataset: idx:$work/data
method: random
samples: $n
seed: 1
fixed: {epochs: 3, width: 8}
search:
  learning_rate: {distribution: log_uniform, min: 1.0e-4, max: 1.0}
  l2: {distribution: uniform, min: 0.0, max: 0.01}
  activation: {values: [relu, tanh, sigmoid]}
YAML
  start=$(date +%s.%N)
  SPARKSWEEP_MAIN=io.sparksweep.bench.ScaleSweep "$root/deploy/run-local.sh" "$work/scale-$n.yaml" "$work/out" "$master" > "$work/run-$n.log" 2>&1 \
    || { tail -5 "$work/run-$n.log" >&2; exit 1; }
  wall=$(seconds "$start")
  stats=$(grep '^driver: heap peak' "$work/run-$n.log")
  heap=$(sed -n 's/^driver: heap peak \([0-9]*\) MB.*/\1/p' <<< "$stats")
  files=$(sed -n 's/.*MB, \([0-9]*\) files.*/\1/p' <<< "$stats")
  phase=$(sed -n 's/.*trials phase \([0-9.]*\) s (\([0-9.]*\) ms per trial).*/\1 \2/p' <<< "$stats")
  after=$(sed -n 's/.*summary and report \([0-9.]*\) s.*/\1/p' <<< "$stats")
  start=$(date +%s.%N)
  "$root/deploy/run-local.sh" "$work/scale-$n.yaml" --out "$work/out" --master "$master" > "$work/resume-$n.log" 2>&1
  grep -q "all $n of $n trials already stored" "$work/resume-$n.log" || { echo "error: the rerun of $n trials did not find them all stored" >&2; tail -3 "$work/resume-$n.log" >&2; exit 1; }
  resume=$(seconds "$start")
  start=$(date +%s.%N)
  "$root/deploy/run-local.sh" report "$work/out/scale-$n" > /dev/null 2>&1
  report=$(seconds "$start")
  printf '%8d %9.1f %10s %14s %10s %8s %6s %10.1f %10.1f\n' "$n" "$wall" ${phase} "$after" "$heap" "$files" "$resume" "$report"
done
echo "wall: process start to exit; trials s: submission to the last commit (tasks, result handling, commits, compaction),"
echo "driver ms/trial = trials s / trials; summary s: reading the trials back, statistics, summary and report; resume: the same command again"
