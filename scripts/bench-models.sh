#!/usr/bin/env bash
# Times one worker step (loss and gradient on b = 25 rows, one thread) of the MLP and of the MNIST
# CNN, and prints them as a Markdown table against the machine's matrix-product rate measured in
# the same run: ByzSpark's deterministic GEMM (org.byzspark.linalg.Gemm, fixed 256-bit lanes) and
# NumPy's `A @ B` (OpenBLAS, one thread), the machine's best BLAS at hand. Every line gives the
# median wall time and the median CPU time of the measuring thread; the percentages use the CPU
# time, which a loaded machine disturbs less (a quiet machine gives the same for both).
#
# Usage: scripts/bench-models.sh [B] [REPS]      (defaults 25 and 200)
set -euo pipefail
cd "$(dirname "$0")/.."
b="${1:-25}"; reps="${2:-200}"
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
bench_classpath target/test-classes/org/byzspark/bench/ModelBench.class
CP="$BENCH_CP"
out="$(java -Xmx1g ${BYZSPARK_JAVA_OPTS:-} -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector \
  -cp "$CP" org.byzspark.bench.ModelBench "$b" "$reps" 2>/dev/null)"

numpy=""
if command -v python3 >/dev/null 2>&1; then
  numpy="$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 - <<'PY' 2>/dev/null || true
import time
import numpy as np
n = 512
rng = np.random.default_rng(1)
a = rng.uniform(-1, 1, (n, n)); b = rng.uniform(-1, 1, (n, n))
for _ in range(20): a @ b
def med(f):
    ts, cs = [], []
    for _ in range(31):
        s = time.perf_counter(); c = time.thread_time(); f()
        cs.append(time.thread_time() - c); ts.append(time.perf_counter() - s)
    return sorted(ts)[len(ts) // 2], sorted(cs)[len(cs) // 2]
f = 2.0 * n ** 3
# X @ X.T (a Gram product: NumPy calls dsyrk/dgemm) as a second reference, same flop count
for name, fn in (("A @ B", lambda: a @ b), ("X @ X.T", lambda: a @ a.T)):
    t, c = med(fn)
    print("numpy %s 512^3 (OpenBLAS, 1 thread)\t%.3f\t%.2f\t%.3f\t%.2f" % (name, t * 1e3, f / t / 1e9, c * 1e3, f / c / 1e9))
PY
)"
fi

# ratios on the CPU-time rates (steadier under load; equal to the wall rates on a quiet machine)
gemm_rate="$(awk -F'\t' '$1=="gemm ab 512^3"{print $5}' <<<"$out")"
np_rate="$(awk -F'\t' '$1 ~ /^numpy A @ B/{print $5}' <<<"$numpy")"
echo "Single thread, b = $b, median of $reps calls (JVM: $(java -version 2>&1 | head -n1); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | wall ms | wall GFLOP/s | CPU ms | CPU GFLOP/s | % of Gemm 512³ | % of NumPy 512³ |"
echo "|---|---:|---:|---:|---:|---:|---:|"
while IFS=$'\t' read -r name ms gf cms cgf; do
  [[ -z $name || $name == \#* ]] && continue
  pg="$(awk -v x="$cgf" -v y="$gemm_rate" 'BEGIN{printf "%.0f", 100*x/y}')"
  pn="-"; [[ -n $np_rate ]] && pn="$(awk -v x="$cgf" -v y="$np_rate" 'BEGIN{printf "%.0f", 100*x/y}')"
  echo "| $name | $ms | $gf | $cms | $cgf | $pg | $pn |"
done <<<"$out"$'\n'"$numpy"
[[ -n $numpy ]] || echo "(python3 with numpy not found: no NumPy reference)"
echo
echo "Percentages compare CPU-time rates (time.thread_time for NumPy); the CNN step's FLOPs are those of its matrix products."
