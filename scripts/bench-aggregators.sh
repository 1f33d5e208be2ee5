#!/usr/bin/env bash
# Benchmarks every aggregation rule (JMH, src/test/java/org/byzspark/bench/AggregatorBenchmark.java)
# and prints a Markdown table: median time per call, ratio to `average` on the same input, and the
# performance target of the rule.
#
# Usage: scripts/bench-aggregators.sh [--quick] [--rules r1,r2] [--n 15,25,100] [--d 10000,1000000]
#                                     [--json FILE] [--table FILE] [--no-build] [--report-only]
#                                     [--loop-check]
#   --quick        n=25, d=10000, short iterations (a smoke run, ~2-3 min)
#   --rules        rules to run (default: every rule of Aggregators.names()); `average` is always
#                  added (the ratio baseline); the gram/pairwise references always run
#   --n, --d       comma-separated grids (default n=15,25,100 d=10000,1000000)
#   --json FILE    JMH JSON result file (default target/bench/aggregators.json)
#   --table FILE   also write the Markdown table to FILE
#   --report-only  do not run, only print the table from the existing JSON file
#   --jmh "..."    extra JMH options (e.g. "-wi 2 -i 5")
#   --loop-check   also time every cell in a plain loop (KernelLoop: 3 s warm-up, then call by call)
#                  and print its median beside JMH's, to check that JMH measures what a loop sees
#
# The rules compared against since 2020 alone, at n = 25 and 100 and d = 10^4 and 10^6:
#   scripts/bench-aggregators.sh --rules caf,smea,dnc,monna,phocas,rfa,signguard,clippedclustering,foolsgold,fltrust \
#     --n 25,100 --d 10000,1000000
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0; rules=""; ns="15,25,100"; ds="10000,1000000"; json="target/bench/aggregators.json"
table=""; build=1; run=1; extra=""; loop=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1; ns="25"; ds="10000"; shift ;;
    --rules) rules="$2"; shift 2 ;;
    --n) ns="$2"; shift 2 ;;
    --d) ds="$2"; shift 2 ;;
    --json) json="$2"; shift 2 ;;
    --table) table="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --report-only) run=0; build=0; shift ;;
    --jmh) extra="$2"; shift 2 ;;
    --loop-check) loop=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

mkdir -p target/bench
cpfile=target/bench/test.classpath
if [[ $build == 1 ]]; then
  # shellcheck source=scripts/bench-lib.sh
  . scripts/bench-lib.sh
  bench_classpath target/test-classes/META-INF/BenchmarkList
fi
if [[ ! -f $cpfile ]]; then
  echo "bench-aggregators.sh: no test class path in $cpfile; run once without --no-build" >&2
  exit 2
fi
CP="target/test-classes:target/classes:$(cat "$cpfile")"
JVM_OPTS=(-Xmx1g -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector)
MAIN=org.byzspark.bench.AggregatorBenchmark

if [[ -z "$rules" ]]; then
  rules="$(java "${JVM_OPTS[@]}" -cp "$CP" $MAIN names)"
fi
[[ ",$rules," == *,average,* ]] || rules="average,$rules"

refused=target/bench/refused.tsv
if [[ $run == 1 ]]; then
  # combinations check() refuses: reported, not run (their JMH setup would fail anyway)
  java "${JVM_OPTS[@]}" -cp "$CP" $MAIN refusals "$ns" "$ds" "$rules" > "$refused"
  while IFS=$'\t' read -r r n d why; do
    echo "note: skipping $r n=$n d=$d: $why" >&2
  done < "$refused"
  iters=()
  if [[ $quick == 1 ]]; then iters=(-wi 2 -w 500ms -i 3 -r 500ms); fi
  # refused combinations are in the grid too (JMH cannot skip one cell); their setup fails fast
  # Progress lines to the console, the whole JMH log to target/bench/jmh.log. grep finding no line
  # is not an error; JMH's own status is reported (refused cells make it non-zero).
  set +e +o pipefail
  java "${JVM_OPTS[@]}" -cp "$CP" org.openjdk.jmh.Main "$MAIN" \
    -p rule="$rules" -p n="$ns" -p d="$ds" "${iters[@]}" $extra \
    -rf json -rff "$json" | tee target/bench/jmh.log | grep -E '^(# Benchmark:|# Parameters|REFUSED|Result|Benchmark|AggregatorBenchmark)' >&2
  jmh_status=${PIPESTATUS[0]}
  set -e -o pipefail
  if [[ $jmh_status -ne 0 ]]; then
    echo "bench-aggregators.sh: JMH exited with status $jmh_status (see target/bench/jmh.log); reporting what it measured" >&2
  fi
fi

