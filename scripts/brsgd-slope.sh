#!/usr/bin/env bash
# BRSGD's rate check on finished runs: for each run directory (or every run of a grid directory),
# the least-squares slope of log min_{k<=K} ||grad F(w_k)|| against log K over the evaluations with
# K >= KMIN (default 20), with its 95% confidence interval (Student's t), next to -(1-p)/2 for the
# run's poly schedule, and the final grad_norm and test accuracy. The runs come from
# jobs/hgo/brsgd.grid:
#
#   scripts/byzspark grid jobs/hgo/brsgd.grid --parallel 1
#   scripts/brsgd-slope.sh runs/brsgd            # or: scripts/brsgd-slope.sh RUN_DIR... [--kmin K]
#
# A thin wrapper of `byzspark rate --run DIR ... --kmin K` (docs/fidelity-tools.md).
set -euo pipefail
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kmin) args+=(--kmin "${2:?--kmin needs a value}"); shift 2 ;;
    *) args+=(--run "$1"); shift ;;
  esac
done
printf '%s\n' "${args[@]}" | grep -qx -- --run || { echo "brsgd-slope: usage: brsgd-slope.sh DIR... [--kmin K]" >&2; exit 2; }
exec "$(dirname "${BASH_SOURCE[0]}")/byzspark" rate "${args[@]}"
