#!/usr/bin/env bash
# ASHA early stopping against Optuna + PyTorch's SuccessiveHalvingPruner, in one run, on the same
# cores: the same space, epochs and slots on both sides (784-W-10 MLP, SGD, batch 128, one run per
# configuration, test accuracy after every epoch, reduction factor 4 and rungs at epochs 1, 4, 16...
# on both sides: Optuna's pruner with its defaults). Prints for each side the wall time (process
# start to exit), the epochs trained, the best test accuracy, the work chosen (epochs trained x width,
# summed over the trials) and the slots' busy share, then
# sparksweep's breakdown of where the time went (--trace) and the output folder's peak size.
#   --space grid   (default) the grid lr {0.01,0.05,0.2,0.8} x width {32,128,512} x l2 {1e-5,1e-4}
#                  (Optuna: --grid ..., GridSampler; sparksweep: a grid, started in its seeded order)
#   --space random N configurations drawn from lr log-uniform [1e-3,1], width log-uniform [16,512],
#                  l2 log-uniform [1e-6,1e-3] (Optuna: --random N --sampler random)
#   --runs N       N pairs of runs, sweep seeds --seed .. --seed+N-1 on both sides (the seed orders our grid
#                  and seeds Optuna's sampler, so each pair sees a comparable order), then the median ratio
#   --quick        a smoke check: grid lr {0.05,0.2,0.8} x width {32,64}, 3 epochs, reduction factor 2
#                  on our side (Optuna's pruner keeps its defaults, so the sides differ: not a benchmark)
#   --replay N     instead: the same space trained in full (no early stopping, sweep seed --seed),
#                  then ASHA replayed offline on its stored curves (io.sparksweep.bench.AshaReplay)
#                  in the grid's listed order and in the start order of sweep seeds 1..N: epochs
#                  trained and whether the grid's best is found, per order (no peer)
# Usage: deploy/asha-benchmark.sh --data-dir DIR [--space grid|random] [--samples 32] [--epochs 9]
#                                 [--slots 2] [--seed 1] [--runs 1] [--quick] [--replay N] [--peer ../shared/peers/optuna_sweep.py]
#                                 [--python /usr/bin/python3]
# The peer needs Optuna and PyTorch: apt-get install -y python3-optuna python3-torch libopenblas0-pthread
# (without Optuna the peer's side is skipped).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="" space=grid samples=32 epochs=9 slots=2 seed=1 quick=0 rf=4 replay=0 runs=1
peer="$root/../shared/peers/optuna_sweep.py" python=/usr/bin/python3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data="$2"; shift 2 ;;
    --space) space="$2"; shift 2 ;;
    --samples) samples="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --slots) slots="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --replay) replay="$2"; shift 2 ;;
    --peer) peer="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "error: --runs $runs: a number of runs >= 1" >&2; exit 2; }
[[ -n "$data" && -d "$data" ]] || { echo "error: --data-dir DIR with MNIST's four IDX files is required" >&2; exit 2; }
[[ "$space" == grid || "$space" == random ]] || { echo "error: --space grid|random, not $space" >&2; exit 2; }
data="$(cd "$data" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

lrs="0.01, 0.05, 0.2, 0.8" widths="32, 128, 512" l2s="1.0e-5, 1.0e-4"
if [[ $quick == 1 ]]; then
  space=grid epochs=3 rf=2 lrs="0.05, 0.2, 0.8" widths="32, 64" l2s="1.0e-5"
fi
if [[ $space == grid ]]; then
  search="  learning_rate: {values: [$lrs]}
  width: {values: [$widths]}
  l2: {values: [$l2s]}"
  method="method: grid"
  peer_space=(--grid "lr=${lrs// /}" "width=${widths// /}" "l2=${l2s// /}")
else
  search="  learning_rate: {distribution: log_uniform, min: 1.0e-3, max: 1.0}
  width: {distribution: log_uniform, min: 16, max: 512}
  l2: {distribution: log_uniform, min: 1.0e-6, max: 1.0e-3}"
  method="method: random
samples: $samples"
  peer_space=(--random "$samples" --sampler random)
fi
cat > "$work/asha-bench.yaml" <<YAML
name: asha-bench
dataset: mnist
$method
repeats: 1
seed: $seed
fixed: {hidden_layers: 1, batch_size: 128, epochs: $epochs}
search:
$search
early_stopping: {rule: asha, reduction_factor: $rf, min_epochs: 1, metric: test_accuracy}
YAML
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
"$root/deploy/run-local.sh" --help > /dev/null # builds now, so the timing below is the sweep's alone

if [[ "$replay" != 0 ]]; then
  [[ "$replay" =~ ^[1-9][0-9]*$ ]] || { echo "error: --replay $replay: a number of sweep seeds >= 1" >&2; exit 2; }
  sed -e '/^early_stopping:/d' -e 's/^name: .*/name: asha-bench-full/' "$work/asha-bench.yaml" > "$work/full.yaml"
  "$root/deploy/run-local.sh" "$work/full.yaml" --out "$work/out" --data-dir "$data" --master "local[$slots]" > "$work/full.log" \
    || { echo "error: the full sweep failed; its output:" >&2; tail -5 "$work/full.log" >&2; exit 1; }
  SPARKSWEEP_MAIN=io.sparksweep.bench.AshaReplay "$root/deploy/run-local.sh" "$work/out/asha-bench-full" "$replay" "$rf" "$slots" 2> /dev/null
  exit 0
fi