# The same calls in a plain loop (same input, same JVM options as the JMH fork's heap and GC,
# including its small young generation: see AggregatorBenchmark's @Fork).
loop_tsv=target/bench/loop.tsv
if [[ $run == 1 && $loop == 1 ]]; then
  : > "$loop_tsv"
  IFS=, read -r -a nlist <<< "$ns"; IFS=, read -r -a dlist <<< "$ds"
  for n in "${nlist[@]}"; do
    for d in "${dlist[@]}"; do
      samples=200; [[ $d -gt 100000 ]] && samples=20
      java "${JVM_OPTS[@]}" -Xms6g -Xmx6g -Xmn128m -XX:+UseParallelGC -cp "$CP" org.byzspark.bench.KernelLoop \
        --n "$n" --d "$d" --warm 3 --samples "$samples" --cases "$rules,pairwise,plainsum" 2>>target/bench/loop.log \
        | tee -a target/bench/loop.log | grep '^LOOP ' | cut -d' ' -f2- | tr ' ' '\t' >> "$loop_tsv" \
        || echo "bench-aggregators.sh: warning: no plain-loop result for n=$n d=$d (the loop column shows —; see target/bench/loop.log)" >&2
    done
  done
elif [[ $run == 1 ]]; then
  rm -f "$loop_tsv"
fi

