#!/usr/bin/env bash
# Throughput of the same training job in local mode and on a standalone cluster on this machine
# (scripts/cluster.sh: a Master and WORKERS Workers of one core each, separate executor JVMs,
# authentication on). Prints a Markdown table: wall time of the whole command, mean step time
# after the first step (the first one waits for the executors), the median step of the second half
# of the run (each JVM's JIT compiler has done most of its work by then), steps per second, final
# accuracy, and whether the step/loss/accuracy columns of the two runs are identical; then the
# median of every timing.csv column per mode (where a step's time goes).
#
#   scripts/bench-cluster.sh [STEPS [WORKERS]] [-- train options...]
#   scripts/bench-cluster.sh 800 2                  the default job (MNIST), 800 steps
#
# The cluster lives in a temporary directory and is stopped on exit, also on failure or Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-800}"
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

run() { # name master -> prints "wall_s mean_step_ms accuracy median_step_ms_of_the_second_half"
  local name=$1 m=$2 t0 t1
  shift 2
  t0=$(date +%s.%N)
  "$here/scripts/byzspark" train --steps "$steps" --eval-every "$steps" --out "$tmp/$name" \
    --master "$m" "$@" >"$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  # metrics.csv's columns by name (their set depends on the run's options): mean step over steps
  # 2..T, final accuracy, median step over the second half
  python3 - "$tmp/$name/metrics.csv" "$(echo "$t1 - $t0" | bc -l)" "$steps" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
step = [float(r["step_ms"]) for r in rows[1:]]
half = [float(r["step_ms"]) for r in rows if int(r["step"]) > int(sys.argv[3]) // 2]
print("%.1f %.1f %s %.1f" % (float(sys.argv[2]), statistics.mean(step), rows[-1]["test_accuracy"],
                             statistics.median(half)))
PY
}

run local "local[$workers]" "$@" >"$tmp/local.result"
run cluster "$master" "$@" >"$tmp/cluster.result"
read -r lw lstep lacc lhalf <"$tmp/local.result"
read -r cw cstep cacc chalf <"$tmp/cluster.result"
same="no"
if cmp -s <(cut -d, -f1-3 "$tmp/local/metrics.csv") <(cut -d, -f1-3 "$tmp/cluster/metrics.csv"); then # step, train_loss, test_accuracy
  same="yes"
fi

echo "| mode | master | steps | wall s | mean step ms (steps 2..T) | median step ms (second half) | steps/s | final accuracy |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
printf '| local | local[%s] | %s | %s | %s | %s | %.2f | %s |\n' "$workers" "$steps" "$lw" "$lstep" \
  "$lhalf" "$(echo "1000 / $lstep" | bc -l)" "$lacc"
printf '| cluster | %s workers x 1 core | %s | %s | %s | %s | %.2f | %s |\n' "$workers" "$steps" "$cw" \
  "$cstep" "$chalf" "$(echo "1000 / $cstep" | bc -l)" "$cacc"
printf '\ncluster / local: mean step %.2fx, median step of the second half %.2fx; identical step/loss/accuracy columns: %s\n' \
  "$(echo "$cstep / $lstep" | bc -l)" "$(echo "$chalf / $lhalf" | bc -l)" "$same"

# Where a step's time goes in each mode: the median over steps 2..T of every timing.csv column
# (docs/performance.md); medians are taken column by column.
echo
echo "Median per step, steps 2..T (timing.csv, ms):"
python3 - "$tmp/local/timing.csv" "$tmp/cluster/timing.csv" <<'PY'
import csv, statistics, sys
cols = ["broadcast_ms", "workers_ms", "byzantine_ms", "rule_ms", "update_ms", "evaluation_ms",
        "checkpoint_ms", "other_ms", "step_ms", "task_compute_ms", "task_launch_ms", "task_result_ms"]
print("| mode | " + " | ".join(c[:-3] for c in cols) + " |")
print("|---|" + "---:|" * len(cols))
for mode, path in zip(("local", "cluster"), sys.argv[1:]):
    rows = [r for r in csv.DictReader(open(path)) if int(r["step"]) >= 2]
    med = [statistics.median(float(r[c]) for r in rows) for c in cols]
    print(f"| {mode} | " + " | ".join(f"{v:.1f}" for v in med) + " |")
PY
