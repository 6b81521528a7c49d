#!/usr/bin/env bash
# A whole sweep against the same sweep run with Optuna + PyTorch, in one run, on the same cores:
# 4 learning rates x width 100 x 3 repeats x 10 epochs (784-100-10, SGD, batch 128), test accuracy
# after every epoch on both sides, 2 slots / 2 worker processes. Prints both wall times (process
# start to exit: JVM, Spark, dataset, report included) and the ratio.
# Usage: deploy/sweep-benchmark.sh --data-dir DIR [--peer ../shared/peers/optuna_sweep.py] [--epochs 10]
#                                  [--slots 2] [--python /usr/bin/python3]
# The peer needs Optuna and PyTorch: apt-get install -y python3-optuna python3-torch libopenblas0-pthread
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="" peer="$root/../shared/peers/optuna_sweep.py" epochs=10 slots=2 python=/usr/bin/python3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data="$2"; shift 2 ;;
    --peer) peer="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --slots) slots="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ -n "$data" && -d "$data" ]] || { echo "error: --data-dir DIR with MNIST's four IDX files is required" >&2; exit 2; }
[[ -f "$peer" ]] || { echo "error: no peer script at $peer (--peer PATH)" >&2; exit 2; }
data="$(cd "$data" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/sweep-bench.yaml" <<YAML
name: sweep-bench
dataset: mnist
repeats: 3
seed: 1
fixed: {width: 100, hidden_layers: 1, batch_size: 128, epochs: $epochs}
search:
  learning_rate: {values: [0.001, 0.01, 0.1, 1.0]}
YAML
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
"$root/deploy/run-local.sh" --help > /dev/null # builds now, so the timing below is the sweep's alone

start=$(date +%s.%N)
"$root/deploy/run-local.sh" "$work/sweep-bench.yaml" --out "$work/out" --data-dir "$data" --master "local[$slots]" > "$work/sparksweep.log"
sparksweep=$(awk -v a="$(date +%s.%N)" -v b="$start" "BEGIN{print a - b}")
grep -E '^[0-9]+ trials \(' "$work/sparksweep.log" || true

start=$(date +%s.%N)
"$python" "$peer" --grid lr=0.001,0.01,0.1,1 width=100 --repeats 3 --epochs "$epochs" --batch 128 \
  --workers "$slots" --curves --data "$data" > "$work/optuna.json"
optuna=$(awk -v a="$(date +%s.%N)" -v b="$start" "BEGIN{print a - b}")

printf '%-28s %10s\n' "side" "wall s"
printf '%-28s %10.1f\n' "sparksweep (local[$slots])" "$sparksweep"
printf '%-28s %10.1f\n' "optuna + pytorch ($slots workers)" "$optuna"
awk -v s="$sparksweep" -v o="$optuna" "BEGIN{printf \"ratio sparksweep / optuna: %.2f\\n\", s / o}"
