#!/usr/bin/env bash
# Grid vs. separate runs: the same 8 short runs (200 steps of the default job, 8 rules) once as one
# grid with --parallel 4 (one JVM, one Spark application, MNIST dealt once) and once as 8 sequential
# 'scripts/byzspark train' invocations (8 JVMs and Spark start-ups, 8 loads). Prints wall times and
# their ratio. The jar is built first so that neither side pays for it.
#
#   scripts/bench-grid.sh [STEPS=200] [PARALLEL=4]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
steps="${1:-200}"
parallel="${2:-4}"
rules=(cwtm cwmed meamed krum multikrum gm cc cge)

scripts/fetch-data.sh mnist data >&2                                     # MNIST, once
scripts/byzspark theory --workers 15 --byzantine 5 --dim 10 >/dev/null   # builds the jar if stale
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-grid.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cat > "$work/bench.grid" <<GRID
include    = $PWD/jobs/resam-mnist.conf
data-dir   = $PWD/data
steps      = $steps
aggregator = [$(IFS=,; echo "${rules[*]}" | sed 's/,/, /g')]
GRID

t0=$(date +%s.%N)
scripts/byzspark grid "$work/bench.grid" --parallel "$parallel" --out "$work/grid" >/dev/null 2>"$work/grid.log"
t1=$(date +%s.%N)
for r in "${rules[@]}"; do
  scripts/byzspark train --steps "$steps" --aggregator "$r" --out "$work/train-$r" >/dev/null 2>>"$work/train.log"
done
t2=$(date +%s.%N)

grid_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
seq_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')
printf '| way | runs | wall time s |\n|---|---:|---:|\n'
printf '| grid, --parallel %d (one application) | %d | %.1f |\n' "$parallel" "${#rules[@]}" "$grid_s"
printf '| %d sequential train invocations | %d | %.1f |\n' "${#rules[@]}" "${#rules[@]}" "$seq_s"
printf '\nratio sequential / grid: %.2f (target >= 1.5)\n' "$(awk -v s="$seq_s" -v g="$grid_s" 'BEGIN { print s / g }')"
# the same configuration gives the same numbers either way
for r in "${rules[@]}"; do
  g=$(ls -d "$work"/grid/runs/aggregator="$r"_* | head -n 1)
  if ! diff -q <(cut -d, -f1-3 "$g/metrics.csv") <(cut -d, -f1-3 "$work/train-$r/metrics.csv") >/dev/null; then
    echo "MISMATCH: $r differs between grid and train" >&2
    exit 1
  fi
done
echo "metrics (step, train_loss, test_accuracy) identical for all ${#rules[@]} rules"
