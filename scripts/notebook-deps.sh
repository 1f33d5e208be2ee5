#!/usr/bin/env bash
# Installs what notebooks/analysis.ipynb needs to run headless, from Debian when missing: Python 3
# with pandas, matplotlib, nbconvert and the ipykernel kernel. The notebook reads results.parquet
# when pyarrow is importable (Debian 12 does not package it), else the CSV tables, so pyarrow is
# not installed here. Sourced by scripts/ci-notebook.sh and scripts/notebook-example.sh; run alone,
# it only installs.
set -euo pipefail

pkgs=(python3-pandas python3-matplotlib python3-nbconvert python3-ipykernel jupyter-nbconvert)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "notebook-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
