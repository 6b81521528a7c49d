#!/usr/bin/env bash
# Seconds per epoch of sparksweep's trial runner against the PyTorch peer, in one run, one thread each.
# Usage: deploy/benchmark.sh --data-dir DIR [--hidden 100,1000] [--epochs 10] [--seeds 3]
#                            [--peer ../shared/peers/torch_mlp.py] [--python /usr/bin/python3]
# The peer needs PyTorch: apt-get install -y python3-torch libopenblas0-pthread
set -euo pipefail
export OMP_NUM_THREADS=1
export SPARKSWEEP_MAIN=io.sparksweep.bench.EpochBenchmark
exec "$(dirname "${BASH_SOURCE[0]}")/run-local.sh" "$@"
