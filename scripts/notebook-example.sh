#!/usr/bin/env bash
# Regenerates the example of notebooks/analysis.ipynb:
#   notebooks/example-grid/   what 'byzspark grid notebooks/example.grid' writes (results.csv,
#                             results.parquet, summary.csv, worst-case.csv, runs/*/run.json and
#                             metrics.csv), on a generated MNIST-like dataset (scripts/gen-idx.py)
#   docs/analysis.html        the notebook executed on it, its pictures embedded
#
#   scripts/notebook-example.sh          run the grid again (36 runs), then render
#   scripts/notebook-example.sh --html   only render docs/analysis.html from the committed grid
#
# Needs Java 17+ and Maven (the launcher builds the jar when it is missing) and the notebook's
# Python packages (installed from Debian when missing: scripts/notebook-deps.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

html_only=0
case "${1:-}" in
  "") ;;
  --html) html_only=1 ;;
  *) echo "notebook-example: unknown argument '$1'; allowed: --html" >&2; exit 2 ;;
esac

scripts/notebook-deps.sh
# Debian's python3 (a python3 earlier on the PATH may lack the Debian packages)
py=/usr/bin/python3

if [ "$html_only" = 0 ]; then
  # the dataset the grid names (mnist:target/notebook-example/data), made afresh
  rm -rf target/notebook-example/data
  "$py" scripts/gen-idx.py target/notebook-example/data 1200 300 8 1
  rm -rf notebooks/example-grid
  scripts/byzspark grid notebooks/example.grid --out notebooks/example-grid --parallel 4 \
    --master 'local[2]' || [ $? -eq 1 ]   # exit 1: some runs failed, as the grid means them to
fi

# the classic template: half the size of the default one, and its inline CSS has no third-party
# comments for scripts/check-wording.sh to trip on
PYDEVD_DISABLE_FILE_VALIDATION=1 GRID_DIR=notebooks/example-grid "$py" -m nbconvert --to html \
  --template classic --execute \
  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 \
  --output-dir docs --output analysis notebooks/analysis.ipynb
echo "notebook-example: docs/analysis.html rendered from notebooks/example-grid"
