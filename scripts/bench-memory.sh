#!/usr/bin/env bash
# Runs a long training job on the local launcher and prints, every INTERVAL seconds, the step
# reached, the driver JVM's resident memory and its old-generation occupancy, so that one can see
# that memory stays flat over thousands of steps (broadcasts destroyed, old state unpersisted,
# lineage cut by checkpoints). Local mode: the driver JVM also hosts the executors. With
# --master set to the local cluster of scripts/cluster.sh (BYZSPARK_CLUSTER_DIR, default
# target/cluster), the executor JVMs its Workers launched are sampled too (two more columns, one
# value per executor).
#
#   scripts/bench-memory.sh [INTERVAL] [train options...]
#   scripts/bench-memory.sh 30 --steps 2000 --eval-every 100   (the step column follows evaluations)
#   scripts/bench-memory.sh 30 --steps 2000 --eval-every 100 --master "$(cat target/cluster/master-url)"
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
interval="${1:-20}"
if [ $# -gt 0 ]; then shift; fi
command -v jstat >/dev/null 2>&1 && command -v jcmd >/dev/null 2>&1 || { echo "bench-memory.sh: jstat and jcmd (from the JDK) are needed" >&2; exit 2; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$here/scripts/byzspark" train --out "$out/run" --overwrite "$@" >"$out/log" 2>&1 &
launcher=$!

pid=""
for _ in $(seq 1 120); do
  pid="$(pgrep -f "org.byzspark.cli.Main train --out $out/run" | head -n 1; exit 0)"
  [ -n "$pid" ] && break
  sleep 1
done
[ -n "$pid" ] || { cat "$out/log" >&2; echo "bench-memory.sh: the job did not start" >&2; exit 1; }

cluster_dir="${BYZSPARK_CLUSTER_DIR:-$here/target/cluster}"
on_cluster=0
prev=""
for a in "$@"; do
  [ "$prev" = "--master" ] && [[ "$a" == spark://* ]] && on_cluster=1
  prev="$a"
done

executors() { # the executor JVMs the local cluster's Workers launched
  [ -f "$cluster_dir/pids" ] || return 0
  local name wpid
  while read -r name wpid; do
    [[ "$name" == worker* ]] || continue
    for c in $(pgrep -P "$wpid" 2>/dev/null; exit 0); do
      ps -o args= -p "$c" 2>/dev/null | grep -q CoarseGrainedExecutorBackend && echo "$c"
    done
  done <"$cluster_dir/pids"
}

heap() { # pid -> "old_gen_MiB heap_used_MiB" after a full GC, or nothing if the JVM is gone
  jcmd "$1" GC.run >/dev/null 2>&1 || return 0
  # jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ... (KiB)
  jstat -gc "$1" 2>/dev/null | awk 'NR==2{printf "%.0f %.0f", $8/1024, ($3+$4+$6+$8)/1024}'
}

if [ "$on_cluster" = 1 ]; then
  printf '| elapsed s | last step | RSS MiB | old gen after full GC MiB | heap used after full GC MiB | executors old gen MiB | executors heap used MiB |\n|---:|---:|---:|---:|---:|---:|---:|\n'
else
  printf '| elapsed s | last step | RSS MiB | old gen after full GC MiB | heap used after full GC MiB |\n|---:|---:|---:|---:|---:|\n'
fi
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  sleep "$interval"
  kill -0 "$pid" 2>/dev/null || break
  rss_kb="$(ps -o rss= -p "$pid" | tr -d ' '; exit 0)"
  # A full collection first, so that the numbers are the live heap, not garbage G1 has not needed
  # to collect yet. jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ... (KiB)
  jcmd "$pid" GC.run >/dev/null 2>&1 || break
  sample="$(jstat -gc "$pid" 2>/dev/null | awk 'NR==2{print $3, $4, $6, $8}'; exit 0)"
  [ -n "$sample" ] || break # the job ended between two probes
  read -r s0u s1u eu ou <<<"$sample"
  step="$(grep -o 'step [0-9]*' "$out/log" | tail -n 1 | cut -d" " -f2; exit 0)"
  row="$(printf '| %d | %s | %.0f | %.0f | %.0f |' "$(( $(date +%s) - start ))" "${step:--}" \
    "$(echo "$rss_kb / 1024" | bc -l)" "$(echo "$ou / 1024" | bc -l)" \
    "$(echo "($s0u + $s1u + $eu + $ou) / 1024" | bc -l)")"
  if [ "$on_cluster" = 1 ]; then
    olds=()
    heaps=()
    for e in $(executors); do
      h="$(heap "$e")"
      [ -n "$h" ] || continue
      olds+=("${h% *}")
      heaps+=("${h#* }")
    done
    row="$row $(IFS=/; echo "${olds[*]:--}") | $(IFS=/; echo "${heaps[*]:--}") |"
  fi
  echo "$row"
done
rc=0
wait "$launcher" || rc=$?
if [ "$rc" != 0 ] || ! grep 'final test accuracy' "$out/log"; then
  tail -n 40 "$out/log" >&2
  echo "bench-memory.sh: the job ended with exit code $rc" >&2
  exit 1
fi
