#!/usr/bin/env bash
# Throughput of the same training job in local mode and on a standalone cluster on this machine
# (scripts/cluster.sh: a Master and WORKERS Workers of one core each, separate executor JVMs,
# authentication on). Prints a Markdown table: wall time of the whole command, mean step time
# after the first step (the first one waits for the executors), steps per second, final accuracy,
# and whether the step/loss/accuracy columns of the two runs are identical.
#
#   scripts/bench-cluster.sh [STEPS [WORKERS]] [-- train options...]
#   scripts/bench-cluster.sh 200 2                  the default job (MNIST), 200 steps
#
# The cluster lives in a temporary directory and is stopped on exit, also on failure or Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-200}"
workers="${2:-2}"
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
[[ "$steps" =~ ^[1-9][0-9]*$ ]] || { echo "bench-cluster.sh: STEPS must be an integer >= 1" >&2; exit 2; }
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || { echo "bench-cluster.sh: WORKERS must be an integer >= 1" >&2; exit 2; }

tmp="$(mktemp -d)"
export BYZSPARK_CLUSTER_DIR="$tmp/cluster"
cleanup() { "$here/scripts/cluster.sh" stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT

master="$("$here/scripts/cluster.sh" start --workers "$workers" | tail -n 1)"

run() { # name master -> prints "wall_s mean_step_ms accuracy"
  local name=$1 m=$2 t0 t1
  shift 2
  t0=$(date +%s.%N)
  "$here/scripts/byzspark" train --steps "$steps" --eval-every "$steps" --out "$tmp/$name" \
    --master "$m" "$@" >"$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -F, -v wall="$(echo "$t1 - $t0" | bc -l)" \
    'NR>2 { s += $5; n++ } END { printf "%.1f %.1f", wall, s / n }' "$tmp/$name/metrics.csv"
  echo " $(tail -n 1 "$tmp/$name/metrics.csv" | cut -d, -f3)"
}

run local "local[$workers]" "$@" >"$tmp/local.result"
run cluster "$master" "$@" >"$tmp/cluster.result"
read -r lw lstep lacc <"$tmp/local.result"
read -r cw cstep cacc <"$tmp/cluster.result"
same="no"
if cmp -s <(cut -d, -f1-3 "$tmp/local/metrics.csv") <(cut -d, -f1-3 "$tmp/cluster/metrics.csv"); then
  same="yes"
fi

echo "| mode | master | steps | wall s | mean step ms (steps 2..T) | steps/s | final accuracy |"
echo "|---|---|---:|---:|---:|---:|---:|"
printf '| local | local[%s] | %s | %s | %s | %.2f | %s |\n' "$workers" "$steps" "$lw" "$lstep" \
  "$(echo "1000 / $lstep" | bc -l)" "$lacc"
printf '| cluster | %s workers x 1 core | %s | %s | %s | %.2f | %s |\n' "$workers" "$steps" "$cw" \
  "$cstep" "$(echo "1000 / $cstep" | bc -l)" "$cacc"
printf '\ncluster / local mean step time: %.2fx; identical step/loss/accuracy columns: %s\n' \
  "$(echo "$cstep / $lstep" | bc -l)" "$same"
