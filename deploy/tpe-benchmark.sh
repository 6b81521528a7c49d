#!/usr/bin/env bash
# TPE against random search on real MNIST, same space and budget (search-spaces/tpe-mnist.yaml and
# random-mnist.yaml: 30 configurations of 2-epoch trials over learning rate, width, L2 and input
# noise), for several sweep seeds, and Optuna's TPE with the constant liar on its own space
# (learning rate, width, L2) in the same run. Prints the best test accuracy after 10, 20 and 30
# configurations and each sweep's wall time, the work its sampler chose (epochs trained x width, summed
# over the trials: a 784-W-10 epoch costs about W times a width-1 one) and the wall per unit of work,
# which compares the machinery when the samplers chose networks of different sizes.
#   --peer-space   our sweeps without input noise, so that both sides search the same space (learning rate
#                  log [1e-3, 1], width log [16, 512], L2 log [1e-6, 1e-3]): the wall times then compare
#   --epochs N     epochs per trial on both sides (default 2)
# Usage: deploy/tpe-benchmark.sh --data-dir DIR [--seeds "1 2 3"] [--slots 2] [--peer-space] [--epochs 2]
#                                [--peer ../shared/peers/optuna_sweep.py]
# The peer needs Optuna and PyTorch: apt-get install -y python3-optuna python3-torch libopenblas0-pthread
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="" seeds="1 2 3" slots=2 peer="$root/../shared/peers/optuna_sweep.py" python=/usr/bin/python3 peer_space="" epochs=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --slots) slots="$2"; shift 2 ;;
    --peer) peer="$2"; shift 2 ;;
    --peer-space) peer_space=yes; shift ;;
    --epochs) epochs="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ -n "$data" && -d "$data" ]] || { echo "error: --data-dir DIR with MNIST's four IDX files is required" >&2; exit 2; }
data="$(cd "$data" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
"$root/deploy/run-local.sh" --help > /dev/null # build first

at() { awk -v n="$2" '$1 == n {print $2}' "$1"; }
printf '%-8s %-5s %9s %9s %9s %8s %8s %10s\n' method seed "best@10" "best@20" "best@30" "wall s" "work" "ms/work"
for seed in $seeds; do
  for method in tpe random; do
    name="$method-s$seed"
    sed -e "s/^name: .*/name: $name/" -e "s/^seed: .*/seed: $seed/" -e "s/^  epochs: .*/  epochs: $epochs/" \
      ${peer_space:+-e "/^  input_noise:/d"} "$root/search-spaces/$method-mnist.yaml" > "$work/$name.yaml"
    start=$(date +%s.%N)
    "$root/deploy/run-local.sh" "$work/$name.yaml" --out "$work/out" --data-dir "$data" --master "local[$slots]" > "$work/$name.log"
    wall=$(awk -v a="$(date +%s.%N)" -v b="$start" "BEGIN{print a - b}")
    SPARKSWEEP_MAIN=io.sparksweep.bench.BestSoFar "$root/deploy/run-local.sh" "$work/out/$name" 2>/dev/null > "$work/$name.best"
    units=$(at "$work/$name.best" work)
    printf '%-8s %-5s %9s %9s %9s %8.1f %8s %10.2f\n' "$method" "$seed" "$(at "$work/$name.best" 10)" "$(at "$work/$name.best" 20)" \
      "$(at "$work/$name.best" 30)" "$wall" "$units" "$(awk -v w="$wall" -v u="$units" 'BEGIN{print 1000 * w / u}')"
  done
  if [[ -f "$peer" ]]; then
    start=$(date +%s.%N)
    "$python" "$peer" --random 30 --sampler tpe --constant-liar --epochs "$epochs" --batch 128 --workers "$slots" --seed "$seed" \
      --data "$data" > "$work/optuna-$seed.json"
    wall=$(awk -v a="$(date +%s.%N)" -v b="$start" "BEGIN{print a - b}")
    "$python" - "$work/optuna-$seed.json" "$seed" "$wall" <<'PY'
import json, sys
rows = sorted(json.load(open(sys.argv[1]))["trials"], key=lambda t: t["number"])
best, at = None, {}
for n, t in enumerate(rows, 1):
    if t["state"] == "COMPLETE" and t["value"] is not None:
        best = t["value"] if best is None else max(best, t["value"])
    at[n] = best
f = lambda n: "%.4f" % at[n] if at.get(n) is not None else "-"
work = sum((t["epochs_run"] or 0) * int(t["params"]["width"]) for t in rows)
wall = float(sys.argv[3])
print("%-8s %-5s %9s %9s %9s %8.1f %8d %10.2f" % ("optuna", sys.argv[2], f(10), f(20), f(30), wall, work, 1000 * wall / work))
PY
  fi
done
