#!/usr/bin/env bash
# Issue 26: gradient sharing (DL4J's SharedTrainingMaster) against parameter averaging (what retrain uses)
# on the same MNIST MLP and the same minibatches. Builds spark-jobs with the Maven profile
# gradient-sharing (DL4J's parameter server and src/gradient-sharing/java; never in the default build)
# unless --no-build, then runs io.sparksweep.spark.GradientSharingBenchmark.
# Usage: deploy/gradient-sharing-benchmark.sh [--no-build] MNIST_DIR [--master local[2]] [--mode averaging|sharing|both]
#          [--optimizer sgd|adam] [--lr R] [--epochs 3] [--batch 128] [--hidden 64] [--workers N]
#          [--workers-per-node 1] [--seed 1] [--averaging-frequency 5]
# docs/benchmarks.md, "Gradient sharing against parameter averaging", has the figures.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$root/spark-jobs"
classpath_file="$module/target/gradient-sharing-classpath.txt"

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -q 'version "17'; then
  for candidate in /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/temurin-17*/bin/java; do
    if [[ -x "$candidate" ]]; then java_bin="$candidate"; break; fi
  done
fi

if [[ "${1:-}" == --no-build ]]; then
  shift
  [[ -s "$classpath_file" ]] || { echo "error: --no-build: no $classpath_file; run once without --no-build" >&2; exit 2; }
else
  source "$root/deploy/lib/maven.sh"
  (cd "$root" && "$mvn_bin" -B -q -Dstyle.color=never -DskipTests -Pgradient-sharing -pl spark-jobs \
    compile dependency:build-classpath -Dmdep.outputFile="$classpath_file") >&2
fi
[[ $# -ge 1 ]] || { echo "usage: $0 [--no-build] MNIST_DIR [options]" >&2; exit 2; }

source "$root/deploy/lib/java17-opens.sh" # sets opens=(...)
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" # one ND4J thread per worker, as retrain runs
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# DL4J's parameter server sets aeron.client.liveness.timeout to 30 s (its aeron.properties); the Aeron it
# brings (1.32.0) refuses to start a media driver unless the publication unblock timeout (15 s by default)
# exceeds it: "ConfigurationException: publicationUnblockTimeoutNs=15000000000 <= clientLivenessTimeoutNs".
aeron_opts=(-Daeron.publication.unblock.timeout=60000000000)
# as `run-local.sh retrain` runs: JavaCPP's pointer GC on (DL4J Spark deserializes new arrays all the time)
exec "$java_bin" -Xmx4g "${opens[@]}" "${aeron_opts[@]}" -Dorg.bytedeco.javacpp.nopointergc=false \
  -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.eclipse.deeplearning4j.helpers.disable=false \
  ${SPARKSWEEP_JAVA_OPTS:-} -cp "$module/target/classes:$(cat "$classpath_file")" \
  io.sparksweep.spark.GradientSharingBenchmark "$@"
