#!/usr/bin/env bash
# Training on a large Parquet table on the standalone cluster, with a small driver heap.
#
#  1. Generates a Parquet table of --size bytes (default 4g): an int label 0..9 and a dense Spark ML
#     Vector `features` of 32 random doubles (incompressible: the executors hold about --size bytes
#     of rows), written by Spark tasks (local[2]) from one seeded stream per row
#     (org.byzspark.bench.TableBench generate; same --seed and size, same table).
#     --data PATH takes an existing table with those columns instead.
#  2. Starts a standalone cluster (scripts/cluster.sh, in a directory of its own under the work
#     directory): --cluster-workers Workers (default 2), 1 core and --executor-memory (default 6g)
#     each. It is stopped by the process ids it recorded on every exit of this script (trap).
#  3. On that cluster, with a driver heap of -Xmx512m, once its executors are up:
#     spark.read.parquet(PATH).count(), then a scan of every column written nowhere (format noop),
#     each timed (TableBench read).
#  4. On that cluster, with a driver heap of -Xmx512m: trains the default-like job on
#     --dataset parquet:PATH (mlp, 15 workers, 5 Byzantine, little against cwtm) for --steps steps
#     (default 300; evaluation at the last step only), with Spark's event log on.
#
# Prints a table: the date, the machine, the command; the table's size and rows; the count and the
# scan (both timed once the cluster's executors are up); `load`: from the run's first Spark job, or
# the registration of the last of the cluster's executors if later (event log), to the run's header
# line (the validation and counting passes over the files, before any step); `step 1`: step 1's step_ms (timing.csv: its
# worker job reads the files again, numbers the rows and deals them into the workers' cached
# blocks) and the median step_ms of the other steps, so step 1 minus the median is the deal; the
# run's wall time; the driver's peak heap (the largest driver_peak_heap_mb of timing.csv) against
# its 512 MiB maximum.
#
# Usage: scripts/bench-table.sh [--size BYTES] [--steps T] [--seed S] [--data PATH] [--work DIR]
#        [--cluster-workers N] [--executor-memory M] [--keep]
#   --size: bytes, or with a suffix k, m, g (powers of 1024), e.g. 20m; default 4g
#   --work: where the table, the cluster and the run go (default target/bench/table); the table
#           and the run are removed at the end unless --keep
# Timings are only meaningful on a quiet machine (check `uptime`).
set -euo pipefail
cd "$(dirname "$0")/.."
home="$PWD"
cmdline="scripts/bench-table.sh $*"
die() { echo "bench-table.sh: error: $*" >&2; exit 2; }

size=4g; steps=300; seed=1; data=""; work="target/bench/table"; cworkers=2; emem=6g; keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="${2:-}"; shift 2 || die "--size needs a value" ;;
    --steps) steps="${2:-}"; shift 2 || die "--steps needs a value" ;;
    --seed) seed="${2:-}"; shift 2 || die "--seed needs a value" ;;
    --data) data="${2:-}"; shift 2 || die "--data needs a value" ;;
    --work) work="${2:-}"; shift 2 || die "--work needs a value" ;;
    --cluster-workers) cworkers="${2:-}"; shift 2 || die "--cluster-workers needs a value" ;;
    --executor-memory) emem="${2:-}"; shift 2 || die "--executor-memory needs a value" ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1; see --help" ;;
  esac
done
if [[ $size =~ ^([1-9][0-9]*)([kKmMgG]?)$ ]]; then
  case "${BASH_REMATCH[2]}" in
    k|K) bytes=$((BASH_REMATCH[1] << 10)) ;;
    m|M) bytes=$((BASH_REMATCH[1] << 20)) ;;
    g|G) bytes=$((BASH_REMATCH[1] << 30)) ;;
    *) bytes=${BASH_REMATCH[1]} ;;
  esac
else
  die "--size $size is not allowed; allowed: bytes, or with a suffix k, m or g (e.g. 20m, 4g)"
