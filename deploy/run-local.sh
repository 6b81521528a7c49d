#!/usr/bin/env bash
# Runs a sweep on this machine with Spark in local mode (local[*] unless --master says otherwise).
# Usage: deploy/run-local.sh SWEEP_FILE [--out DIR] [--data-dir DIR] [--master URL] [--jars A.jar,B.jar] [--dry-run] [--fresh] [--verbose] ...
# Every option is passed to sparksweep; `deploy/run-local.sh --help` lists them. --jars (a user's model
# classes and their dependencies) also go on this JVM's class path.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$root/spark-jobs"
classpath_file="$module/target/local-classpath.txt"

# Java 17: Spark 3.5 does not run on the newest JDKs.
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -q 'version "17'; then
  for candidate in /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/temurin-17*/bin/java; do
    if [[ -x "$candidate" ]]; then java_bin="$candidate"; break; fi
  done
fi

# Build (compile + Spark-included classpath) when any source or pom is newer than the last build.
if [[ ! -s "$classpath_file" || -n "$(find "$module/src/main" "$module/pom.xml" "$root/pom.xml" -newer "$classpath_file" -print -quit)" ]]; then
  echo "building sparksweep (the first build downloads its dependencies)..." >&2
  mkdir -p "$module/target"
  source "$root/deploy/lib/maven.sh"
  if ! (cd "$root" && "$mvn_bin" -B -Dstyle.color=never -DskipTests -pl spark-jobs compile dependency:build-classpath \
      -Dmdep.outputFile="$classpath_file") > "$module/target/local-build.log" 2>&1; then
    grep -E "ERROR|BUILD FAILURE" "$module/target/local-build.log" | head -20 >&2
    echo "error: the build failed; full log: $module/target/local-build.log" >&2
    rm -f "$classpath_file"
    exit 2
  fi
  touch "$classpath_file" # the plugin leaves an unchanged file alone; its time marks this build
fi

# One ND4J (OpenMP) thread per trial unless told otherwise: two are ~3x slower on small machines.
threads=1
master=local
jars=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --jars) jars="${args[$((i + 1))]:-}" ;;
    --jars=*) jars="${args[$i]#*=}" ;;
    --threads-per-trial) threads="${args[$((i + 1))]:-1}" ;;
    --threads-per-trial=*) threads="${args[$i]#*=}" ;;
    --master) master="${args[$((i + 1))]:-local}" ;;
    --master=*) master="${args[$i]#*=}" ;;
  esac
done
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$threads}"
# --jars a.jar,b.jar: each must exist; they follow sparksweep's own classes on the class path (after
# them, so the class-data archive, recorded without them, stays valid)
user_cp=""
if [[ -n "$jars" ]]; then
  IFS=, read -r -a jar_list <<< "$jars"
  for j in "${jar_list[@]}"; do
    [[ -f "$j" ]] || { echo "error: --jars: no file $j" >&2; exit 2; }
    user_cp="$user_cp:$(cd "$(dirname "$j")" && pwd)/$(basename "$j")"
  done