# The machine's best Gram in the same run: NumPy's X @ X.T (OpenBLAS, one thread, like the rules'
# single JVM), median of repeated calls per (n, d) cell of the grid; and, for the rules that have
# one, the same rule written as NumPy expressions on the same kind of array (f = ⌊(n−3)/4⌋ as in the
# JMH cells), timed the same way. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for this command
# only (they slow a current OpenBLAS down).
numpy_json=target/bench/numpy-gram.json
if [[ $run == 1 ]]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 - "$ns" "$ds" "$numpy_json" <<'PY' || echo "bench-aggregators.sh: NumPy Gram reference failed (is numpy installed?)" >&2
import json, sys, time
import numpy as np
ns = [int(v) for v in sys.argv[1].split(",")]
ds = [int(v) for v in sys.argv[2].split(",")]
out = {}
rng = np.random.default_rng(1)
for n in ns:
    for d in ds:
        x = rng.standard_normal((n, d))
        x @ x.T
        times = []
        budget = time.perf_counter() + 3.0
        while len(times) < 5 or (time.perf_counter() < budget and len(times) < 200):
            t0 = time.perf_counter(); x @ x.T; times.append(time.perf_counter() - t0)
        times.sort()
        out[f"{n},{d}"] = times[len(times) // 2] * 1e3
        print(f"numpy gram n={n} d={d}: {out[f'{n},{d}']:.3f} ms (median of {len(times)})", file=sys.stderr)
        f = max(0, (n - 3) // 4)
        def dist(x):
            sq = np.einsum("ij,ij->i", x, x)
            return sq[:, None] + sq[None, :] - 2.0 * (x @ x.T)
        def krum_scores(x):
            return np.sort(dist(x), 1)[:, 1:n - f - 1].sum(1)
        def meamed(x):
            dev = np.abs(x - np.median(x, 0))
            return np.take_along_axis(x, np.argsort(dev, 0, kind="stable")[:n - f], 0).mean(0)
        same = {
            "average": lambda x: x.mean(0),
            "cwmed": lambda x: np.median(x, 0),
            "cwtm": lambda x: np.sort(x, 0)[f:n - f].mean(0),
            "meamed": meamed,
            "krum": lambda x: x[np.argmin(krum_scores(x))],
            "multikrum": lambda x: x[np.argsort(krum_scores(x), kind="stable")[:n - f]].mean(0),
            "medoid": lambda x: x[np.argmin(dist(x).sum(1))],
        }
        for rule, fn in same.items():
            fn(x)
            times = []
            budget = time.perf_counter() + 2.0
            while len(times) < 5 or (time.perf_counter() < budget and len(times) < 200):
                t0 = time.perf_counter(); fn(x); times.append(time.perf_counter() - t0)
            times.sort()
            out[f"{rule}:{n},{d}"] = times[len(times) // 2] * 1e3
json.dump(out, open(sys.argv[3], "w"))
PY
fi

python3 - "$json" "$refused" "$table" "$numpy_json" "$loop_tsv" <<'PY'
import json, sys, os
jf, rf, tf, nf, lf = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
loop = {}
if os.path.exists(lf):
    for line in open(lf):
        c, n, d, v = line.split()
        loop[(c, int(n), int(d))] = float(v)
npg = json.load(open(nf)) if os.path.exists(nf) else {}
data = json.load(open(jf))
# the targets of the vector-algebra issue
GRAM = {"krum", "multikrum", "krumstar", "multikrumstar", "medoid", "pkrum", "mda", "bulyan", "aggregathor"}
COORD = {"cwtm", "cwmed", "meamed", "aksel"}
def f(n): return max(0, (n - 3) // 4)
res, ref = {}, {}
for b in data:
    p = b.get("params", {}); m = b["primaryMetric"]
    n, d = int(p["n"]), int(p["d"])
    med = m.get("scorePercentiles", {}).get("50.0", m["score"])
    name = b["benchmark"].rsplit(".", 1)[1]
    if name == "aggregate":
        res[(p["rule"], n, d)] = med
    else:
        ref[(name, n, d)] = med
refusals = {}
if os.path.exists(rf):
    for line in open(rf):
        r, n, d, why = line.rstrip("\n").split("\t", 3)
        refusals[(r, int(n), int(d))] = why
order = []
for k in list(res) + list(refusals):
    if k[0] not in order: order.append(k[0])
grid = sorted({(n, d) for (_, n, d) in list(res) + list(refusals) + list(ref)}, key=lambda t: (t[1], t[0]))
def ms(v): return f"{v:.3f}" if v < 10 else f"{v:.1f}"
L = bool(loop)
def lc(name, n, d):
    if not L: return ""
    v = loop.get((name, n, d))
    return f" {ms(v)} |" if v is not None else " — |"
out = ["| rule | n | f | d | median ms |" + (" plain loop ms |" if L else "")
       + " ratio to average | ratio to NumPy Gram | NumPy expression ms | ratio to it | target | met? |",
       "|---|---:|---:|---:|---:|" + ("---:|" if L else "") + "---:|---:|---:|---:|---|---|"]
SMALL_N, SMALL_D = 25, 10000
for (n, d) in grid:
    avg = res.get(("average", n, d)); g = npg.get(f"{n},{d}")
    for rule in order:
        k = (rule, n, d)
        if k in refusals:
            out.append(f"| {rule} | {n} | {f(n)} | {d} | refused |" + (" — |" if L else "")
                       + f" — | — | {refusals[k]} | — |"); continue
        if k not in res: continue
        v = res[k]; ratio = f"{v/avg:.2f}" if avg else "—"; gr = f"{v/g:.2f}" if g else "—"
        e = npg.get(f"{rule}:{n},{d}")
        es, er = (ms(e), f"{v/e:.2f}") if e else ("—", "—")
        tgts = []
        if rule in GRAM and g:
            tgts.append(("≤2× NumPy Gram", v <= 2 * g))
        if rule in COORD and avg:
            tgts.append(("≤3× average", v <= 3 * avg))
        if rule == "average" and n == 15 and d == SMALL_D and ("plainsum", n, d) in ref:
            tgts.append(("≤1.2× plain loop mean", v <= 1.2 * ref[("plainsum", n, d)]))
        if e and n <= SMALL_N and d == SMALL_D:
            tgts.append(("≤1× NumPy expression", v <= e))
        tgt = "; ".join(t for t, _ in tgts) or "none"
        met = "; ".join("yes" if ok else "**no**" for _, ok in tgts) or "—"
        out.append(f"| {rule} | {n} | {f(n)} | {d} | {ms(v)} |{lc(rule, n, d)} {ratio} | {gr} | {es} | {er} | {tgt} | {met} |")
    for name, label in (("gram", "*gram* (JVM reference)"), ("pairwise", "*pairwise* (JVM reference)"),
                        ("plainsum", "*plain loop mean* (JVM reference)")):
        if (name, n, d) in ref:
            v = ref[(name, n, d)]
            out.append(f"| {label} | {n} | — | {d} | {ms(v)} |{lc(name, n, d)} "
                       + (f"{v/avg:.2f}" if avg else "—") + " | " + (f"{v/g:.2f}" if g else "—") + " | — | — | — | — |")
    if g:
        out.append(f"| *NumPy X @ X.T* (machine reference) | {n} | — | {d} | {ms(g)} |" + (" — |" if L else "") + " "
                   + (f"{g/avg:.2f}" if avg else "—") + " | 1.00 | — | — | — | — |")
hdr = ("Statistic: median (p50) of JMH sample-mode per-call times (ms), 1 fork, "
       "warm-up then measurement iterations as in the command; f = ⌊(n−3)/4⌋; NumPy Gram: "
       "median of repeated X @ X.T in the same run (OpenBLAS, one thread); NumPy expression: the "
       "rule written with NumPy on an array of the same shape, median of repeated calls in the same run "
       "(average x.mean(0), cwmed np.median, cwtm the mean of np.sort's rows f..n−f−1, meamed the mean "
       "of the n−f values nearest the median, krum/multikrum/medoid from the distance matrix of one Gram)."
       + (" Plain loop: median per-call wall time after 3 s of warm-up (KernelLoop)." if L else "")
       + "\n")
text = hdr + "\n" + "\n".join(out) + "\n"
print(text)
if tf: open(tf, "w").write(text)
PY
