#!/usr/bin/env bash
# The networks outside the seeds' fast steps' old reach, trained through the real sweep path
# (deploy/run-local.sh on local[1], one thread) and by the PyTorch peer deploy/torch_fit_nets.py (one
# thread), one after the other in one run: seed 004's denoising autoencoder on an MNIST subset, a
# regression MLP on the real diabetes table, and one on a larger generated table (Friedman #1,
# 20 000 rows). Prints seconds per epoch (median after the first), the test figure after equal
# epochs (reconstruction loss or RMSE), the trainer and the ratio.
# Usage: deploy/fit-benchmark.sh --data-dir MNIST_DIR [--table diabetes.csv] [--limit-train 6000]
#                                [--epochs 3] [--only NAME] [--python /usr/bin/python3]
# The peer needs PyTorch: apt-get install -y python3-torch libopenblas0-pthread
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="" table="$root/search-spaces/tabular/diabetes.csv" limit=6000 epochs=3 only="" python=/usr/bin/python3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data="$2"; shift 2 ;;
    --table) table="$2"; shift 2 ;;
    --limit-train) limit="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ -n "$data" && -d "$data" ]] || { echo "error: --data-dir DIR with MNIST's four IDX files is required" >&2; exit 2; }
[[ -f "$table" ]] || { echo "error: no diabetes table at $table (--table PATH)" >&2; exit 2; }
data="$(cd "$data" && pwd)" table="$(cd "$(dirname "$table")" && pwd)/$(basename "$table")"
peer="$root/deploy/torch_fit_nets.py"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# the first N training images (and the whole test set) as IDX files, for both sides
"$python" "$root/deploy/lib/mnist_subset.py" "$data" "$work/mnist" "$limit"
# Friedman #1: y = 10 sin(pi x0 x1) + 20 (x2 - 1/2)^2 + 10 x3 + 5 x4 + N(0, 1), x uniform on [0, 1]^10
"$python" - "$work/friedman.csv" <<'PY'
import sys
import numpy as np
r = np.random.default_rng(1)
x = r.uniform(size=(20000, 10))
y = 10 * np.sin(np.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4] + r.normal(size=20000)
np.savetxt(sys.argv[1], np.column_stack([x, y]), delimiter=',', fmt='%.6f',
           header=','.join([f'x{i}' for i in range(10)] + ['y']), comments='')
PY

table_block() { # path label
  printf '{format: csv, path: "%s", label: %s, test_fraction: 0.2, validation_fraction: 0.2}' "$1" "$2"
}
# name | dataset | sweep-file fixed: block | torch_fit_nets.py arguments
nets=(
  "004-autoencoder|idx:$work/mnist|{model: autoencoder, hidden_layers: [128, 96, 128], input_noise_type: salt_and_pepper, input_noise: 0.4, optimizer: adam, learning_rate: 0.001, batch_size: 64}|autoencoder $work/mnist --hidden 128,96,128 --replace 0.4 --lr 0.001 --batch 64"
  "diabetes-mlp|$(table_block "$table" progression)|{hidden_layers: [64, 64], optimizer: adam, learning_rate: 0.001, batch_size: 32}|regression $table --label progression --hidden 64,64 --lr 0.001 --batch 32"
  "friedman-mlp|$(table_block "$work/friedman.csv" y)|{hidden_layers: [64, 64], optimizer: adam, learning_rate: 0.001, batch_size: 64}|regression $work/friedman.csv --label y --hidden 64,64 --lr 0.001 --batch 64"
)

"$root/deploy/run-local.sh" --help > /dev/null # build first, so no row pays for it
printf '%-16s %-11s %-16s %9s %11s %7s\n' net side trainer s/epoch test ratio
for spec in "${nets[@]}"; do
  IFS='|' read -r name dataset fixed peer_args <<< "$spec"
  [[ -z "$only" || "$only" == "$name" ]] || continue
  printf 'name: %s\ndataset: %s\nseed: 1\nfixed: %s\n' "$name" "$dataset" "${fixed%\}}, epochs: $epochs}" > "$work/$name.yaml"
  "$root/deploy/run-local.sh" "$work/$name.yaml" --out "$work/out" --master 'local[1]' > "$work/$name.log" 2>&1 \
    || { echo "error: the $name sweep failed; its output:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
  read -r _ ours figure trainer _ < <(SPARKSWEEP_MAIN=io.sparksweep.bench.EpochSeconds "$root/deploy/run-local.sh" "$work/out/$name" 2>/dev/null | tail -1)
  read -r -a peer_argv <<< "$peer_args"
  "$python" "$peer" "${peer_argv[@]}" --epochs "$epochs" --threads 1 > "$work/$name.json"
  read -r theirs their_figure < <("$python" -c 'import json, statistics, sys
d = json.load(open(sys.argv[1])); e = d["epoch_s"]
print(statistics.median(e[1:] or e), d.get("test_rmse", d.get("reconstruction_loss")))' "$work/$name.json")
  printf '%-16s %-11s %-16s %9.4f %11.4f %7.2f\n' "$name" sparksweep "$trainer" "$ours" "$figure" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN{print a / b}')"
  printf '%-16s %-11s %-16s %9.4f %11.4f %7.2f\n' "$name" pytorch - "$theirs" "$their_figure" 1
done
echo "s/epoch: median of the epochs after the first; test: the clean test set's reconstruction loss (autoencoder) or RMSE in the label's units (regression) after $epochs epochs"
