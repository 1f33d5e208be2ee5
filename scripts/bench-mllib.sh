#!/usr/bin/env bash
# ByzSpark against Spark MLlib, per iteration, on the same data, partitions and model.
#
# MLlib: mini-batch org.apache.spark.mllib.optimization.GradientDescent (LogisticGradient,
# SimpleUpdater, no regularisation, miniBatchFraction = n·b/N so that the expected batch is
# ByzSpark's n·b), on the dataset dealt to n partitions exactly as ByzSpark deals it (same seed),
# with a constant 1 appended for the intercept (org.byzspark.bench.MllibBench).
# ByzSpark: train --attack none --aggregator average --momentum 0 --byzantine 0 --clip none
# --weight-decay 0, once per aggregation mode (--aggregation MODE when the build has the option,
# else only the driver mode runs and the other rows say they were skipped).
#
# Binary logistic on two MNIST digits (--classes, default 3,8), or --model softmax on all ten
# (MLlib: multinomial LogisticGradient(10) with class 0 as pivot, d = 9·785 against ByzSpark's
# 10·785; MLlib's other multinomial path, LBFGS, is not mini-batch).
#
# Per iteration = median over the timed iterations: for MLlib the interval between consecutive
# GradientDescent jobs (Spark event log), for ByzSpark the step_ms column of metrics.csv (steps 3
# to T−1; evaluation and the final checkpoint happen at step T only). Both runs write Spark event
# logs, from which each iteration's Spark job is split into worker compute (Σ task run time / the
# cores of the master), the rest of the job (scheduling, task launch and deserialisation, result
# serialisation and collection) and, outside the job, the driver (ByzSpark: the rule, then the
# update and the broadcast of θ; MLlib: the update and the broadcast of the weights).
#
# Usage: scripts/bench-mllib.sh [--model logistic|softmax] [--classes POS,NEG] [--workers N]
#        [--batch-size B] [--steps T] [--lr G] [--modes driver,sharded] [--master URL]
#        [--dataset SPEC] [--seed S]
# Defaults: logistic, 3,8, n = 10, b = 60, T = 100, γ = 0.1, modes driver,sharded, local[2], mnist.
# Timings are only meaningful on a quiet machine (check `uptime`).
set -euo pipefail
cd "$(dirname "$0")/.."
model=logistic; classes=""; workers=10; batch=60; steps=100; lr=0.1; modes="driver,sharded"
master="local[2]"; dataset=mnist; seed=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --classes) classes="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --lr) lr="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --dataset) dataset="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-mllib.sh: error: unknown option $1; see --help" >&2; exit 2 ;;
  esac
done
case "$model" in
  logistic) classes="${classes:-3,8}" ;;
  softmax) classes="${classes:-all}" ;;
  *) echo "bench-mllib.sh: error: --model $model is not allowed; allowed: logistic, softmax" >&2; exit 2 ;;
esac
[[ $steps =~ ^[0-9]+$ && $steps -ge 10 ]] || { echo "bench-mllib.sh: error: --steps $steps is not allowed; allowed: an integer >= 10" >&2; exit 2; }
if [[ $master =~ ^local\[([0-9]+)\]$ ]]; then cores="${BASH_REMATCH[1]}"
elif [[ $master == "local[*]" || $master == local ]]; then cores="$(nproc)"
else cores="${BENCH_CORES:-$(nproc)}"; fi

# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
bench_classpath target/test-classes/org/byzspark/bench/MllibBench.class
CP="$BENCH_CP"
bench_launcher_settings
jvm=("${BENCH_JVM[@]}")
props=("${BENCH_PROPS[@]}")
work="$(mktemp -d "$PWD/target/bench/mllib.XXXXXX")"
[[ -n ${BENCH_KEEP:-} ]] && echo "bench-mllib: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
run_java() { # logdir main args...
  local logdir="$1"; shift
  mkdir -p "$logdir"
  # shellcheck disable=SC2086
  java "${jvm[@]}" ${BYZSPARK_JAVA_OPTS:-} -Dlog4j2.configurationFile="$PWD/conf/log4j2.properties" \
    "${props[@]}" -Dspark.eventLog.enabled=true -Dspark.eventLog.dir="file://$logdir" \
    -Dspark.eventLog.compress=false -Dbyzspark.home="$PWD" -cp "$CP" "$@" \
    2> >(grep -v '^WARNING: Using incubator modules' >&2)
}

echo "bench-mllib: $model, classes $classes, n=$workers, b=$batch, T=$steps, $master ($cores cores), load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
mllib_line="$(run_java "$work/ev-mllib" org.byzspark.bench.MllibBench "$dataset" data "$model" "$classes" \
  "$workers" "$batch" "$steps" "$lr" "$seed" "$master" | grep '^mllib')"

has_aggregation=0
if run_java "$work/ev-help" org.byzspark.cli.Main train --help 2>/dev/null | grep -q -- '--aggregation '; then
  has_aggregation=1
fi
rm -rf "$work/ev-help"
rows=()
IFS=',' read -ra mode_list <<<"$modes"
for mode in "${mode_list[@]}"; do
  extra=()
  if [[ $has_aggregation == 1 ]]; then
    extra=(--aggregation "$mode")
  elif [[ $mode != driver ]]; then
    rows+=("$mode|skipped")
    continue
  fi
  bin=(); [[ $classes != all ]] && bin=(--binary-classes "$classes")
  run_java "$work/ev-$mode" org.byzspark.cli.Main train --dataset "$dataset" --model "$model" "${bin[@]}" \
    --workers "$workers" --byzantine 0 --attack none --aggregator average --momentum 0 \
    --clip none --weight-decay 0 --lr "$lr" --batch-size "$batch" --steps "$steps" \
    --eval-every "$steps" --checkpoint-every "$steps" --seed "$seed" --master "$master" \
    --out "$work/run-$mode" "${extra[@]}" >/dev/null
  rows+=("$mode|$work/run-$mode/metrics.csv|$work/ev-$mode")
