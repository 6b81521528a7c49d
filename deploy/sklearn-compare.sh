#!/usr/bin/env bash
# Runs a table sweep and scikit-learn's MLPClassifier / MLPRegressor with GridSearchCV on exactly
# the same split (exported by `sparksweep export-table`), and prints both side by side.
#   deploy/sklearn-compare.sh search-spaces/tabular/digits.yaml [--out DIR]
# Needs python3-sklearn (apt-get install -y python3-sklearn).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sweep="$1"; shift
out="${1:-}"; [[ "$out" == --out ]] && out="$2" || out="$(mktemp -d)"
py="${PYTHON:-python3}"
"$py" -c 'import sklearn' 2>/dev/null || py=/usr/bin/python3 # Debian's python3-sklearn, when another python3 comes first
"$py" -c 'import sklearn' 2>/dev/null || { echo "error: no scikit-learn: apt-get install -y python3-sklearn" >&2; exit 2; }
work="$(mktemp -d)"
"$root/deploy/run-local.sh" export-table "$sweep" "$work/split"
"$root/deploy/run-local.sh" "$sweep" --out "$out" --fresh | tee "$work/sweep.log"
PYTHONWARNINGS=ignore "$py" "$root/deploy/sklearn_compare.py" "$work/split" "$work/sweep.log"
