#!/usr/bin/env bash
# HDFS and YARN for real, on this machine: Hadoop 3.3.4's own test cluster (MiniDFSCluster and
# MiniYARNCluster in one JVM, deploy/hadoop/MiniHadoop.java; jars from Maven Central through
# deploy/hadoop/pom.xml, which is not part of the build), then:
#   1. a local-mode sweep (local[2]) whose dataset is read from hdfs:// and whose results go to hdfs://,
#      killed after its first commit; the same command resumes it, and once more finds all stored;
#   2. its trial Parquet files are in HDFS: listed there, copied out and checked (every planned trial
#      exactly once), and `report` rewrites report/ from the hdfs:// folder;
#   3. deploy/submit-yarn.sh client and 4. deploy/submit-yarn.sh cluster with the shaded jar: YARN
#      reports the application SUCCEEDED, every planned trial is in HDFS, trained in YARN executors;
#   5. deploy/submit-yarn.sh client retrain of step 3's sweep: its winner trained data-parallel in YARN
#      executors (DL4J Spark, minibatches exported to HDFS), model and sidecar stored in HDFS.
# Usage: deploy/hadoop-check.sh   (needs the shaded jar: mvn -DskipTests package; 2 to 3 minutes)
# Prints OK or FAIL per check and exits 1 if any failed. HADOOP_CHECK_KEEP=1 keeps the work folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -f "$root/spark-jobs/target/sparksweep.jar" ]] || { echo "error: build the jar first: mvn -DskipTests package" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/hadoop-check.XXXXXX")"
started=$(date +%s)
failed=0 passed=0
step() { echo; echo "=== $*"; }
ok() { echo "OK    $*"; passed=$((passed + 1)); }
fail() { echo "FAIL  $*"; failed=$((failed + 1)); }

