#!/usr/bin/env bash
# Cost per unit of work of each kind of loop the aggregation rules hand to Par (streaming passes,
# coordinate-wise reducers, pairwise distances, the centred Gram matrix), each run on one thread,
# beside the constant Par uses to decide whether a loop is worth running in parallel. Prints a
# Markdown table with the date, the machine and its load average. Measure on a quiet machine.
#
#   scripts/bench-par.sh [--n N] [--d D[,D...]]      defaults: --n 15 --d 10000,100000
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,7p' "$0"; exit 0 ;; esac
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
bench_classpath target/test-classes/org/byzspark/bench/ParCosts.class
echo "Par's costs per unit, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores $(uname -m), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  scripts/bench-par.sh $*"
echo
java -Xmx1g -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector \
  -cp "$BENCH_CP" org.byzspark.bench.ParCosts "$@" \
  2> >(grep -v '^WARNING: Using incubator modules' >&2)
