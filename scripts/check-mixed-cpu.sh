#!/usr/bin/env bash
# Mixed CPUs: runs the same job twice, once with the JVM limited to AVX2 (-XX:UseAVX=2, what an
# executor on an older node would use) and once with the machine's default (AVX-512 where the CPU
# has it), and checks that metrics.csv's step, train_loss and test_accuracy columns are identical.
#
# Usage: scripts/check-mixed-cpu.sh [OUT_DIR] [train options...]
#   default: the default job shortened to 60 steps, --eval-every 30, outputs under OUT_DIR
#   (default target/mixed-cpu). Exit 0 when identical, 1 when they differ, 2 on bad usage.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/target/mixed-cpu}"
[ $# -gt 0 ] && shift
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--steps 60 --eval-every 30)
if ! grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  echo "check-mixed-cpu.sh: note: this CPU has no AVX-512, both runs use the same width" >&2
fi
rm -rf "$out"
mkdir -p "$out"
for mode in avx2 default; do
  opts=""
  [ "$mode" = avx2 ] && opts="-XX:UseAVX=2"
  echo "check-mixed-cpu.sh: run with ${opts:-the default vector width} ..." >&2
  BYZSPARK_JAVA_OPTS="${BYZSPARK_JAVA_OPTS:-} $opts" "$here/scripts/byzspark" train "${args[@]}" \
    --out "$out/$mode" >"$out/$mode.log" 2>&1 || { cat "$out/$mode.log" >&2; exit 1; }
  cut -d, -f1-3 "$out/$mode/metrics.csv" >"$out/$mode.csv"
done
if cmp -s "$out/avx2.csv" "$out/default.csv"; then
  echo "check-mixed-cpu.sh: identical step,train_loss,test_accuracy over $(($(wc -l <"$out/avx2.csv") - 1)) steps (AVX2 vs default)"
else
  echo "check-mixed-cpu.sh: DIFFERENT; first differing lines:" >&2
  diff "$out/avx2.csv" "$out/default.csv" | head -n 6 >&2
  exit 1
fi
