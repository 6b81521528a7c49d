#!/usr/bin/env bash
# End-to-end checks on a real standalone cluster on this machine (deploy/loopback-cluster.sh):
#   1. a sweep submitted with the shaded jar gives the same trial metrics as local mode;
#   2. kill -9 of an executor mid-sweep: the sweep completes, every planned trial stored exactly once;
#   3. kill -9 of the driver mid-sweep, same command again: it resumes, nothing stored twice;
#   4. a configuration DL4J cannot build is refused before anything is written (exit 2, one line), as on
#      local runs (a trial that fails by itself: NothingTrainedTest, exit 4);
#   5. early stopping (ASHA, checkpoints on the shared output folder): kill -9 of an executor and then of
#      the driver mid-sweep, same command again: every trial stored once (OK or STOPPED), no checkpoint left;
#   6. a user's own network (examples/residual-graph, a ComputationGraph) whose jar reaches the executors
#      only through Spark: deploy/submit-standalone.sh --jars (spark-submit --jars) and deploy/run-local.sh
#      --master spark://... --jars (the CLI's spark.jars; an executor killed mid-sweep) both give the
#      local-mode results, every trial OK and trained by dl4j-fit;
#   7. retrain: check 1's winner trained on all its training data across both workers (DL4J Spark,
#      parameter averaging), with kill -9 of an executor after the first epoch: the run completes and
#      stores the retrained network and its sidecar.
# Usage: deploy/cluster-check.sh [--data-dir DIR]   (default: a generated MNIST-shaped dataset)
# Needs the shaded jar and the example's jar (mvn -DskipTests package). Exit 0 when every check passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
data=""
[[ "${1:-}" == --data-dir ]] && data="$2"
[[ -f "$root/spark-jobs/target/sparksweep.jar" ]] || { echo "error: build the jar first: mvn -DskipTests package" >&2; exit 2; }
user_jar="$root/examples/residual-graph/target/residual-graph.jar"
[[ -f "$user_jar" ]] || { echo "error: build the example's jar first: mvn -DskipTests package" >&2; exit 2; }
step() { echo; echo "=== $*"; }
check() { SPARKSWEEP_MAIN=io.sparksweep.bench.TrialCheck "$root/deploy/run-local.sh" "$@"; }
stored() { find "$1/trials" -name '*.parquet' 2>/dev/null | wc -l; }
cleanup() { "$root/deploy/loopback-cluster.sh" stop > /dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

if [[ -z "$data" ]]; then
  data="$work/data"
  java "$root/deploy/tools/SyntheticDigits.java" "$data" 4000 800
fi
sweep() { # name, repeats, epochs, extra fixed entries
  cat > "$work/$1.yaml" <<YAML
name: $1
dataset: idx:$data
seed: 11
repeats: $2
fixed: {width: 64, epochs: $3, batch_size: 32$4}
search:
  learning_rate: {values: [0.05, 0.2]}
  activation: {values: [relu, tanh]}
YAML
  echo "$work/$1.yaml"
}

step "starting a standalone master and two workers on 127.0.0.1"
master="$("$root/deploy/loopback-cluster.sh" start)"
echo "$master"
export SPARK_SUBMIT="$("$root/deploy/loopback-cluster.sh" submit)"
export SPARK_SUBMIT_OPTS_EXTRA="--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1"
export SPARK_LOCAL_IP=127.0.0.1
submit() { "$root/deploy/submit.sh" --master "$master" "$@"; }

step "1. cluster vs local mode, same sweep and seeds"
s="$(sweep same 2 3 "")"
submit "$s" --out "$work/cluster" | tail -n 2
SPARKSWEEP_BLAS=bundled "$root/deploy/run-local.sh" "$s" --out "$work/local" --master 'local[2]' | tail -n 1
check "$work/cluster/same" --same-as "$work/local/same"

step "2. kill -9 one executor mid-sweep"
s="$(sweep kill 4 6 "")"
submit "$s" --out "$work/kill" > "$work/kill.log" 2>&1 &
driver=$!
until [[ "$(stored "$work/kill/kill")" -ge 1 ]]; do sleep 0.5; kill -0 $driver || { cat "$work/kill.log"; exit 1; }; done
victim="$(pgrep -f CoarseGrainedExecutorBackend | head -n 1)"
echo "killing executor JVM $victim after the first commit"
kill -9 "$victim"
wait $driver
grep -E "trials \(|Lost executor|ExecutorLost" "$work/kill.log" | tail -n 3 || true
check "$work/kill/kill"

step "3. kill -9 the driver mid-sweep, then run the same command again"
s="$(sweep resume 8 12 "")"
submit "$s" --out "$work/resume" > "$work/resume1.log" 2>&1 &
driver=$!
until [[ "$(stored "$work/resume/resume")" -ge 1 ]]; do sleep 0.2; kill -0 $driver || { cat "$work/resume1.log"; exit 1; }; done
pkill -9 -f "org.apache.spark.deploy.SparkSubmit.*resume.yaml" 2>/dev/null || true
wait $driver 2>/dev/null || true
before="$(check "$work/resume/resume" | grep -oE '[0-9]+ rows' || true)"
echo "driver killed with $before of 32 planned trials stored"
sleep 3 # the master notices the lost driver and frees its executors
submit "$s" --out "$work/resume" 2>&1 | grep -E "already stored|trials \(" || true
check "$work/resume/resume"

step "4. a network that cannot be built is refused through spark-submit before anything is written"
s="$(sweep broken 1 1 ", model: cnn, conv_layers: c8 p2 c8 p2 c8 p2 c8 p2")"
code=0
submit "$s" --out "$work/broken" > "$work/broken.log" 2>&1 || code=$?
tail -n 1 "$work/broken.log"
[[ $code -eq 2 ]] || { echo "FAILED: the sweep exited $code, not 2, for a network that cannot be built" >&2; cat "$work/broken.log" >&2; exit 1; }
grep -q "^error: the network of .* cannot be built" "$work/broken.log" || { echo "FAILED: no one-line refusal" >&2; cat "$work/broken.log" >&2; exit 1; }
[[ ! -d "$work/broken/broken" ]] || { echo "FAILED: $work/broken/broken was written" >&2; exit 1; }

step "5. early stopping: kill -9 an executor, then the driver, mid-sweep; rerun"
s="$(sweep es 2 6 "")"
printf 'early_stopping: {rule: asha, reduction_factor: 2, min_epochs: 1}\n' >> "$s"
rungs() { find "$1/rungs" -name '*.parquet' 2>/dev/null | wc -l; }
submit "$s" --out "$work/es" > "$work/es1.log" 2>&1 &
driver=$!
until [[ "$(rungs "$work/es/es")" -ge 1 ]]; do sleep 0.2; kill -0 $driver || { cat "$work/es1.log"; exit 1; }; done
victim="$(pgrep -f CoarseGrainedExecutorBackend | head -n 1)"
echo "killing executor JVM $victim after the first rung was stored"
kill -9 "$victim"
until [[ "$(rungs "$work/es/es")" -ge 3 ]]; do sleep 0.2; kill -0 $driver || { cat "$work/es1.log"; exit 1; }; done
pkill -9 -f "org.apache.spark.deploy.SparkSubmit.*es.yaml" 2>/dev/null || true
wait $driver 2>/dev/null || true
echo "driver killed after $(rungs "$work/es/es") rung commits and $(stored "$work/es/es") trial commits"
sleep 3
submit "$s" --out "$work/es" 2>&1 | grep -E "continuing from|early stopping|trials \(" || true
check "$work/es/es"
[[ ! -d "$work/es/es/checkpoints" ]] || { echo "FAILED: checkpoints left in $work/es/es/checkpoints" >&2; exit 1; }
grep -q '"event" : "end"' "$work/es/es/early_stopping.json" || { echo "FAILED: the early-stopping log did not end" >&2; exit 1; }

step "6. a user's own network, its jar shipped by Spark: submit-standalone.sh --jars, run-local.sh --master --jars"
# the residual graph on the shipped digits table, small: 4 configurations x 2 repeats of 3 epochs. The
# executors are separate JVMs without the example on their class path; the table's absolute path is
# readable by them (same machine)
cat > "$work/user.yaml" <<YAML
name: user
model: {class: io.sparksweep.examples.residual.ResidualGraphModel}
dataset: {format: csv, path: $root/examples/residual-graph/data/digits.csv, label: digit, test_fraction: 0.2, validation_fraction: 0.2}
seed: 21
repeats: 2
fixed: {epochs: 3, batch_size: 32, width: 32}
search:
  blocks: {values: [1, 2]}
  learning_rate: {values: [0.003, 0.01]}
YAML
"$root/deploy/submit-standalone.sh" "$master" "$work/user.yaml" --out "$work/user-submit" --jars "$user_jar" | tail -n 1
SPARKSWEEP_BLAS=bundled "$root/deploy/run-local.sh" "$work/user.yaml" --out "$work/user-local" --master 'local[2]' --jars "$user_jar" | tail -n 1
check "$work/user-submit/user" --same-as "$work/user-local/user" --all-status OK --trainer dl4j-fit
# the driver here, the jar shipped as spark.jars by the CLI (run-local.sh adds the shaded jar for sparksweep itself)
"$root/deploy/run-local.sh" "$work/user.yaml" --out "$work/user-client" --master "$master" --jars "$user_jar" > "$work/user-client.log" 2>&1 &
driver=$!
until [[ "$(stored "$work/user-client/user")" -ge 1 ]]; do sleep 0.2; kill -0 $driver || { cat "$work/user-client.log"; exit 1; }; done
victim="$(pgrep -f CoarseGrainedExecutorBackend | head -n 1)"
echo "killing executor JVM $victim after the first commit"
kill -9 "$victim"
wait $driver || { cat "$work/user-client.log"; exit 1; }
grep -E "trials \(|Lost executor" "$work/user-client.log" | tail -n 2 || true
check "$work/user-client/user" --same-as "$work/user-local/user" --all-status OK --trainer dl4j-fit

step "7. retrain check 1's winner across the cluster, an executor killed after the first epoch"
submit retrain "$work/cluster/same" --epochs 6 > "$work/retrain.log" 2>&1 &
driver=$!
until grep -q '^\[1/6\]' "$work/retrain.log"; do sleep 0.2; kill -0 $driver 2>/dev/null || { cat "$work/retrain.log"; exit 1; }; done
victim="$(pgrep -f CoarseGrainedExecutorBackend | head -n 1)"
echo "killing executor JVM $victim after the first epoch"
kill -9 "$victim"
wait $driver || { cat "$work/retrain.log"; exit 1; }
grep -E '^\[|^retrained|^retrain |^note' "$work/retrain.log" || true
sidecar="$(ls "$work/cluster/same/models/"*-retrained.json)"
grep -q '"retrained" *: *true' "$sidecar" || { echo "error: $sidecar does not say retrained" >&2; exit 1; }
echo "retrained network and sidecar stored: $(basename "$sidecar")"

step "all cluster checks passed"
