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

cores="$(nproc 2>/dev/null || echo '?')"
mem="$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '?')"
load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "Per-step profile, $(date -u +%Y-%m-%dT%H:%MZ), $cores cores $(uname -m), $mem, load average $load"
echo "(medians over the steps after the first $skip of each run; ms; see docs/performance.md)"
for c in "${commands[@]}"; do echo "  $c"; done
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
exit "$failed"
