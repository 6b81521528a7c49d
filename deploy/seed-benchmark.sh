#!/usr/bin/env bash
# One representative network per seed notebook, trained through the real sweep path
# (deploy/run-local.sh on local[1], one thread) and by the PyTorch peer torch_net.py (one thread),
# one after the other in one run, on the same MNIST training subset; prints seconds per epoch
# (median after the first), test accuracy after equal epochs, the trainer and the ratio.
# --runs N repeats each network's pair N times (ours, then the peer's, in turn, so that both see the
# same drift of the host) and ends with each side's epoch-2 seconds per run and their spread
# (slowest / fastest): how steady one identical epoch is from run to run.
# Usage: deploy/seed-benchmark.sh --data-dir DIR [--limit-train 6000] [--epochs 3] [--only NAME] [--runs 1]
#                                 [--peer ../shared/peers/torch_net.py] [--python /usr/bin/python3]
# The peer needs PyTorch: apt-get install -y python3-torch libopenblas0-pthread
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="" limit=6000 epochs=3 runs=1 only="" peer="$root/../shared/peers/torch_net.py" python=/usr/bin/python3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data="$2"; shift 2 ;;
    --limit-train) limit="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --peer) peer="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ -n "$data" && -d "$data" ]] || { echo "error: --data-dir DIR with MNIST's four IDX files is required" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "error: --runs $runs: a whole number >= 1" >&2; exit 2; }
[[ -f "$peer" ]] || { echo "error: no peer script at $peer (--peer PATH)" >&2; exit 2; }
data="$(cd "$data" && pwd)"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# the first N training images (and the whole test set) as IDX files, for both sides
"$python" "$root/deploy/lib/mnist_subset.py" "$data" "$work/data" "$limit"

# name | sweep-file fixed: block | torch_net.py arguments
nets=(
  "000-mlp|{width: 100, learning_rate: 0.1, batch_size: 128}|--hidden 100 --lr 0.1 --batch 128"
  "002-deep|{hidden_layers: [125, 100, 50], learning_rate: 0.1, batch_size: 128}|--hidden 125,100,50 --lr 0.1 --batch 128"
  "003-momentum|{activation: tanh, width: 100, learning_rate: 0.001, momentum: 0.9, decay: 0.000001, batch_size: 100}|--hidden 100 --activation tanh --lr 0.001 --momentum 0.9 --decay 0.000001 --batch 100"
  "003-adam-dropout|{hidden_layers: 5x200, optimizer: adam, learning_rate: 0.001, dropout: 0.2, input_dropout: 0.2, batch_size: 100}|--hidden 5x200 --optimizer adam --lr 0.001 --dropout 0.2 --input-dropout 0.2 --batch 100"
  "003-tanh-adam|{hidden_layers: 3x500, activation: tanh, optimizer: adam, learning_rate: 0.001, batch_size: 100}|--hidden 3x500 --activation tanh --optimizer adam --lr 0.001 --batch 100"
  "000-cnn|{model: cnn, conv_layers: c64 p2 c64 p2, hidden_layers: [100, 50], l2: 0.0001, input_noise: 0.1, learning_rate: 0.2, batch_size: 28}|--model cnn --conv 'c64 p2 c64 p2' --hidden 100,50 --l2 0.0001 --input-noise 0.1 --lr 0.2 --batch 28"
  "001-cnn|{model: cnn, conv_layers: c32 p2 c64 p2, hidden_layers: [64], learning_rate: 0.1, batch_size: 64}|--model cnn --conv 'c32 p2 c64 p2' --hidden 64 --lr 0.1 --batch 64"
  "001-cnn-adam|{model: cnn, conv_layers: c32 p2 c64 p2, hidden_layers: [64], optimizer: adam, learning_rate: 0.001, batch_size: 64}|--model cnn --conv 'c32 p2 c64 p2' --hidden 64 --optimizer adam --lr 0.001 --batch 64"
  "001-cnn-momentum|{model: cnn, conv_layers: c32 p2 c64 p2, hidden_layers: [64], momentum: 0.9, learning_rate: 0.01, batch_size: 64}|--model cnn --conv 'c32 p2 c64 p2' --hidden 64 --momentum 0.9 --lr 0.01 --batch 64"
  "004-cnn|{model: cnn, conv_layers: c32 c64 p3 d0.5, hidden_layers: [300], learning_rate: 0.1, batch_size: 128}|--model cnn --conv 'c32 c64 p3 d0.5' --hidden 300 --lr 0.1 --batch 128"
)

"$root/deploy/run-local.sh" --help > /dev/null # build first, so no row pays for it
printf '%-18s %-12s %-10s %9s %9s %7s\n' net side trainer s/epoch accuracy ratio
spread=() # per network: "name side run1 run2 ..." of epoch-2 seconds
for spec in "${nets[@]}"; do
  IFS='|' read -r name fixed peer_args <<< "$spec"
  [[ -z "$only" || "$only" == "$name" ]] || continue
  printf 'name: %s\ndataset: idx:%s\nseed: 1\nfixed: %s\n' "$name" "$work/data" "${fixed%\}}, epochs: $epochs}" > "$work/$name.yaml"
  eval "peer_argv=($peer_args)"
  our_second="" their_second=""
  for ((run = 1; run <= runs; run++)); do
    rm -rf "$work/out/$name"
    "$root/deploy/run-local.sh" "$work/$name.yaml" --out "$work/out" --master 'local[1]' > "$work/$name.log" 2>&1 \
      || { echo "error: the $name sweep failed; its output:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    read -r _ ours acc trainer our_epochs < <(SPARKSWEEP_MAIN=io.sparksweep.bench.EpochSeconds "$root/deploy/run-local.sh" "$work/out/$name" 2>/dev/null | tail -1)
    "$python" "$peer" "$work/data" "${peer_argv[@]}" --epochs "$epochs" --threads 1 > "$work/$name.json"
    read -r theirs their_acc their_epochs < <("$python" -c 'import json, statistics, sys
d = json.load(open(sys.argv[1])); e = d["epoch_s"]
print(statistics.median(e[1:] or e), d["test_acc"][-1], ",".join(str(s) for s in e))' "$work/$name.json")
    printf '%-18s %-12s %-10s %9.3f %9.4f %7.2f\n' "$name" sparksweep "$trainer" "$ours" "$acc" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN{print a / b}')"
    printf '%-18s %-12s %-10s %9.3f %9.4f %7.2f\n' "$name" pytorch - "$theirs" "$their_acc" 1
    our_second+=" $(cut -d, -f2 <<<"$our_epochs,")" their_second+=" $(cut -d, -f2 <<<"$their_epochs,")"
  done
  spread+=("$name sparksweep$our_second" "$name pytorch$their_second")
done
if ((runs > 1)); then
  echo "epoch 2 over $runs identical runs (seconds, in run order; spread = slowest / fastest):"
  for line in "${spread[@]}"; do
    awk '{ min = max = $3; runs = ""; for (i = 3; i <= NF; i++) { if ($i < min) min = $i; if ($i > max) max = $i; runs = runs sprintf(" %.3f", $i) }
           printf "%-18s %-12s%s  spread %.2f\n", $1, $2, runs, max / min }' <<<"$line"
  done
fi
echo "s/epoch: median of the epochs after the first; accuracy: test accuracy after $epochs epochs on the first $limit training images"