have_peer=0
if [[ -f "$peer" ]] && "$python" -c "import optuna, torch" 2> /dev/null; then
  have_peer=1
else
  echo "(no Optuna peer: $peer needs python3-optuna; its side is skipped)"
fi

# One pair of runs with sweep seed $1 on both sides (our grid's start order and the sampler's seed):
# sets s_* and o_* (wall, epochs, best, busy; o_outside: the peer's interpreter, imports and data).
run_pair() {
  local seed_i="$1" start
  sed "s/^seed: .*/seed: $seed_i/" "$work/asha-bench.yaml" > "$work/asha-run.yaml"
  rm -rf "$work/out"
  start=$(date +%s.%N)
  "$root/deploy/run-local.sh" "$work/asha-run.yaml" --out "$work/out" --data-dir "$data" --master "local[$slots]" \
    --trace > "$work/sparksweep.log"
  s_wall=$(awk -v a="$(date +%s.%N)" -v b="$start" "BEGIN{print a - b}")
  # epochs from "early stopping: N of M epochs trained", best from the ranked table's first row,
  # utilisation from the trace's "slots busy in tasks X%, training or evaluating Y%"
  s_epochs=$(sed -n 's/^early stopping: \([0-9]*\) of \([0-9]*\) epochs trained.*/\1 of \2/p' "$work/sparksweep.log")
  s_best=$(awk '$1 == "1" && $2 ~ /^[0-9]+\/[0-9]+$/ {print $3; exit}' "$work/sparksweep.log")
  s_busy=$(sed -n 's/.*slots busy in tasks \([0-9]*%\), training or evaluating \([0-9]*%\).*/\1 in tasks, \2 training/p' "$work/sparksweep.log")
  # the work the sweep chose: epochs trained x width, summed over the trials (a 784-W-10 epoch costs ~W units)
  s_work=$(SPARKSWEEP_MAIN=io.sparksweep.bench.BestSoFar "$root/deploy/run-local.sh" "$work/out/asha-bench" 2> /dev/null \
    | awk '$1 == "work" {print $2}')
  [[ $have_peer == 1 ]] || return 0
  start=$(date +%s.%N)
  "$python" "$peer" "${peer_space[@]}" --pruner asha --epochs "$epochs" --batch 128 --workers "$slots" \
    --seed "$seed_i" --data "$data" > "$work/optuna.json"
  o_wall=$(awk -v a="$(date +%s.%N)" -v b="$start" "BEGIN{print a - b}")
  read -r o_epochs o_best o_busy o_outside o_work < <("$python" - "$work/optuna.json" "$epochs" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
rows = o["trials"]
trained = sum(t["epochs_run"] or 0 for t in rows)
best = o["best"]["value"] if o.get("best") else None
ph = o["phases_seconds"]
outside = o["wall_seconds"] - ph["workers"]
work = sum((t["epochs_run"] or 0) * int(t["params"]["width"]) for t in rows)
print("%d_of_%d" % (trained, len(rows) * int(sys.argv[2])), "-" if best is None else "%.4f" % best,
      "%.0f%%" % (100 * o["worker_utilization"]), "%.1f" % outside, work)
PY
)
}

printf '%-6s %-30s %8s %14s %9s %7s  %s\n' seed side "wall s" "epochs" best work "slots busy"
ratios=()
per_work=()
for ((i = 0; i < runs; i++)); do
  seed_i=$((seed + i))
  run_pair "$seed_i"
  printf '%-6s %-30s %8.1f %14s %9s %7s  %s\n' "$seed_i" "sparksweep (local[$slots])" "$s_wall" "$s_epochs" "$s_best" \
    "$s_work" "$s_busy"
  if [[ $have_peer == 1 ]]; then
    printf '%-6s %-30s %8.1f %14s %9s %7s  %s\n' "$seed_i" "optuna + pytorch ($slots workers)" "$o_wall" "${o_epochs//_/ }" \
      "$o_best" "$o_work" "$o_busy in objective, ${o_outside} s outside its workers"
    ratios+=("$(awk -v s="$s_wall" -v o="$o_wall" 'BEGIN{printf "%.2f", s / o}')")
    per_work+=("$(awk -v s="$s_wall" -v o="$o_wall" -v sw="$s_work" -v ow="$o_work" 'BEGIN{printf "%.2f", (s / sw) / (o / ow)}')")
    echo "       ratio sparksweep / optuna: ${ratios[-1]} (per unit of work: ${per_work[-1]})"
  fi
done
median() {
  printf '%s\n' "$@" | sort -n | awk '{r[NR] = $1} END {m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2;
    printf "%.2f (%.2f to %.2f)", m, r[1], r[NR]}'
}
if [[ ${#ratios[@]} -gt 1 ]]; then
  echo "median ratio over ${#ratios[@]} seeds: $(median "${ratios[@]}"); per unit of work: $(median "${per_work[@]}")"
fi
echo
echo "the last run's trace (sweep seed $seed_i):"
sed -n '/^trace: /,/peak output folder size/p' "$work/sparksweep.log"
# the rest of sparksweep's wall: the launcher, and after the loop the summary, report and exit
awk -v w="$s_wall" '/^trace: .* in [0-9.]+ s/ {for (i = 1; i <= NF; i++) if ($i == "in") loop = $(i + 1)}
  /start-up before it:/ {start = $4}
  END {if (loop != "") printf "  outside the loop: %.1f s (start-up %.1f s; the launcher, summary, report and exit %.1f s)\n", w - loop, start, w - loop - start}' \
  "$work/sparksweep.log"
