#!/usr/bin/env bash
# Per-step profile of three training runs: where the time of a step goes (docs/performance.md).
#
#   scripts/bench-step.sh [--steps N] [--cnn-steps N] [--sharded-steps N] [--skip K]
#                         [--master URL] [--out DIR]
#
# Runs, with the documented launcher (scripts/byzspark train):
#   default  the default job (MNIST, MLP 784-100-10, n = 15, f = 5, little + cwtm), N steps (100)
#   cnn      the RESAM CNN job (jobs/resam-mnist-cnn.conf, d = 176,050), N steps (20)
#   sharded  the default job with --aggregation sharded (the messages stay on the executors),
#            N steps (50)
# each with the job's own settings otherwise, then reads each run's timing.csv and prints one row
# per run: the median over its steps of every column (the first K steps left out, 2 by default:
# the first step also deals the data into the workers' blocks and compiles the code). Medians are
# taken column by column, so the medians of the items need not add up to the median step.
#
# Beside them, in the same invocation, Spark's own cost of a step that does no work
# (org.byzspark.bench.SparkJobFloor, the "spark floor" row): as many steps as the default run, each
# broadcasting a vector of the MLP's size and running one job of as many tasks as the default run's
# worker job, each task returning one number. Below the table, for the default and the CNN runs, the
# step's own work (worker compute per task, as the tasks run side by side, plus the Byzantine
# stage, the rule and the update) and the step against it, with and without Spark's floor.
#
# The runs go into DIR/<name> (--out; a temporary directory, removed at the end, without it);
# each run's console output is DIR/<name>.log. --master is passed to the launcher (local[*] by
# default). The table is printed with the date, the machine, its load average and the commands.
#
# Exit 0: every run finished and its table row was printed; 1: a run failed; 2: bad usage.
set -euo pipefail
export LC_ALL=C

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$home/scripts/byzspark"