fi
# Local mode needs no network: bind to loopback (and skip Spark's warning about the host name).
# A cluster master (--master spark://...): this JVM is the driver, but the executors have only the
# cluster's Spark; ship them sparksweep's shaded jar (with DL4J/ND4J) as spark.jars, ahead of --jars,
# which the CLI appends. Its classes must match this build: rebuild it after changing the sources.
ship=()
if [[ "$master" == local* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
elif [[ "$master" == *://* ]]; then
  shaded="${SPARKSWEEP_JAR:-$module/target/sparksweep.jar}"
  [[ "$shaded" =~ ^[a-z]+:// || -f "$shaded" ]] || { echo "error: --master $master: the executors need sparksweep's shaded jar; build it with 'mvn -DskipTests package' (or set SPARKSWEEP_JAR)" >&2; exit 2; }
  [[ "$shaded" =~ ^[a-z]+:// ]] || shaded="$(cd "$(dirname "$shaded")" && pwd)/$(basename "$shaded")"
  ship=("-Dspark.jars=$shaded")
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib/java17-opens.sh" # sets opens=(...)

# BLAS. GEMMs are 70-90 % of a training step, and ND4J bundles OpenBLAS 0.3.19. A newer system
# OpenBLAS (Debian/Ubuntu's libopenblas0, the one NumPy and PyTorch use) ran them ~15 % faster on the
# reference machine (docs/benchmarks.md, "BLAS"). Use it when it is newer; SPARKSWEEP_BLAS=bundled
# keeps ND4J's own.
blas_opts=()
if [[ "${SPARKSWEEP_BLAS:-auto}" != bundled ]]; then
  system_blas="$("$(command -v ldconfig || echo /sbin/ldconfig)" -p 2>/dev/null | awk '/libopenblas\.so\.0 .*x86-64/ && !found {print $NF; found = 1}' || true)"
  real_blas="$(readlink -f "$system_blas" 2>/dev/null || true)"
  blas_version="$(sed -nE 's/.*-r([0-9]+\.[0-9]+\.[0-9]+)\.so$/\1/p' <<<"$real_blas")"
  if [[ -n "$blas_version" && "$(printf '0.3.19\n%s\n' "$blas_version" | sort -V | tail -n 1)" != 0.3.19 ]]; then
    blas_dir="$module/target/system-blas" # JavaCPP loads a library by name from a folder: give it one
    mkdir -p "$blas_dir" && ln -sf "$real_blas" "$blas_dir/libsystemopenblas.so"
    blas_opts=(-Dorg.bytedeco.openblas.load=systemopenblas -Dorg.bytedeco.javacpp.platform.preloadpath="$blas_dir"
      "-Dsparksweep.blas=OpenBLAS $blas_version (system, $real_blas)")
  fi
fi

# nopointergc: JavaCPP's per-allocation physical-memory check is a large share of a small network's
# step; trials reuse their batch arrays, so memory stays flat without it (measured: faster and smaller).
# retrain is the exception: DL4J Spark deserializes new arrays every averaging round, which only that
# check's GC frees (a 10 M-row retrain grew an executor to 10.9 GB without it).
pointer_gc_off=true
[[ "${1:-}" == retrain ]] && pointer_gc_off=false
jvm_opts=(-Dorg.bytedeco.javacpp.nopointergc=$pointer_gc_off -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.eclipse.deeplearning4j.helpers.disable=false "${blas_opts[@]}")

# Class-data sharing (a JDK feature): once per build, a tiny sweep on generated data runs in a JVM
# that records the classes it loads (Spark's, Hadoop's, DL4J's) into an archive; every later run maps
# it instead of loading and verifying them again, ~1 s less per run here (docs/benchmarks.md,
# "Class-data sharing"). The JVM needs the classes in a jar for it. A stale or unusable archive is
# ignored silently; SPARKSWEEP_CDS=off skips all of it.
classes="$module/target/classes"
cds_opts=()
jar_bin="$(dirname "$(readlink -f "$(command -v "$java_bin")")")/jar"
if [[ "${SPARKSWEEP_CDS:-on}" != off && -x "$jar_bin" ]]; then
  app_jar="$module/target/sparksweep-classes.jar"
  archive="$module/target/sparksweep-classes.jsa"
  if [[ ! -s "$app_jar" || "$classpath_file" -nt "$app_jar" ]]; then
    rm -f "$archive"
    "$jar_bin" cf "$app_jar.$$.tmp" -C "$module/target/classes" . && mv "$app_jar.$$.tmp" "$app_jar"
  fi
  quiet_cds=(-Xlog:cds=off,cds+dynamic=off)
  if [[ ! -s "$archive" ]]; then
    echo "recording the classes a sweep loads, once per build (JVM class-data sharing)..." >&2
    if "$java_bin" -XX:ArchiveClassesAtExit="$archive.$$.tmp" "${quiet_cds[@]}" "${jvm_opts[@]}" "${opens[@]}" \
        -cp "$app_jar:$(cat "$classpath_file")" io.sparksweep.cli.ClassArchiveRun > /dev/null 2>&1 && [[ -s "$archive.$$.tmp" ]]; then
      mv "$archive.$$.tmp" "$archive"
    else
      rm -f "$archive.$$.tmp"
    fi
  fi
  classes="$app_jar"
  if [[ -s "$archive" ]]; then
    cds_opts=(-XX:SharedArchiveFile="$archive" "${quiet_cds[@]}")
  fi
fi

exec "$java_bin" "${cds_opts[@]}" "${jvm_opts[@]}" "${ship[@]}" ${SPARKSWEEP_JAVA_OPTS:-} "${opens[@]}" \
  -cp "$classes:$(cat "$classpath_file")$user_cp" \
  "${SPARKSWEEP_MAIN:-io.sparksweep.cli.SweepCli}" "$@"
