#!/usr/bin/env bash
# A sweep on Kubernetes with spark-submit (no operator), driver and executors in pods of the image
# built from deploy/Dockerfile:
#   SPARKSWEEP_IMAGE=registry/sparksweep:0.1.0 deploy/submit-k8s.sh https://API:6443 \
#       local:///opt/sparksweep/search-spaces/quickstart.yaml --out s3a://bucket/sweeps
# The image carries the jar and search-spaces/: local:///... names a file inside the image (Spark's
# convention); any Hadoop URI works too. Results must go to shared storage (s3a://, hdfs://): the driver pod is gone afterwards.
# Named datasets are resolved in each pod (bake them into the image or set SPARKSWEEP_DATA_DIR).
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: SPARKSWEEP_IMAGE=... $0 https://API:PORT SWEEP_FILE [sparksweep options]" >&2; exit 2; }
[[ -n "${SPARKSWEEP_IMAGE:-}" ]] || { echo "error: set SPARKSWEEP_IMAGE to the image built from deploy/Dockerfile" >&2; exit 2; }
api="$1"; shift
export SPARKSWEEP_JAR="${SPARKSWEEP_JAR:-local:///opt/sparksweep/sparksweep.jar}"
export SPARK_SUBMIT_OPTS_EXTRA="--conf spark.kubernetes.container.image=$SPARKSWEEP_IMAGE \
 --conf spark.kubernetes.authenticate.driver.serviceAccountName=${SPARKSWEEP_SERVICE_ACCOUNT:-spark} \
 --conf spark.executor.instances=${SPARKSWEEP_EXECUTORS:-2} ${SPARK_SUBMIT_OPTS_EXTRA:-}"
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" --master "k8s://$api" --deploy-mode cluster "$@"
