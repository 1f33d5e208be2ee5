#!/usr/bin/env bash
# BRSGD's rate check on finished runs: for each run directory (or every run of a grid directory),
# the least-squares slope of log min_{k<=K} ||grad F(w_k)|| against log K over the evaluations with
# K >= KMIN (default 20), next to -(1-p)/2 for the run's poly schedule, and the final grad_norm and
# test accuracy. The runs come from jobs/hgo/brsgd.grid:
#
#   scripts/byzspark grid jobs/hgo/brsgd.grid --parallel 1
#   scripts/brsgd-slope.sh runs/brsgd            # or: scripts/brsgd-slope.sh RUN_DIR... [--kmin K]
set -euo pipefail
kmin=20
dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kmin) kmin="${2:?--kmin needs a value}"; shift 2 ;;
    *) dirs+=("$1"); shift ;;
  esac
done
[ "${#dirs[@]}" -gt 0 ] || { echo "brsgd-slope: usage: brsgd-slope.sh DIR... [--kmin K]" >&2; exit 2; }
runs=()
for d in "${dirs[@]}"; do
  if [ -d "$d/runs" ]; then
    for r in "$d"/runs/*/; do runs+=("${r%/}"); done
  elif [ -f "$d/metrics.csv" ]; then
    runs+=("$d")
  else
    echo "brsgd-slope: $d has neither metrics.csv nor runs/; allowed: a run or grid directory" >&2
    exit 2
  fi
done
printf '| run | p | fitted slope | -(1-p)/2 | final grad_norm | final test accuracy |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
for r in "${runs[@]}"; do
  [ -f "$r/metrics.csv" ] || continue # (read on stdin below: a run id such as a=b is no file name to awk)
  # p of a poly schedule from run.json ("lr-schedule" : "poly:p=0.6"; bare poly: 0.75)
  p="$(sed -n 's/.*"lr-schedule" *: *"poly\(:p=\([0-9.]*\)\)\{0,1\}".*/\2/p' "$r/run.json" | head -n 1)"
  grep -q '"lr-schedule" *: *"poly' "$r/run.json" && [ -z "$p" ] && p=0.75
  awk -F, -v kmin="$kmin" -v p="${p:-}" -v name="$(basename "$r")" '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "grad_norm") g = i; if ($i == "test_accuracy") a = i }
              if (!g) { print "brsgd-slope: " name " has no grad_norm column" > "/dev/stderr"; exit 2 }; next }
    $g != "" { if (m == "" || $g + 0 < m) m = $g + 0; last = $g; acc = $a
      if ($1 + 0 >= kmin) { x = log($1); y = log(m); sx += x; sy += y; sxx += x * x; sxy += x * y; n++ } }
    END { if (n < 2) { printf "| %s | %s | (fewer than 2 evaluations with K >= %d) | | | |\n", name, p, kmin; exit }
      printf "| %s | %s | %.3f | %s | %.4g | %.4f |\n", name, p, (n * sxy - sx * sy) / (n * sxx - sx * sx),
        p == "" ? "" : sprintf("%.3f", -(1 - p) / 2), last, acc }' <"$r/metrics.csv"
done
