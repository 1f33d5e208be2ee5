#!/usr/bin/env bash
# CI: runs notebooks/analysis.ipynb headless, twice, as the documented command does (from the
# repository root, GRID_DIR a relative path); the notebook fails if its tables disagree (summary.csv,
# worst-case.csv and each run's metrics.csv against results.csv):
#   1. on a fresh run of notebooks/example.grid (36 short runs over a generated MNIST-like
#      dataset), after 'byzspark plot' on the same directory;
#   2. on the committed example grid, notebooks/example-grid (the notebook's default GRID_DIR, from
#      which docs/analysis.html is rendered), so that the notebook still reads it.
# Then says whether the committed example's final accuracies are still those of a fresh run (same
# seeds, so they are unless training changed; scripts/notebook-example.sh regenerates it).
# Installs pandas, matplotlib and nbconvert from Debian if missing (scripts/notebook-deps.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/notebook-deps.sh
# Debian's python3 (a pyenv python3 earlier on the PATH would lack the Debian packages)
export PATH="/usr/bin:$PATH"
# quiets the kernel's debugger notice about frozen modules
export PYDEVD_DISABLE_FILE_VALIDATION=1

work="$(mktemp -d)"
mkdir -p target
rel="$(realpath --relative-to=. "$(mktemp -d target/ci-notebook.XXXXXX)")"
trap 'rm -rf "$work" "$rel"' EXIT
# the dataset notebooks/example.grid names
rm -rf target/notebook-example/data
/usr/bin/python3 scripts/gen-idx.py target/notebook-example/data 1200 300 8 1
status=0
scripts/byzspark grid notebooks/example.grid --out "$rel/grid" --parallel 4 --master 'local[2]' \
  || status=$?
# exit 1: some runs failed, as the grid means them to (nan against average)
[ "$status" -le 1 ] || exit "$status"
scripts/byzspark plot "$rel/grid" >/dev/null

execute() {   # OUTPUT-NAME, with GRID_DIR as the environment gives it (unset: the default)
  /usr/bin/python3 -m nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 \
    --output-dir "$work" --output "$1" notebooks/analysis.ipynb
}
GRID_DIR="$rel/grid" execute fresh
echo "ci-notebook: notebooks/analysis.ipynb executed on GRID_DIR=$rel/grid, checks passed"
(unset GRID_DIR; execute committed)
echo "ci-notebook: notebooks/analysis.ipynb executed on the committed notebooks/example-grid, checks passed"

/usr/bin/python3 - "$rel/grid/summary.csv" notebooks/example-grid/summary.csv <<'PY'
import sys
import pandas as pd
fresh, committed = (pd.read_csv(p).set_index("run_id")["final_accuracy"].sort_index() for p in sys.argv[1:])
if not fresh.index.equals(committed.index):
    print("ci-notebook: note: notebooks/example-grid has other run ids than notebooks/example.grid"
          " gives now; scripts/notebook-example.sh regenerates it")
else:
    differ = (fresh != committed) & ~(fresh.isna() & committed.isna())
    print(f"ci-notebook: {int(differ.sum())} of {len(fresh)} final accuracies of notebooks/example-grid"
          " differ from a fresh run" + ("; scripts/notebook-example.sh regenerates it" if differ.any() else ""))
PY
