#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: one master and two workers on 127.0.0.1, each
# its own JVM, built from the Spark jars Maven already downloaded (no Spark distribution needed).
#   deploy/loopback-cluster.sh start     prints the master URL (spark://127.0.0.1:7177)
#   deploy/loopback-cluster.sh stop      stops executors, workers and master
#   deploy/loopback-cluster.sh submit    prints a SPARK_SUBMIT command for deploy/submit.sh
# Ports: LOOPBACK_PORT (7177; workers +1, +2; web UIs 8180-8182). State in spark-jobs/target/loopback/.
# What a worker needs to launch executors without a distribution: SPARK_HOME with jars/ (the
# launcher builds the executor classpath from it) and SPARK_SCALA_VERSION=2.12.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/spark-jobs/target/loopback"
port="${LOOPBACK_PORT:-7177}"
ui=$((port + 1003))
host=127.0.0.1
export SPARK_HOME="$dir/spark-home" SPARK_CONF_DIR="$dir/spark-home/conf" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=$host
unset SPARK_CLASSPATH SPARK_JAVA_OPTS
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
source "$(dirname "${BASH_SOURCE[0]}")/lib/java17-opens.sh" # sets opens=(...)

workers_alive() { # the master's JSON lists its workers with "state" : "ALIVE"
  curl -fsS "http://$host:$ui/json/" 2>/dev/null | grep -oE '"state" *: *"ALIVE"' | wc -l || true
}
master_alive() {
  curl -fsS "http://$host:$ui/json/" 2>/dev/null | grep -qE '"status" *: *"ALIVE"'
}

start() {
  mkdir -p "$dir/run" "$dir/logs"
  for f in "$dir"/run/*.pid; do
    [[ -e "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && { echo "error: the loopback cluster is already running (stop it first)" >&2; exit 2; }
  done
  rm -f "$dir"/run/*.pid
  # SPARK_HOME/jars: Spark and its dependencies (the build's classpath without DL4J/ND4J, which the job jar carries)
  "$root/deploy/run-local.sh" --version > /dev/null # builds the classpath file if needed
  rm -rf "$SPARK_HOME/jars" && mkdir -p "$SPARK_HOME/jars" "$SPARK_CONF_DIR"
  tr ':' '\n' < "$root/spark-jobs/target/local-classpath.txt" | grep -E '\.jar$' \
    | grep -vE '/org/(deeplearning4j|nd4j|datavec|bytedeco|junit|opentest4j|apiguardian)/|/com/tngtech/|/info/picocli/' \
    | xargs -I{} ln -s {} "$SPARK_HOME/jars/"
  # a glob, not `ls | grep -q`: under pipefail grep's early exit can kill ls with SIGPIPE (a flaky failure)
  compgen -G "$SPARK_HOME/jars/spark-core_2.12-3.5*" > /dev/null || { echo "error: no spark-core 3.5 on the build classpath" >&2; exit 2; }
  cp "$root/conf/log4j2.properties" "$SPARK_CONF_DIR/log4j2.properties"
  daemon() { # name, main class, args
    local name=$1; shift
    setsid bash -c 'echo $$ > "$0"; exec "$@"' "$dir/run/$name.pid" \
      "$java_bin" -Xmx512m "${opens[@]}" -cp "$SPARK_CONF_DIR:$SPARK_HOME/jars/*" "$@" > "$dir/logs/$name.log" 2>&1 < /dev/null &
  }
  daemon master org.apache.spark.deploy.master.Master --host $host --port "$port" --webui-port "$ui"
  # workers only once the master is ALIVE: an early registration is retried only after 5-15 s
  for _ in $(seq 120); do master_alive && break; sleep 0.25; done
  master_alive || { echo "error: the master did not come up; see $dir/logs/master.log" >&2; stop; exit 1; }
  for n in 1 2; do
    mkdir -p "$dir/work/worker$n"
    daemon "worker$n" org.apache.spark.deploy.worker.Worker "spark://$host:$port" --cores 1 --memory 3g \
      --host $host --port $((port + n)) --webui-port $((ui + n)) --work-dir "$dir/work/worker$n"
  done
  for _ in $(seq 120); do [[ "$(workers_alive)" -ge 2 ]] && break; sleep 0.5; done
  [[ "$(workers_alive)" -ge 2 ]] || { echo "error: the workers did not register; see $dir/logs/" >&2; stop; exit 1; }
  echo "spark://$host:$port"
}

stop() {
  for name in worker1 worker2 master; do
    f="$dir/run/$name.pid"
    [[ -s "$f" ]] || continue
    pid=$(cat "$f")
    pkill -TERM -P "$pid" 2>/dev/null || true # its executors
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 2
  for f in "$dir"/run/*.pid; do
    [[ -s "$f" ]] && { pkill -KILL -P "$(cat "$f")" 2>/dev/null || true; kill -KILL "$(cat "$f")" 2>/dev/null || true; }
    rm -f "$f"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  submit) echo "$java_bin -Xmx1g ${opens[*]} -cp $SPARK_CONF_DIR:$SPARK_HOME/jars/* org.apache.spark.deploy.SparkSubmit" ;;
  *) echo "usage: $0 start|stop|submit" >&2; exit 2 ;;
esac
