#!/usr/bin/env bash
# CI: runs notebooks/estimator.ipynb headless in ByzSpark's Java kernel. The notebook trains
# ByzantineClassifier on a DataFrame through a Pipeline and fails (a cell throws, nbconvert exits
# non-zero) unless cwtm beats average under the attack by a wide margin and the saved and reloaded
# model predicts the same; this script also checks that the last cell reported its checks.
# Installs nbconvert from Debian if missing (scripts/notebook-deps.sh) and the kernel into
# target/jupyter (scripts/jvm-kernel.sh; compiles ByzSpark if target/classes is missing).
#
#   scripts/ci-jvm-notebook.sh            executes into target/jvm-notebook/
#   scripts/ci-jvm-notebook.sh --html     also renders docs/estimator-notebook.html from it
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
html=0
for a in "$@"; do
  case "$a" in
  --html) html=1 ;;
  *) echo "ci-jvm-notebook: unknown argument '$a'; allowed: --html" >&2; exit 2 ;;
  esac
done

scripts/notebook-deps.sh
scripts/jvm-kernel.sh
export PATH="/usr/bin:$PATH"
export JUPYTER_PATH="$PWD/target/jupyter"
out=target/jvm-notebook
rm -rf "$out"
mkdir -p "$out"
start=$SECONDS
/usr/bin/python3 -m nbconvert --to notebook --execute \
  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=byzspark-java \
  --output-dir "$out" --output estimator notebooks/estimator.ipynb
/usr/bin/python3 - "$out/estimator.ipynb" <<'PY'
import json, sys
cells = [c for c in json.load(open(sys.argv[1]))["cells"] if c["cell_type"] == "code"]
unrun = [i for i, c in enumerate(cells) if c.get("execution_count") is None]
def text(o):
    t = o.get("data", {}).get("text/plain", "")
    return "".join(t) if isinstance(t, list) else t
last = "".join(text(o) for o in cells[-1]["outputs"])
if unrun or "checks passed" not in last:
    sys.exit(f"ci-jvm-notebook: cells not run {unrun}, last cell said {last!r}")
PY
echo "ci-jvm-notebook: notebooks/estimator.ipynb executed in the byzspark-java kernel" \
  "in $((SECONDS - start)) s, checks passed"
if [ "$html" = 1 ]; then
  # the classic template, as docs/analysis.html (smaller; its CSS passes scripts/check-wording.sh)
  /usr/bin/python3 -m nbconvert --to html --template classic --output-dir docs \
    --output estimator-notebook "$out/estimator.ipynb"
  echo "ci-jvm-notebook: docs/estimator-notebook.html rendered"
fi
