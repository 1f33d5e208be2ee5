#!/usr/bin/env bash
# RESAM Figures 1, 4 and 5 with the CNN, as a plain loop of 'byzspark train' runs (a stand-in until
# the grid runner of the Experiments issue lands: each block below is one grid file's content).
#
#   scripts/resam-figures.sh fig1|fig4|fig5 [--dry-run] [--out DIR] [extra train options...]
#
# fig1: MNIST, f = 5 of 15: the six resilient rules (mda cwtm cwmed krumstar meamed gm), cge and cc
#       × little, empire, signflip, labelflip × β ∈ {0, 0.99}, plus no attack (average) per β.
# fig4: cc with β = 0.9 under the four attacks, plus no attack; MNIST and Fashion-MNIST.
# fig5: MNIST, f = 7 of 15, β ∈ {0, 0.999}, rules as fig1 with multikrumstar (q = n − f) in place
#       of krumstar.
# Runs already present (DIR/NAME/run.json) are skipped, so an interrupted figure resumes. Every run
# uses jobs/resam-mnist-cnn.conf and overrides only the swept options.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fig="${1:-}"; shift || true
dry=0; out=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1; shift ;;
    --out) out="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
[ -n "$out" ] || out="$here/runs/resam-$fig"
attacks=(little empire signflip labelflip)
runs=() # "name|options"
case "$fig" in
  fig1|fig5)
    rules=(mda cwtm cwmed krumstar meamed gm cge cc)
    betas=(0 0.99); f=5
    if [ "$fig" = fig5 ]; then
      rules=(mda cwtm cwmed multikrumstar meamed gm cge cc); betas=(0 0.999); f=7
    fi
    for beta in "${betas[@]}"; do
      runs+=("noattack-b$beta|--attack none --aggregator average --byzantine $f --momentum $beta")
      for a in "${attacks[@]}"; do
        for r in "${rules[@]}"; do
          runs+=("$a-$r-b$beta|--attack $a --aggregator $r --byzantine $f --momentum $beta")
        done
      done
    done
    ;;
  fig4)
    for ds in mnist fashion-mnist; do
      runs+=("$ds-noattack|--dataset $ds --attack none --aggregator average --momentum 0.9")
      for a in "${attacks[@]}"; do
        runs+=("$ds-$a-cc|--dataset $ds --attack $a --aggregator cc --momentum 0.9")
      done
    done
    ;;
  *) echo "usage: scripts/resam-figures.sh fig1|fig4|fig5 [--dry-run] [--out DIR] [train options...]" >&2; exit 2 ;;
esac
for entry in "${runs[@]}"; do
  name="${entry%%|*}"; opts="${entry#*|}"
  if [ -f "$out/$name/run.json" ]; then
    echo "resam-figures.sh: $name done, skipped" >&2
    continue
  fi
  # shellcheck disable=SC2086
  cmd=("$here/scripts/byzspark" train --job "$here/jobs/resam-mnist-cnn.conf" $opts --out "$out/$name" --overwrite "${extra[@]}")
  if [ "$dry" = 1 ]; then echo "${cmd[*]}"; else "${cmd[@]}"; fi
done
