#!/usr/bin/env bash
# Scale of the sharded aggregation: a few training steps with --aggregation sharded at large n·d,
# printing per-step time (from timing.csv) split into compute (broadcast, worker step and
# collecting the n losses), shuffle
# (cutting the n momentums into coordinate blocks), aggregation (Byzantine stage + rule on the
# blocks) and update (θ − γ·F on the driver), and the driver's peak heap, next to n·d·8 bytes,
# beside the machine's reference for moving those bytes (org.byzspark.bench.ByteMoveReference):
# writing them to a new file of the local directory and reading them back, and copying them in
# memory; "shuffle ÷ disk" is the shuffle's time over the write and read.
#
#   scripts/bench-scale.sh [--master URL] [--steps S] [--dataset synthetic|mnist] [--rows "N:D:HEAP ..."]
#
# Rows are N workers : model dimension D : driver heap (-Xmx of the driver JVM). With
# --dataset synthetic (sparse binary logistic regression generated on the executors, model
# logistic, d = D) D is free; with --dataset mnist the model is the MLP and D is ignored (d =
# 79,510). The default rows are (100, 10^6), (1000, 10^5), (200, 10^7) with a 6 GiB driver, and
# (100, 10^6) with a 512 MiB driver, below n·d·8 = 763 MiB.
#
# The driver heap only proves something when the executors are other JVMs: use the standalone
# cluster of scripts/cluster.sh (start it with enough --memory per worker for the blocks, e.g.
# scripts/cluster.sh start --workers 2 --cores 1 --memory 6g, then --master "$(cat
# target/cluster/master-url)"). In local mode the driver JVM also holds the blocks.
# Set EXECUTOR_MEMORY (default 5g) for spark.executor.memory on a cluster.
# Timings are means over steps 2..S (step 1 warms the JIT and caches); run on a quiet machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "bench-scale.sh: $*" >&2; exit 2; }

master="local[*]"
steps=4
dataset=synthetic
rows="100:1000000:6g 1000:100000:6g 200:10000000:6g 100:1000000:512m"
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master="${2:-}"; shift 2 || die "--master needs a value" ;;
    --steps) steps="${2:-}"; shift 2 || die "--steps needs a value" ;;
    --dataset) dataset="${2:-}"; shift 2 || die "--dataset needs a value" ;;
    --rows) rows="${2:-}"; shift 2 || die "--rows needs a value" ;;
    *) die "unknown argument '$1'; allowed: --master URL, --steps S, --dataset synthetic|mnist, --rows \"N:D:HEAP ...\"" ;;
  esac
done
[[ "$steps" =~ ^[0-9]+$ ]] && [ "$steps" -ge 2 ] || die "--steps: '$steps' is not allowed; allowed: an integer >= 2"
case "$dataset" in synthetic|mnist) ;; *) die "--dataset: '$dataset' is not allowed; allowed: synthetic, mnist" ;; esac

# The machine's reference for each row's shuffle (org.byzspark.bench.ByteMoveReference): n·d·8
# bytes written to a new file of the executors' local directory and read back (page cache, no
# sync; median of 3), and copied in memory.
if [[ ! -f "$here/target/test-classes/org/byzspark/bench/ByteMoveReference.class" ||
      -n "$(find "$here/src" -newer "$here/target/test-classes/org/byzspark/bench/ByteMoveReference.class" -name '*.java' | head -1)" ]]; then
  (cd "$here" && mvn -o -q -B -Dstyle.color=never test-compile) >/dev/null 2>&1 || die "the build failed (mvn test-compile)"
fi
local_dir="${SPARK_LOCAL_DIRS:-${TMPDIR:-/tmp}}"
local_dir="${local_dir%%,*}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
java_extra=""
if [[ "$master" != local* ]]; then
  java_extra="-Dspark.executor.memory=${EXECUTOR_MEMORY:-5g}"
fi