# Java 17 (Spark 3.5), and a JAVA_HOME that the NodeManager hands to its containers.
if [[ -z "${JAVA_HOME:-}" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "17'; then
  for candidate in "$(readlink -f "$(command -v java)")" /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/temurin-17*/bin/java; do
    if [[ -x "$candidate" ]] && "$candidate" -version 2>&1 | grep -q 'version "17'; then
      JAVA_HOME="$(dirname "$(dirname "$candidate")")"; break
    fi
  done
fi
export JAVA_HOME
java="$JAVA_HOME/bin/java"
source "$root/deploy/lib/java17-opens.sh" # sets opens=(...)
source "$root/deploy/lib/maven.sh"       # sets mvn_bin (mvn, or ./mvnw)

mini_pid=""
cleanup() {
  local code=$?
  set +e
  # The mini cluster has no graceful stop worth waiting for (docs/cluster.md, "HDFS and YARN on
  # this machine"); its YARN containers run in sessions of their own, with this run's work folder in
  # their command lines.
  [[ -n "$mini_pid" ]] && { kill -KILL "$mini_pid"; wait "$mini_pid"; } 2> /dev/null
  for pid in $(pgrep -f -- "$work/" || true); do kill -KILL "$pid" 2>/dev/null || true; done
  if [[ -n "${HADOOP_CHECK_KEEP:-}" ]]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
  exit $code
}
trap cleanup EXIT

# Classpaths: Hadoop's test cluster, and Spark's YARN module for the Spark "distribution" below.
cpdir="$root/deploy/hadoop/target"
classpath() { # profile -> prints the classpath file, resolving it with Maven when missing or stale
  local file="$cpdir/$1-classpath.txt" log="$work/mvn-$1.log"
  if [[ ! -s "$file" || "$root/deploy/hadoop/pom.xml" -nt "$file" ]]; then
    mkdir -p "$cpdir"
    local mvn=("$mvn_bin" -B -Dstyle.color=never -f "$root/deploy/hadoop/pom.xml" -P "$1" dependency:build-classpath -Dmdep.outputFile="$file")
    if ! "${mvn[@]}" -o > "$log" 2>&1; then
      echo "resolving $1 from Maven Central (the first time downloads about 100 MB)..." >&2
      "${mvn[@]}" > "$log" 2>&1 || { grep -E 'ERROR' "$log" | head -5 >&2; echo "error: could not resolve $1; see $log" >&2; exit 2; }
    fi
  fi
  echo "$file"
}
mini_cp="$(cat "$(classpath minicluster)")"
yarn_cp="$(cat "$(classpath spark-yarn)")"
"$root/deploy/run-local.sh" --version > /dev/null # builds spark-jobs/target/local-classpath.txt if needed

# A Spark "distribution" for spark-submit: SPARK_HOME/jars with Spark and its dependencies (the
# build's classpath without what the job jar carries, as deploy/loopback-cluster.sh makes it), Spark's
# YARN module and Hadoop's web proxy filter (both in a real distribution), and bin/spark-submit.
sh="$work/spark-home"
mkdir -p "$sh/jars" "$sh/conf" "$sh/bin"
tr ':' '\n' < "$root/spark-jobs/target/local-classpath.txt" | grep -E '\.jar$' \
  | grep -vE '/org/(deeplearning4j|nd4j|datavec|bytedeco|junit|opentest4j|apiguardian)/|/com/tngtech/|/info/picocli/' \
  | xargs -I{} ln -s {} "$sh/jars/"
tr ':' '\n' <<< "$yarn_cp" | grep -E '/(spark-yarn_2\.12|hadoop-yarn-server-web-proxy)-[^/]*\.jar$' | xargs -I{} ln -s {} "$sh/jars/"
cp "$root/deploy/hadoop/spark-submit" "$sh/bin/spark-submit"
cp "$root/conf/log4j2.properties" "$sh/conf/log4j2.properties"
export SPARK_HOME="$sh" SPARK_CONF_DIR="$sh/conf" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
# Temporary files of every JVM here (Spark's block managers, Jetty's) go into the work folder.
mkdir -p "$work/tmp"
export SPARKSWEEP_JAVA_OPTS="${SPARKSWEEP_JAVA_OPTS:-} -Djava.io.tmpdir=$work/tmp" SPARK_SUBMIT_OPTS="-Djava.io.tmpdir=$work/tmp"
unset SPARK_SUBMIT SPARK_SUBMIT_OPTS_EXTRA

step "starting HDFS (MiniDFSCluster) and YARN (MiniYARNCluster), Hadoop 3.3.4"
hadoop="$work/hadoop" conf="$work/hadoop/conf"
mkdir -p "$hadoop"
cat > "$hadoop/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=%d{HH:mm:ss} %p %c{1}: %m%n
log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR
EOF
(cd "$hadoop" && exec "$java" -Xmx1g "${opens[@]}" -Djava.io.tmpdir="$work/tmp" -cp "$hadoop:$mini_cp" "$root/deploy/hadoop/MiniHadoop.java" "$conf" 0 4096 \
  > "$hadoop/minicluster.log" 2>&1 < /dev/null) &
mini_pid=$!
for _ in $(seq 240); do [[ -f "$conf/ready" ]] && break; kill -0 "$mini_pid" 2>/dev/null || break; sleep 0.5; done
if [[ ! -f "$conf/ready" ]]; then
  grep -vE '^\s+at ' "$hadoop/minicluster.log" | tail -n 20
  fail "the mini cluster did not start (log above)"
  exit 1
fi
read -r fs rm < "$conf/ready"
echo "HDFS $fs, YARN ResourceManager $rm, client configuration in $conf"
export HADOOP_CONF_DIR="$conf" YARN_CONF_DIR="$conf"
hdfs() { "$java" -Xmx256m "${opens[@]}" -cp "$conf:$hadoop:$mini_cp" org.apache.hadoop.fs.FsShell "$@"; }
yarn_app() { # sweep name -> "<application id> <state> <final state>" of its YARN application
  "$java" -Xmx256m "${opens[@]}" -cp "$conf:$hadoop:$mini_cp" org.apache.hadoop.yarn.client.cli.ApplicationCLI \
    application -list -appStates ALL 2> /dev/null | awk -v name="sparksweep $1" -F '\t' \
    '{ for (i = 1; i <= NF; i++) gsub(/^ +| +$/, "", $i) } $2 == name || $2 == name ".yaml" { print $1, $6, $7 }'
}
stored() { # sweep output URI -> number of committed trial files
  hdfs -ls -C "$1/trials" 2> /dev/null | grep -cE '/[^/_.][^/]*\.parquet$' || true
}
trial_check() { # sweep output URI, name: copy it out of HDFS and check every planned trial is there once
  rm -rf "$work/copy/$2" && mkdir -p "$work/copy"
  hdfs -get "$1" "$work/copy/$2" && SPARKSWEEP_MAIN=io.sparksweep.bench.TrialCheck "$root/deploy/run-local.sh" "$work/copy/$2"
}

train_images=2000 # and 400 test images
java "$root/deploy/tools/SyntheticDigits.java" "$work/data" "$train_images" 400
hdfs -mkdir -p /data && hdfs -put "$work/data" /data/digits
sweep() { # name, repeats, epochs, width, dataset
  cat > "$work/$1.yaml" <<YAML
name: $1
dataset: $5
seed: 7
repeats: $2
fixed: {width: $4, epochs: $3, batch_size: 32}
search:
  learning_rate: {values: [0.05, 0.2]}
YAML
  echo "$work/$1.yaml"
}

step "1. local[2] sweep on HDFS: killed after its first commit, then resumed"
s="$(sweep hdfs-local 4 10 512 "idx:$fs/data/digits")" # ~20 s of training: time to kill it midway
out="$fs/sweeps/local" dir="$fs/sweeps/local/hdfs-local"
run=(timeout 300 "$root/deploy/run-local.sh" "$s" --out "$out" --master 'local[2]')
"${run[@]:2}" > "$work/local1.log" 2>&1 & # run-local.sh execs the driver's JVM: $! is its pid
driver=$!
deadline=$(($(date +%s) + 240))
until [[ "$(stored "$dir")" -ge 1 ]]; do kill -0 $driver 2> /dev/null && [[ $(date +%s) -lt $deadline ]] || break; sleep 0.2; done
kill -9 $driver 2>/dev/null || true
wait $driver 2>/dev/null || true
before="$(stored "$dir")"
echo "driver killed with $before trial files committed in $dir/trials"
"${run[@]}" > "$work/local2.log" 2>&1 || true
grep -E "already stored|trials \(" "$work/local2.log" || tail -n 5 "$work/local2.log"
"${run[@]}" > "$work/local3.log" 2>&1 || true
grep -E "already stored" "$work/local3.log" || tail -n 5 "$work/local3.log"
if [[ "$before" -ge 1 ]] && grep -qE "^[1-7] of 8 trials already stored in .*; running the other [1-7]$" "$work/local2.log" \
    && grep -q "^8 trials (8 ok" "$work/local2.log" && grep -q "^all 8 of 8 trials already stored" "$work/local3.log"; then
  ok "local[2] on hdfs://: killed after a commit, resumed the rest, then found all 8 of 8 stored"
else
  tail -n 20 "$work/local1.log" "$work/local2.log"
  fail "local[2] on hdfs://: kill and resume"
fi

step "2. the trial Parquet files are in HDFS"
hdfs -ls "$dir/trials" | sed -n '2,$p' || true
if trial_check "$dir" hdfs-local | tee "$work/check-local.log" | sed 's/^/  /' && grep -q "8 rows, 8 planned, 8 distinct trial ids" "$work/check-local.log"; then
  ok "the Parquet file(s) in $dir/trials ($(stored "$dir"), compacted) hold the 8 planned trials, each once"
else
  fail "trial rows in $dir/trials"
fi
if "$root/deploy/run-local.sh" report "$dir" && hdfs -test -e "$dir/report/index.html"; then
  ok "report read the trials from hdfs:// and wrote $dir/report/index.html"
else
  fail "report on $dir"
fi

# YARN: small containers (the mini NodeManager offers 4 GB), one executor with both cores, Spark's jars
# from the local SPARK_HOME (the NodeManager is on this machine), one attempt: a failure is final.
yarn_opts=(--num-executors 1 --executor-cores 2 --conf spark.executor.memory=1g
  --conf spark.executor.memoryOverhead=512m --conf spark.driver.memory=1g --conf spark.yarn.am.memory=512m
  --conf "spark.yarn.jars=local:$sh/jars/*" --conf spark.yarn.maxAppAttempts=1
  --conf spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1 --conf spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1)
export SPARK_SUBMIT_OPTS_EXTRA="${yarn_opts[*]}"
yarn_check() { # deploy mode
  local name="yarn-$1" t0 s app
  s="$(sweep "$name" 2 2 32 "idx:hdfs:///data/digits")" # hdfs:/// resolves through HADOOP_CONF_DIR
  t0=$(date +%s)
  timeout 300 "$root/deploy/submit-yarn.sh" "$1" "$s" --out hdfs:///sweeps/yarn > "$work/$name.log" 2>&1
  local code=$?
  app="$(yarn_app "$name")"
  echo "spark-submit exited with $code after $(($(date +%s) - t0)) s; YARN application: ${app:-none}"
  if [[ "$1" == client ]]; then
    tail -n 1 "$work/$name.log"
  else # the driver ran in the ApplicationMaster's container: its output is in that container's log
    find "$hadoop/target" -path "*/${app%% *}/container_*_01_000001/stdout" -exec tail -n 1 {} \; 2> /dev/null || true
  fi
  if [[ $code -eq 0 && "$app" == *" FINISHED SUCCEEDED" ]] && trial_check "$fs/sweeps/yarn/$name" "$name" | tee "$work/check-$name.log" | sed 's/^/  /' \
      && grep -qE "4 rows, 4 planned, 4 distinct trial ids, executors \[[0-9, ]+\]" "$work/check-$name.log"; then
    ok "submit-yarn.sh $1: application ${app%% *} SUCCEEDED, the 4 planned trials are in $fs/sweeps/yarn/$name, trained in YARN executors"
  else
    grep -vE '^\s+at |^\s+\.\.\.' "$work/$name.log" | tail -n 20
    fail "submit-yarn.sh $1"
  fi
}
step "3. deploy/submit-yarn.sh client (driver here, executors in YARN containers)"
yarn_check client || true
step "4. deploy/submit-yarn.sh cluster (driver in the ApplicationMaster's container)"
yarn_check cluster || true

step "5. deploy/submit-yarn.sh client retrain: step 3's winner trained data-parallel in YARN executors"
# With --approach export DL4J Spark writes the minibatches to HDFS (under the sweep folder) and the executors read them back
# each epoch, and the folder goes at the end. The configuration's own 2 epochs on the 2000 training
# images keep it to seconds of training; the YARN application is named after the sweep.
retrain_check() {
  local dir="$fs/sweeps/yarn/yarn-client" t0 app models id doc figure left
  t0=$(date +%s)
  timeout 300 "$root/deploy/submit-yarn.sh" client retrain hdfs:///sweeps/yarn/yarn-client --approach export > "$work/retrain.log" 2>&1
  local code=$?
  app="$(yarn_app "retrain yarn-client")"
  echo "spark-submit exited with $code after $(($(date +%s) - t0)) s; YARN application: ${app:-none}"
  grep -E '^\[|^retrained|^retrain |^note|^model:|^sidecar:' "$work/retrain.log" || true
  models="$(hdfs -ls -C "$dir/models" 2> /dev/null || true)"
  id="$(grep -oE '[^/]+-retrained\.json$' <<< "$models" | head -n 1)"; id="${id%-retrained.json}"
  doc="$(hdfs -cat "$dir/models/$id-retrained.json" 2> /dev/null || true)"
  field() { grep -oE "^  \"$1\" : [^,]+" <<< "$doc" | sed -E 's/.* : "?([^"]*)"?$/\1/'; }
  # the test figure the network was measured with after its last epoch (the sidecar's metrics block)
  figure="$(sed -n '/^  "metrics" : {/,/^  }/p' <<< "$doc" | grep -oE '"test_accuracy" : [0-9.E-]+' | grep -oE '[0-9.E-]+$' || true)"
  left="$(hdfs -ls -C "$dir" 2> /dev/null | grep -c "/_retrain-export-" || true)"
  echo "sidecar $id-retrained.json: retrained $(field retrained), rdd_training_approach $(field rdd_training_approach), rows_trained_on $(field rows_trained_on), examples_made $(field examples_made), workers $(field workers), test_accuracy ${figure:-none}; export folders left in HDFS: $left"
  if [[ $code -eq 0 && "$app" == *" FINISHED SUCCEEDED" && -n "$id" ]] && grep -q "/$id-retrained\.zip$" <<< "$models" \
      && [[ "$(field retrained)" == true && "$(field rdd_training_approach)" == export \
            && "$(field rows_trained_on)" == "$train_images" && "$(field examples_made)" == "$train_images" \
            && -n "$figure" && "$left" == 0 ]]; then
    ok "submit-yarn.sh client retrain: application ${app%% *} SUCCEEDED, $id-retrained.zip and .json in $dir/models, trained on all $train_images rows through minibatches exported to HDFS"
  else
    grep -vE '^\s+at |^\s+\.\.\.' "$work/retrain.log" | tail -n 20
    fail "submit-yarn.sh client retrain"
  fi
}
retrain_check || true

echo
if [[ $failed -eq 0 ]]; then
  echo "=== all HDFS and YARN checks passed ($passed of $passed, $(($(date +%s) - started)) s)"
else
  echo "=== HDFS and YARN checks: $failed of $((passed + failed)) FAILED ($(($(date +%s) - started)) s)"
  exit 1
fi