usage() {
  sed -n '4,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "bench-step.sh: $*" >&2; exit 2; }
say() { echo "bench-step.sh: $*" >&2; }

positive() { # NAME VALUE: VALUE must be a positive integer
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1: '$2' is not a positive integer"
}

steps=100
cnn_steps=20
sharded_steps=50
skip=2
master=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) [ $# -ge 2 ] || usage; positive --steps "$2"; steps="$2"; shift 2 ;;
    --cnn-steps) [ $# -ge 2 ] || usage; positive --cnn-steps "$2"; cnn_steps="$2"; shift 2 ;;
    --sharded-steps) [ $# -ge 2 ] || usage; positive --sharded-steps "$2"; sharded_steps="$2"; shift 2 ;;
    --skip)
      [ $# -ge 2 ] || usage
      [[ "$2" =~ ^[0-9]+$ ]] || die "--skip: '$2' is not a whole number"
      skip="$2"; shift 2 ;;
    --master) [ $# -ge 2 ] || usage; master="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '$1'; allowed: --steps N, --cnn-steps N, --sharded-steps N, --skip K, --master URL, --out DIR" ;;
  esac
done
for n in "$steps" "$cnn_steps" "$sharded_steps"; do
  [ "$skip" -lt "$n" ] || die "--skip: $skip leaves no step of a run of $n steps"
done

if [ -z "$out" ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
elif [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  die "--out: $out is not empty; give a new directory"
fi
mkdir -p "$out"

runs=(
  "default|--steps $steps"
  "cnn|--job jobs/resam-mnist-cnn.conf --steps $cnn_steps"
  "sharded|--aggregation sharded --steps $sharded_steps"
)

# The columns of timing.csv printed, in order (the heap is left out: see timing.csv).
columns=(broadcast_ms workers_ms shuffle_ms byzantine_ms rule_ms update_ms evaluation_ms
         checkpoint_ms other_ms step_ms tasks task_compute_ms task_launch_ms task_result_ms)

# median FILE COLUMN SKIP: the median of COLUMN over the rows with step > SKIP (empty cells left out).
median() {
  local idx
  idx="$(head -n 1 "$1" | tr ',' '\n' | grep -n -x -F "$2" | cut -d: -f1 || true)"
  [ -n "$idx" ] || { echo "?"; return; }
  awk -F, -v c="$idx" -v skip="$3" 'NR > 1 && $1 > skip && $c != "" { print $c }' "$1" \
    | sort -g \
    | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "-"; exit }
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf (m == int(m) || m >= 100 ? "%.0f\n" : m >= 1 ? "%.1f\n" : "%.3g\n"), m
      }'
}

failed=0
commands=()
for r in "${runs[@]}"; do
  name="${r%%|*}"
  read -r -a args <<<"${r#*|}"
  cmd=(train "${args[@]}")
  if [ -n "$master" ]; then cmd+=(--master "$master"); fi
  cmd+=(--out "$out/$name")
  commands+=("scripts/byzspark ${cmd[*]}")
  say "$name: scripts/byzspark ${cmd[*]}"
  t0=$SECONDS
  if ! (cd "$home" && "$launcher" "${cmd[@]}") >"$out/$name.log" 2>&1; then
    say "$name: FAILED after $((SECONDS - t0)) s; last lines of its log:"
    tail -n 5 "$out/$name.log" | sed 's/^/    /' >&2
    failed=1
    continue
  fi
  say "$name: finished in $((SECONDS - t0)) s"
done

# Spark's floor: the launcher's JVM options and Spark settings, the test classes (built if stale).
floor_file="$out/floor.txt"
floor_tasks="$( [ -f "$out/default/timing.csv" ] && median "$out/default/timing.csv" tasks "$skip" || echo 2)"
[[ "$floor_tasks" =~ ^[1-9][0-9]*$ ]] || floor_tasks=2
(
  cd "$home"
  # shellcheck source=scripts/bench-lib.sh
  . scripts/bench-lib.sh
  bench_classpath target/test-classes/org/byzspark/bench/SparkJobFloor.class
  bench_launcher_settings
  # shellcheck disable=SC2086
  java "${BENCH_JVM[@]}" ${BYZSPARK_JAVA_OPTS:-} -Dlog4j2.configurationFile="$home/conf/log4j2.properties" \
    "${BENCH_PROPS[@]}" -cp "$BENCH_CP" \
    org.byzspark.bench.SparkJobFloor "${master:-local[*]}" "$floor_tasks" 79510 "$steps" "$skip" \
    2> >(grep -v '^WARNING: Using incubator modules' >"$out/floor.log")
) >"$floor_file" || { say "spark floor: FAILED; see $out/floor.log"; failed=1; }
say "spark floor: $(cat "$floor_file" 2>/dev/null)"
cores="$(nproc 2>/dev/null || echo '?')"
mem="$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '?')"
load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "Per-step profile, $(date -u +%Y-%m-%dT%H:%MZ), $cores cores $(uname -m), $mem, load average $load"
echo "(medians over the steps after the first $skip of each run; ms; see docs/performance.md)"
for c in "${commands[@]}"; do echo "  $c"; done
echo "  spark floor: org.byzspark.bench.SparkJobFloor ${master:-local[*]} $floor_tasks 79510 $steps $skip"
echo
printf '| run | steps |'
for c in "${columns[@]}"; do printf ' %s |' "${c%_ms}"; done
echo
printf '|---|---:|'
for c in "${columns[@]}"; do printf -- '---:|'; done
echo
for r in "${runs[@]}"; do
  name="${r%%|*}"
  file="$out/$name/timing.csv"
  if [ ! -f "$file" ]; then
    echo "| $name | failed |"
    failed=1
    continue
  fi
  rows=$(($(wc -l <"$file") - 1))
  printf '| %s | %d |' "$name" "$rows"
  for c in "${columns[@]}"; do printf ' %s |' "$(median "$file" "$c" "$skip")"; done
  echo
done
floor_step=""
if read -r _ fb _ fj _ fs <"$floor_file" 2>/dev/null && [ -n "${fs:-}" ]; then
  floor_step="$fs"
  printf '| spark floor | %d |' "$steps"
  for c in "${columns[@]}"; do
    case "$c" in
      broadcast_ms) printf ' %.2f |' "$fb" ;;
      workers_ms) printf ' %.2f |' "$fj" ;;
      step_ms) printf ' %.2f |' "$fs" ;;
      tasks) printf ' %s |' "$floor_tasks" ;;
      *) printf ' - |' ;;
    esac
  done
  echo
fi
echo
for name in default cnn; do
  file="$out/$name/timing.csv"
  [ -f "$file" ] || continue
  step="$(median "$file" step_ms "$skip")"
  compute="$(median "$file" task_compute_ms "$skip")"
  tasks="$(median "$file" tasks "$skip")"
  byz="$(median "$file" byzantine_ms "$skip")"
  rule="$(median "$file" rule_ms "$skip")"
  update="$(median "$file" update_ms "$skip")"
  awk -v n="$name" -v s="$step" -v c="$compute" -v t="$tasks" -v b="$byz" -v r="$rule" -v u="$update" -v f="$floor_step" 'BEGIN {
    if (c == "-" || c == "?" || t + 0 <= 0) { printf "%s: no task metrics\n", n; exit }
    w = c / t + b + r + u
    printf "%s: work %.1f ms (compute %.1f per task + byzantine %.1f + rule %.1f + update %.2f); step %.1f ms = %.2f x work", n, w, c / t, b, r, u, s, s / w
    if (f != "") printf "; work + spark floor %.1f ms, step = %.2f x that", w + f, s / (w + f)
    printf "\n"
  }'
done
exit "$failed"