echo "master $master, $steps steps per row, dataset $dataset, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| n | d | n·d·8 MiB | driver -Xmx | blocks | compute ms | shuffle ms | aggregation ms | update ms | step ms | driver peak heap MiB | disk write + read ms | memory copy ms | shuffle ÷ disk | status |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n'
i=0
for row in $rows; do
  IFS=: read -r n d heap <<<"$row"
  [[ "$n" =~ ^[0-9]+$ && "$d" =~ ^[0-9]+$ && -n "$heap" ]] || die "--rows: '$row' is not N:D:HEAP"
  i=$((i + 1))
  f=$((n / 10))
  if [ "$dataset" = synthetic ]; then
    data=(--dataset "synthetic:d=$((d - 1)),examples=$((n * 40)),nnz=20,test=1000" --model logistic)
  else
    data=(--dataset mnist --model mlp)
    d=79510
  fi
  w=""; r=""; m=""
  read -r _ w _ r _ m < <(java -Xmx1g -cp "$here/target/test-classes" org.byzspark.bench.ByteMoveReference \
    "$((n * d * 8))" "$local_dir/byzspark-bench-scale" 3)
  rm -rf "$local_dir/byzspark-bench-scale"
  if [ -n "$w" ] && [ -n "$r" ]; then
    disk=$(awk -v w="$w" -v r="$r" 'BEGIN{printf "%.0f", w + r}')
  else
    echo "bench-scale.sh: no disk reference for n=$n d=$d (ByteMoveReference failed)" >&2
    disk=""; m=""
  fi
  out="$tmp/run-$i"
  set +e
  BYZSPARK_JAVA_OPTS="-Xmx$heap $java_extra ${BYZSPARK_JAVA_OPTS:-}" "$here/scripts/byzspark" train \
    "${data[@]}" --workers "$n" --byzantine "$f" --attack little --aggregator cwtm \
    --steps "$steps" --eval-every "$steps" --checkpoint-every 1000 --batch-size 25 \
    --aggregation sharded --master "$master" --out "$out" >"$tmp/log-$i" 2>&1
  rc=$?
  set -e
  mib=$(awk -v n="$n" -v d="$d" 'BEGIN{printf "%.0f", n*d*8/1048576}')
  if [ "$rc" != 0 ] || [ ! -f "$out/timing.csv" ]; then
    reason="$(grep -m1 -o 'OutOfMemoryError[^ ]*\|error: .*' "$tmp/log-$i" || true)"
    printf '| %s | %s | %s | %s | | | | | | | | %s | %s | | failed (exit %s%s) |\n' "$n" "$d" "$mib" "$heap" "${disk:-—}" "${m:-—}" "$rc" "${reason:+: $reason}"
    tail -n 5 "$tmp/log-$i" >&2
    continue
  fi
  blocks="$(grep -o '"shard_blocks" : [0-9]*' "$out/run.json" | grep -o '[0-9]*$' || echo '?')"
  # timing.csv's columns by name (docs/performance.md): compute = broadcast + worker job,
  # aggregation = Byzantine stage + rule
  awk -F, -v n="$n" -v d="$d" -v mib="$mib" -v heap="$heap" -v blocks="$blocks" -v disk="$disk" -v mem="$m" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NR > 2 {
      c += $col["broadcast_ms"] + $col["workers_ms"]; s += $col["shuffle_ms"]
      a += $col["byzantine_ms"] + $col["rule_ms"]; u += $col["update_ms"]; k++
    }
    { if ($col["driver_peak_heap_mb"] > h) h = $col["driver_peak_heap_mb"] }
    END {
      if (k == 0) { k = 1 }
      ratio = disk > 0 ? sprintf("%.2f", (s / k) / disk) : "—"
      printf "| %d | %d | %s | %s | %s | %.0f | %.0f | %.0f | %.1f | %.0f | %.0f | %s | %s | %s | ok |\n",
        n, d, mib, heap, blocks, c / k, s / k, a / k, u / k, (c + s + a + u) / k, h, (disk == "" ? "—" : disk), (mem == "" ? "—" : mem), ratio
    }' "$out/timing.csv"
done
