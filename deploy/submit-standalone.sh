#!/usr/bin/env bash
# A sweep on a Spark standalone cluster, driver here (client mode):
#   deploy/submit-standalone.sh spark://HOST:7077 search-spaces/quickstart.yaml --out /shared/results --data-dir /shared/data/mnist
# Executors must see --out and the dataset at the same paths (NFS, HDFS URI), or use a named dataset.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 spark://HOST:PORT SWEEP_FILE [sparksweep options]" >&2; exit 2; }
master="$1"; shift
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" --master "$master" --deploy-mode "${DEPLOY_MODE:-client}" "$@"
