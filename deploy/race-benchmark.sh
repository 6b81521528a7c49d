#!/usr/bin/env bash
# Racing against the full 10-repeat grid over several sweep seeds, cheaply: a race trains a subset of
# the full grid's trials with the same trial seeds (a trial's seed is f(sweep seed, configuration,
# repeat)), so its numbers are the grid's. For each seed this runs the full grid once
# (repeats: 10; an existing run in --out is reused) and replays the race offline on its stored trials
# (io.sparksweep.bench.RaceReplay: the pure RaceScheduler, repeats {min 3, max 10, alpha 0.05}, 2
# slots, results arriving in --orders random completion orders: each trial's stored time x U(0.75, 1.25)).
#   --question act-lr   (default) seed 002's activation x learning rate (784-128-64-10, SGD, batch 32;
#                       tanh, relu, leaky_relu (0.1) x lr 0.001, 0.01), 3 epochs: 60 trials per grid
#   --question width-lr seed 000's width x learning rate as search-spaces/race-width-lr-full.yaml
#                       (widths 25, 100, 500 x lr 0.01-0.1, 5 epochs): 120 trials per grid
#   --question 000      seed 000's question at its full protocol, search-spaces/seeds/000-width-lr.yaml
#                       (widths 10-1000 x lr 0.001-0.1, 10 epochs): 250 trials per grid (~1 h on 2 cores)
# Prints one line per seed: the grid's winner and runner-up with their 95 % intervals, whether they
# are separated, and the race's trials (mean, min, max over the orders) and how often it kept the winner.
#   --paired            common random numbers: the grid runs as repeats: {min: 10, max: 10, paired: true}
#                       (every configuration 10 repeats, repeat r seeded alike across configurations;
#                       folder ...-paired-s<seed>) and is replayed twice, with Welch's test and the paired one
# Usage: deploy/race-benchmark.sh --data-dir DIR --out DIR [--question act-lr|width-lr|000] [--paired]
#                                 [--seeds "4003 4004 4005 4006 4007"] [--orders 20] [--slots 2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="" out="" question=act-lr seeds="" orders=20 slots=2 paired=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --question) question="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --orders) orders="$2"; shift 2 ;;
    --slots) slots="$2"; shift 2 ;;
    --paired) paired=yes; shift ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ -n "$data" && -d "$data" ]] || { echo "error: --data-dir DIR with MNIST's four IDX files is required" >&2; exit 2; }
[[ -n "$out" ]] || { echo "error: --out DIR is required (the full grids are kept there and reused)" >&2; exit 2; }
case "$question" in
  act-lr) seeds="${seeds:-4003 4004 4005 4006 4007}" ;;
  width-lr | 000) seeds="${seeds:-2001 2002 2003 2004 2005}" ;;
  *) echo "error: --question act-lr|width-lr|000, not $question" >&2; exit 2 ;;
esac
mkdir -p "$out/sweeps"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
repeats="10" tag=""
if [[ -n "$paired" ]]; then repeats="{min: 10, max: 10, paired: true}" tag="-paired"; fi
for seed in $seeds; do
  if [[ "$question" == act-lr ]]; then
    name="race-act-lr-full$tag-s$seed"
    cat > "$out/sweeps/$name.yaml" <<YAML
name: $name
description: "seed 002 activation x learning rate, 3 epochs, every configuration 10 repeats, sweep seed $seed"
dataset: mnist
seed: $seed
repeats: $repeats
keep_models: 0
fixed: {hidden_layers: [128, 64], leaky_relu_alpha: 0.1, batch_size: 32, epochs: 3}
search:
  activation: {values: [tanh, relu, leaky_relu]}
  learning_rate: {values: [0.001, 0.01]}
YAML
  elif [[ "$question" == 000 ]]; then
    name="race-000-width-lr-full$tag-s$seed"
    { sed -e "s/^name: .*/name: $name/" -e "s/^seed: .*/seed: $seed/" -e "s/^repeats: .*/repeats: $repeats/" \
        "$root/search-spaces/seeds/000-width-lr.yaml"; echo "keep_models: 0"; } > "$out/sweeps/$name.yaml"
  else
    name="race-width-lr-full$tag-s$seed"
    sed -e "s/^name: .*/name: $name/" -e "s/^seed: .*/seed: $seed/" -e "s/^repeats: .*/repeats: $repeats/" \
      "$root/search-spaces/race-width-lr-full.yaml" > "$out/sweeps/$name.yaml"
  fi
  start=$(date +%s)
  "$root/deploy/run-local.sh" "$out/sweeps/$name.yaml" --out "$out" --data-dir "$data" --master "local[$slots]" \
    > "$out/sweeps/$name.log"
  echo "full grid $name: $(( $(date +%s) - start )) s" >&2
  SPARKSWEEP_MAIN=io.sparksweep.bench.RaceReplay "$root/deploy/run-local.sh" "$out/$name" "$orders" 3 10 0.05 "$slots" \
    2>/dev/null
  if [[ -n "$paired" ]]; then
    SPARKSWEEP_MAIN=io.sparksweep.bench.RaceReplay "$root/deploy/run-local.sh" --paired "$out/$name" "$orders" 3 10 0.05 \
      "$slots" 2>/dev/null
  fi
done
