#!/usr/bin/env bash
# Submits a sweep to a Spark cluster with the shaded jar (build it with: mvn -DskipTests package).
#
#   deploy/submit.sh --master spark://HOST:7077 [--deploy-mode client] SWEEP_FILE [sparksweep options]
#   deploy/submit.sh --master yarn --deploy-mode cluster SWEEP_FILE --out hdfs:///sweeps --data-dir hdfs:///data/mnist
#   deploy/submit.sh --master k8s://https://API:6443 --deploy-mode cluster SWEEP_FILE --out s3a://bucket/sweeps
#   deploy/submit.sh --master yarn predict --model hdfs:///sweeps/s/models/ID.zip --input hdfs:///t.csv --out hdfs:///pred
#   deploy/submit.sh --master spark://HOST:7077 retrain hdfs:///sweeps/s [--config ID] [--epochs N]
#   deploy/submit.sh --master spark://HOST:7077 SWEEP_FILE --jars my-model.jar,its-deps.jar
#
# - --jars (anywhere among the options) goes to spark-submit --jars: the jars are on the driver's and
#   every executor's class path (in cluster mode give paths or URIs the cluster can fetch).
# - Spark comes from the cluster: $SPARK_HOME/bin/spark-submit (SPARK_SUBMIT=... to override).
# - conf/spark-defaults.conf is passed as the properties file (SPARKSWEEP_CONF=... to override);
#   extra spark-submit flags go in SPARK_SUBMIT_OPTS_EXTRA, e.g. "--num-executors 8 --executor-cores 2".
#   SPARKSWEEP_SHOW_SUBMIT=1 prints the assembled spark-submit command.
# - The sweep file is never assumed on the cluster's disks: in cluster deploy mode a local sweep file is
#   shipped with --files and the driver reads its own copy (YARN and Kubernetes put it in the driver's
#   working directory); a hdfs://, s3a:// or other Hadoop URI is passed through and read from there.
# - --out and the dataset must be places every node can reach in cluster mode (HDFS, S3, NFS, or a
#   named dataset, which executors resolve and verify themselves).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${SPARKSWEEP_JAR:-$root/spark-jobs/target/sparksweep.jar}"
conf="${SPARKSWEEP_CONF:-$root/conf/spark-defaults.conf}"

master="" mode=client jars=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jars) jars="${2:-}"; shift 2 ;;
    --jars=*) jars="${1#*=}"; shift ;;
    --master) master="${2:-}"; shift 2 ;;
    --master=*) master="${1#*=}"; shift ;;
    --deploy-mode) mode="${2:-}"; shift 2 ;;
    --deploy-mode=*) mode="${1#*=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
die() { echo "error: $*" >&2; exit 2; }
[[ -n "$master" ]] || die "--master is required (spark://HOST:PORT, yarn or k8s://https://HOST:PORT)"
[[ "$mode" == client || "$mode" == cluster ]] || die "--deploy-mode must be client or cluster (got '$mode')"
[[ ${#args[@]} -ge 1 ]] || die "no sweep file given"
[[ "$jar" =~ ^[a-z]+:// || -f "$jar" ]] || die "no jar at $jar: build it with 'mvn -DskipTests package' (or set SPARKSWEEP_JAR)"
[[ -f "$conf" ]] || die "no Spark properties file at $conf"
if [[ -n "${SPARK_SUBMIT:-}" ]]; then
  read -r -a submit <<< "$SPARK_SUBMIT"
elif [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  submit=("$SPARK_HOME/bin/spark-submit")
elif command -v spark-submit > /dev/null; then
  submit=(spark-submit)
else
  die "no spark-submit: set SPARK_HOME to the cluster's Spark 3.5 (Scala 2.12) or SPARK_SUBMIT to a command"
fi

sweep="${args[0]}"
files=("$root/conf/log4j2.properties")
name="$(basename "$sweep")"
if [[ "$sweep" == report || "$sweep" == export-table || "$sweep" == evaluate || "$sweep" == predict || "$sweep" == retrain ]]; then
  # a subcommand: its options pass through as they are (in cluster mode, give paths every node reaches)
  name="$sweep"
elif [[ "$sweep" =~ ^[a-zA-Z][a-zA-Z0-9+.-]*:// ]]; then
  : # a URI: the driver reads it wherever it runs
elif [[ ! -f "$sweep" ]]; then
  die "no sweep file at $sweep"
elif [[ "$mode" == cluster ]]; then
  files+=("$sweep")
  args[0]="$(basename "$sweep")" # shipped with --files into the driver's working directory
fi

# JavaCPP's pointer GC stays off for sweeps (trials reuse their arrays) and is on for retrain, whose
# averaging rounds deserialize new arrays (its executors get it from the program: SweepSpark.startForRetrain)
pointer_gc_off=true
[[ "$sweep" == retrain ]] && pointer_gc_off=false
extra=()
[[ -n "${SPARK_SUBMIT_OPTS_EXTRA:-}" ]] && read -r -a extra <<< "$SPARK_SUBMIT_OPTS_EXTRA"
if [[ -n "$jars" ]]; then
  IFS=, read -r -a jar_list <<< "$jars"
  for j in "${jar_list[@]}"; do
    [[ "$j" =~ ^[a-z]+:// || -f "$j" ]] || die "--jars: no file $j"
  done
  extra+=(--jars "$jars")
fi
cmd=("${submit[@]}" --master "$master" --deploy-mode "$mode" --class io.sparksweep.cli.SweepCli
  --name "sparksweep $name" --properties-file "$conf" --files "$(IFS=,; echo "${files[*]}")"
  --conf "spark.driver.extraJavaOptions=-Dorg.bytedeco.javacpp.nopointergc=$pointer_gc_off -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.eclipse.deeplearning4j.helpers.disable=false -Dlog4j2.configurationFile=log4j2.properties"
  "${extra[@]}" "$jar" "${args[@]}")
[[ -n "${SPARKSWEEP_SHOW_SUBMIT:-}" ]] && echo "+ ${cmd[*]}" >&2
# in client mode the driver runs here: give it the quiet log configuration by path
if [[ "$mode" == client ]]; then
  cmd=("${cmd[@]/-Dlog4j2.configurationFile=log4j2.properties/-Dlog4j2.configurationFile=$root/conf/log4j2.properties}")
fi
exec "${cmd[@]}"