fi
[[ $steps =~ ^[0-9]+$ && $steps -ge 3 ]] || die "--steps $steps is not allowed; allowed: an integer >= 3"
[[ $seed =~ ^-?[0-9]+$ ]] || die "--seed $seed is not allowed; allowed: an integer"
[[ $cworkers =~ ^[1-9][0-9]*$ ]] || die "--cluster-workers $cworkers is not allowed; allowed: an integer >= 1"
[[ $emem =~ ^[1-9][0-9]*[mMgG]$ ]] || die "--executor-memory $emem is not allowed; allowed: e.g. 4g or 512m"
if [[ -n $data && ! $data =~ ^[A-Za-z][A-Za-z0-9+.-]*:// ]]; then
  [[ -e $data ]] || die "--data $data does not exist"
  data="$(cd "$(dirname "$data")" && pwd)/$(basename "$data")" # executors read absolute paths
fi

# The classes: the jar and its class path (scripts/byzspark builds them when stale), TableBench.
if [[ ! -f target/test-classes/org/byzspark/bench/TableBench.class ||
      -n "$(find src examples -newer target/test-classes/org/byzspark/bench/TableBench.class -name '*.java' | head -1)" ||
      ! -f target/launcher.classpath ]]; then
  echo "bench-table: building (mvn package) ..." >&2
  mvn -o -q -B -Dstyle.color=never -DskipTests package >target/bench-table-build.log 2>&1 \
    || { grep -E 'ERROR|error:' target/bench-table-build.log | head -n 20 >&2; die "the build failed (target/bench-table-build.log)"; }
fi
CP="target/test-classes:target/classes:$(cat target/launcher.classpath)"
jvm=(); while read -r l; do [[ -z $l || $l == \#* || $l == -Xmx* ]] || jvm+=("$l"); done < conf/jvm.options

mkdir -p "$work"
work="$(cd "$work" && pwd)"
export BYZSPARK_CLUSTER_DIR="$work/cluster"
child=""
generated=0
kill_tree() { # PID: the process and its descendants, by their ids
  local c
  for c in $(pgrep -P "$1" || true); do kill_tree "$c"; done
  kill -TERM "$1" 2>/dev/null || true
}
stop_cluster() {
  [[ -z $child ]] || kill_tree "$child"
  scripts/cluster.sh stop >/dev/null 2>&1 || true
  if [[ $keep == 0 ]]; then
    rm -rf "$work/run" "$work/events" "$work/generate.out" "$work/read.out"
    [[ $generated == 0 ]] || rm -rf "$work/table.parquet"
  fi
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
rm -rf "$work/run" "$work/events"
mkdir -p "$work/events"

bench() { # OUT ARGS...: java for TableBench, its output into OUT; in the background, so that
  # a signal reaches the traps at once (they end it by its id)
  local out="$1"
  shift
  java "${jvm[@]}" -Dlog4j2.configurationFile="$home/conf/log4j2.properties" -cp "$CP" "$@" \
    >"$out" 2> >(grep -v -e '^WARNING: Using incubator modules' >&2) &
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

if [[ -z $data ]]; then
  data="$work/table.parquet"
  rm -rf "$data"
  generated=1
  echo "bench-table: generating $bytes bytes of Parquet into $data ..." >&2
  bench "$work/generate.out" -Xmx4g -Dspark.master='local[2]' -Dspark.ui.enabled=false \
    org.byzspark.bench.TableBench generate "$data" "$bytes" "$seed"
  echo "bench-table: $(cat "$work/generate.out")" >&2
fi
if [[ -e $data ]]; then
  table_bytes="$(du -sb --exclude='.*' "$data" | cut -f1)"
else
  table_bytes="? (not a local path)"
fi

echo "bench-table: starting the cluster ..." >&2
master="$(scripts/cluster.sh start --workers "$cworkers" --memory "$emem" | tail -n 1)"
secret="$(sed -n 's/^spark\.authenticate\.secret[[:space:]]*//p' "$BYZSPARK_CLUSTER_DIR/spark-cluster.conf")"
cluster_props=(-Dspark.master="$master" -Dspark.authenticate=true -Dspark.driver.host=127.0.0.1
  -Dspark.driver.bindAddress=127.0.0.1 -Dspark.executor.memory="$emem" -Dspark.ui.enabled=false)

echo "bench-table: spark.read.parquet(PATH).count() and a scan on $master ..." >&2
_SPARK_AUTH_SECRET="$secret" bench "$work/read.out" -Xmx512m "${cluster_props[@]}" \
  org.byzspark.bench.TableBench read "$data" "$cworkers"
read_out="$(cat "$work/read.out")"
count_rows="$(sed -n 's/^count \([0-9]*\) ms .*/\1/p' <<<"$read_out")"
count_ms="$(sed -n 's/^count [0-9]* ms \([0-9]*\)$/\1/p' <<<"$read_out")"
scan_ms="$(sed -n 's/^scan ms \([0-9]*\)$/\1/p' <<<"$read_out")"

echo "bench-table: training $steps steps on parquet:$data on $master ..." >&2
run="$work/run"
log="$work/train.log"
t0="$(date +%s%3N)"
(
  BYZSPARK_JAVA_OPTS="-Xmx512m -Dspark.executor.memory=$emem -Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file://$work/events -Dspark.eventLog.compress=false" \
    scripts/byzspark train --master "$master" --dataset "parquet:$data" --steps "$steps" \
    --eval-every "$steps" --out "$run" --overwrite 2>&1 \
    | while IFS= read -r line; do printf '%s %s\n' "$(date +%s%3N)" "$line"; done >"$log"
  exit "${PIPESTATUS[0]}"
) &
child=$!
rc=0
wait "$child" || rc=$?
child=""
t1="$(date +%s%3N)"
if [[ $rc != 0 ]]; then
  cut -d' ' -f2- "$log" | tail -n 20 >&2
  echo "bench-table.sh: the training run failed (exit $rc; log: $log)" >&2
  exit 1
fi

header_at="$(grep -m1 " on $master, output " "$log" | cut -d' ' -f1)"
# (Spark 4 writes the event log as a directory of rolled files)
first_job="$(grep -rho '"Event":"SparkListenerJobStart","Job ID":0,"Submission Time":[0-9]*' \
  "$work/events" | head -n 1 | sed 's/.*"Submission Time"://')"
# the executors' start is not part of the load: from the later of the first job and the last of
# the cluster's executors to register
executors_up="$(grep -rho '"Event":"SparkListenerExecutorAdded","Timestamp":[0-9]*' "$work/events" \
  | sed 's/.*"Timestamp"://' | sort -n | sed -n "${cworkers}p")"
start_at=$(( first_job > ${executors_up:-0} ? first_job : ${executors_up:-0} ))
load_ms=$((header_at - start_at))
timing="$run/timing.csv"
col() { head -n 1 "$timing" | tr ',' '\n' | grep -n -x "$1" | cut -d: -f1; }
step_col="$(col step_ms)"; heap_col="$(col driver_peak_heap_mb)"
step1_ms="$(awk -F, -v c="$step_col" 'NR == 2 { print $c }' "$timing")"
median_ms="$(awk -F, -v c="$step_col" 'NR > 2 { print $c }' "$timing" | sort -g \
  | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
peak_mb="$(awk -F, -v c="$heap_col" 'NR > 1 && $c > m { m = $c } END { print m + 0 }' "$timing")"
final="$(grep -m1 'final ' "$log" | cut -d' ' -f2- || true)"

row() { printf '| %-38s | %s |\n' "$1" "$2"; }
echo
row "date" "$(date -u +%Y-%m-%d\ %H:%M\ UTC)"
row "machine" "$(nproc)-core $(uname -m), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
row "command" "$cmdline"
row "table" "$data: $table_bytes bytes, $count_rows rows"
row "cluster" "$master: $cworkers workers, 1 core and $emem each"
row "count() (ms)" "$count_ms"
row "scan of every column (ms)" "$scan_ms"
row "load: executors up to header line (ms)" "$load_ms"
row "step 1 step_ms: reads and deals (ms)" "$step1_ms"
row "median step_ms, steps 2..$steps (ms)" "$median_ms"
row "training run, wall (ms)" "$((t1 - t0))"
row "driver peak heap (MiB, -Xmx512m)" "$peak_mb"
row "final line" "${final:-none}"
