#!/usr/bin/env bash
# Times one worker step (loss and gradient on b = 25 rows, one thread) of the MLP and of the MNIST
# CNN, and prints them as a Markdown table against the machine's matrix-product rate measured in
# the same run: ByzSpark's deterministic GEMM (org.byzspark.linalg.Gemm, fixed 256-bit lanes) and
# NumPy's `A @ B` (OpenBLAS, one thread), the machine's best BLAS at hand.
#
# Usage: scripts/bench-models.sh [B] [REPS]      (defaults 25 and 200)
set -euo pipefail
cd "$(dirname "$0")/.."
b="${1:-25}"; reps="${2:-200}"
mkdir -p target/bench
cpfile=target/bench/test.classpath
if [[ ! -f target/test-classes/org/byzspark/bench/ModelBench.class || -n "$(find src -newer target/test-classes/org/byzspark/bench/ModelBench.class -name '*.java' | head -1)" ]]; then
  mvn -o -q -B -Dstyle.color=never test-compile
fi
if [[ ! -f $cpfile || pom.xml -nt $cpfile ]]; then
  mvn -o -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cpfile" >/dev/null
fi
CP="target/test-classes:target/classes:$(cat "$cpfile")"
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
ts = []
for _ in range(31):
    s = time.perf_counter(); a @ b; ts.append(time.perf_counter() - s)
t = sorted(ts)[len(ts) // 2]
# X @ X.T (a Gram product: NumPy calls dsyrk/dgemm) as a second reference, same flop count
ts = []
for _ in range(31):
    s = time.perf_counter(); a @ a.T; ts.append(time.perf_counter() - s)
u = sorted(ts)[len(ts) // 2]
print("%.3f\t%.2f\t%.3f\t%.2f" % (t * 1e3, 2.0 * n ** 3 / t / 1e9, u * 1e3, 2.0 * n ** 3 / u / 1e9))
PY
)"
fi

gemm_rate="$(awk -F'\t' '$1=="gemm ab 512^3"{print $3}' <<<"$out")"
np_rate="$(cut -f2 <<<"$numpy")"
echo "Single thread, b = $b, median of $reps calls (JVM: $(java -version 2>&1 | head -n1); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo
echo "| what | ms | GFLOP/s | % of Gemm 512³ | % of NumPy 512³ |"
echo "|---|---:|---:|---:|---:|"
while IFS=$'\t' read -r name ms gf; do
  [[ $name == \#* ]] && continue
  pg="$(awk -v x="$gf" -v y="$gemm_rate" 'BEGIN{printf "%.0f", 100*x/y}')"
  pn="-"; [[ -n $np_rate ]] && pn="$(awk -v x="$gf" -v y="$np_rate" 'BEGIN{printf "%.0f", 100*x/y}')"
  echo "| $name | $ms | $gf | $pg | $pn |"
done <<<"$out"
if [[ -n $numpy ]]; then
  echo "| numpy A @ B 512³ (OpenBLAS, 1 thread) | $(cut -f1 <<<"$numpy") | $np_rate | $(awk -v x="$np_rate" -v y="$gemm_rate" 'BEGIN{printf "%.0f", 100*x/y}') | 100 |"
  xx_rate="$(cut -f4 <<<"$numpy")"
  echo "| numpy X @ X.T 512³ (OpenBLAS, 1 thread) | $(cut -f3 <<<"$numpy") | $xx_rate | $(awk -v x="$xx_rate" -v y="$gemm_rate" 'BEGIN{printf "%.0f", 100*x/y}') | $(awk -v x="$xx_rate" -v y="$np_rate" 'BEGIN{printf "%.0f", 100*x/y}') |"
else
  echo "(python3 with numpy not found: no NumPy reference)"
fi