done

python3 - "$mllib_line" "$work/ev-mllib" "$steps" "$cores" "$has_aggregation" "${rows[@]}" <<'PY'
import csv, glob, json, os, statistics, sys
mllib_line, mllib_ev, steps, cores, has_agg = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = sys.argv[6:]

def events(d):
    # Spark 4 writes rolling logs: DIR/eventlog_v2_APP/events_N_APP (older: DIR/APP)
    files = sorted(f for f in glob.glob(d + "/**/*", recursive=True)
                   if os.path.isfile(f) and not os.path.basename(f).startswith("appstatus"))
    out = []
    for f in files:
        with open(f) as fh:
            out += [json.loads(l) for l in fh if l.strip()]
    return out

def jobs(evs):
    """job id -> dict(start, end, stages, rdd names, task run ms)"""
    js, stage_job = {}, {}
    for e in evs:
        t = e["Event"]
        if t == "SparkListenerJobStart":
            names = set()
            for si in e.get("Stage Infos", []):
                for r in si.get("RDD Info", []):
                    names.add(r.get("Name", ""))
                names.add(si.get("Stage Name", ""))
            js[e["Job ID"]] = dict(start=e["Submission Time"], end=None, names=names, run=0.0)
            for s in e.get("Stage IDs", []):
                stage_job[s] = e["Job ID"]
        elif t == "SparkListenerJobEnd":
            js[e["Job ID"]]["end"] = e["Completion Time"]
        elif t == "SparkListenerTaskEnd":
            j = stage_job.get(e["Stage ID"])
            m = e.get("Task Metrics") or {}
            if j is not None:
                js[j]["run"] += m.get("Executor Run Time", 0)
    return js

def med(xs):
    return statistics.median(xs) if xs else float("nan")

# MLlib: the last `steps` GradientDescent jobs are the timed run
f = mllib_line.split("\t")
mllib_total_per_iter = float(f[4])
js = jobs(events(mllib_ev))
gd = sorted((j for j in js.values() if any("GradientDescent" in n for n in j["names"]) and j["end"]),
            key=lambda j: j["start"])[-steps:]
iv = [b["start"] - a["start"] for a, b in zip(gd, gd[1:])]
m_iter = med(iv)
m_job = med([j["end"] - j["start"] for j in gd])
m_comp = med([j["run"] / cores for j in gd])
table = [("MLlib GradientDescent", "-", m_iter, m_job, m_comp, m_job - m_comp, float("nan"), m_iter - m_job)]

for r in rows:
    parts = r.split("|")
    if parts[1] == "skipped":
        table.append(("ByzSpark", parts[0], None, None, None, None, None, None))
        continue
    mode, metrics, ev = parts
    # metrics.csv's columns by name (their set depends on the run's options)
    recs = list(csv.DictReader(open(metrics)))
    timed = [r for r in recs if 3 <= int(r["step"]) <= steps - 1]
    step_ms = med([float(r["step_ms"]) for r in timed])
    agg_ms = med([float(r["aggregation_ms"]) for r in timed])
    js = jobs(events(ev))
    by_step = {}
    for jid in sorted(js):
        j = js[jid]
        for n in j["names"]:
            if n.startswith("worker state, step "):
                s = int(n.rsplit(" ", 1)[1])
                if s not in by_step and j["end"]:
                    by_step[s] = j
    sj = [by_step[s] for s in range(3, steps) if s in by_step]
    job = med([j["end"] - j["start"] for j in sj])
    comp = med([j["run"] / cores for j in sj])
    table.append(("ByzSpark", mode, step_ms, job, comp, job - comp, agg_ms, step_ms - job - agg_ms))

def fmt(x):
    return "-" if x is None or x != x else "%.1f" % x

print("| system | mode | ms / iteration | × MLlib | Spark job | worker compute | job rest (schedule, collect) | aggregation | driver rest (update, broadcast) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for name, mode, it, job, comp, rest, agg, drv in table:
    if it is None:
        why = "no --aggregation option in this build (branch sharded not merged)" if has_agg == "0" else "skipped"
        print("| %s | %s | skipped: %s | | | | | | |" % (name, mode, why))
        continue
    ratio = "1.00" if name.startswith("MLlib") else "%.2f" % (it / m_iter)
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (name, mode, fmt(it), ratio, fmt(job), fmt(comp), fmt(rest), fmt(agg), fmt(drv)))
print()
print("MLlib: %s (total/iterations %.1f ms); all columns are medians over the timed iterations, in ms." % (" ".join(f[5:]), mllib_total_per_iter))
print("Spark job = the job of the workers' step; in sharded mode the aggregation's own jobs count in aggregation and driver rest.")
for name, mode, it, job, comp, rest, agg, drv in table[1:]:
    if it is None or it <= 1.2 * m_iter:
        continue
    parts = {"worker compute": comp - m_comp, "job rest (schedule, collect)": rest - (m_job - m_comp),
             "driver (aggregation + update + broadcast)": agg + drv - (m_iter - m_job)}
    worst = max(parts, key=parts.get)
    print("ByzSpark %s is %.2f× MLlib (> 1.2×); differences to MLlib: %s; the largest is %s."
          % (mode, it / m_iter, ", ".join("%s %+.1f ms" % kv for kv in parts.items()), worst))
PY
