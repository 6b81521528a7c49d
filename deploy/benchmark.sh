#!/usr/bin/env bash
# Seconds per epoch of sparksweep's trial runner against the PyTorch peer, in one run, one thread each.
# Usage: deploy/benchmark.sh --data-dir DIR [--hidden 100,1000] [--epochs 10] [--seeds 3]
#                            [--peer ../shared/peers/torch_mlp.py] [--python /usr/bin/python3]
#        Other networks (peer torch_net.py): [--hidden 5x200] [--optimizer adam] [--lr 0.001] [--batch 100]
#                            [--dropout 0.2] [--input-dropout 0.2] [--dl4j: also time MultiLayerNetwork.fit]
# The peer needs PyTorch: apt-get install -y python3-torch libopenblas0-pthread
set -euo pipefail
export OMP_NUM_THREADS=1
export OPENBLAS_NUM_THREADS=1
export SPARKSWEEP_MAIN=io.sparksweep.bench.EpochBenchmark
exec "$(dirname "${BASH_SOURCE[0]}")/run-local.sh" "$@"
