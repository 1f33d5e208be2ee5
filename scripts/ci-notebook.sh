#!/usr/bin/env bash
# CI: runs notebooks/analysis.ipynb headless on a tiny grid over generated data.
# Installs pandas, matplotlib and nbconvert from Debian if missing (the only network use: apt),
# generates a small MNIST-like IDX dataset, runs an 18-run grid and 'byzspark plot' on it, then
# executes the notebook as the README says (from the repository root, GRID_DIR a relative path),
# which fails if its numbers do not match summary.csv / worst-case.csv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pkgs=(python3-pandas python3-matplotlib python3-nbconvert python3-ipykernel jupyter-nbconvert)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci-notebook: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's python3 (a pyenv python3 earlier on the PATH would lack the Debian packages)
export PATH="/usr/bin:$PATH"

work="$(mktemp -d)"
# The grid goes to a directory relative to the repository root, which the notebook is then given
# as the README's command gives it (GRID_DIR=runs/..., run from the root).
mkdir -p target
rel="$(realpath --relative-to=. "$(mktemp -d target/ci-notebook.XXXXXX)")"
trap 'rm -rf "$work" "$rel"' EXIT
/usr/bin/python3 scripts/gen-idx.py "$work/data" 1200 300 8 1
cat > "$work/ci.grid" <<GRID
dataset    = mnist:$work/data
model      = softmax
workers    = 7
byzantine  = 2
momentum   = 0.9
steps      = 40
batch-size = 8
lr         = 0.2
eval-every = 10
aggregator = [average, cwtm, krum]
attack     = [none, little, signflip]
seed       = 1..2
GRID
scripts/byzspark grid "$work/ci.grid" --out "$rel/grid" --parallel 4 --master 'local[2]'
scripts/byzspark plot "$rel/grid" >/dev/null
GRID_DIR="$rel/grid" /usr/bin/python3 -m nbconvert --to notebook --execute \
  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 \
  --output-dir "$work" --output executed notebooks/analysis.ipynb
echo "ci-notebook: notebooks/analysis.ipynb executed on GRID_DIR=$rel/grid, checks passed"
