#!/usr/bin/env bash
# A sweep on YARN (HADOOP_CONF_DIR must point at the cluster's configuration):
#   deploy/submit-yarn.sh client  search-spaces/quickstart.yaml --out hdfs:///user/$USER/sweeps --data-dir hdfs:///data/mnist
#   deploy/submit-yarn.sh cluster search-spaces/quickstart.yaml --out hdfs:///user/$USER/sweeps --data-dir hdfs:///data/mnist
# In cluster mode the driver runs in the ApplicationMaster's container: the sweep file goes with
# --files, results must go to HDFS (or another shared store), and its output is in the YARN logs
# (yarn logs -applicationId ...). Executors: SPARK_SUBMIT_OPTS_EXTRA="--num-executors 8 --executor-cores 2".
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 client|cluster SWEEP_FILE [sparksweep options]" >&2; exit 2; }
[[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]] || { echo "error: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's configuration" >&2; exit 2; }
mode="$1"; shift
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" --master yarn --deploy-mode "$mode" "$@"
