#!/usr/bin/env bash
# Reproduces the HGO figures (El-Mhamdi et al., "Democratizing machine learning") and the BRSGD
# rate check with 'byzspark train', one run after the other, then prints a table per group.
#
#   scripts/hgo-figures.sh GROUP [extra train options...]
#
# GROUP: fig3 (IID) / fig4 (non-IID): HGO(tau) vs SGD(tau) vs SGD(inf), MLP 784-30-10, n = 50
#        fig5: binary logistic (3 vs 8), n = 100, q = 80, f = 25; krum, cwmed, aksel, average
#              under little and empire, plus average without attack (Figures 5-6)
#        fig7: cwmed with f in {0, 10, 25, 39} under empire ([28] in HGO, as Figure 5; v = q = 80)
#        fig8: hardware profiles weak, min, c1, c2, c3, powerful (average, no attack)
#        brsgd: poly schedules p in {0.6, 0.75, 0.9}, Krum; fitted log-log slope of
#               min_{k<=K} ||grad F(w_k)|| against K next to -(1-p)/2
#        table DIR...: only print the table of finished runs
#        plot OUT_DIR NAME TITLE XCOL RUN_DIR...: test accuracy (test_mse for a regression run)
#              against XCOL (step or sim_time), one line per run, OUT_DIR/NAME.png and .svg
# Runs go to runs/hgo/GROUP/NAME (existing runs are kept: delete them to re-run). Extra options
# (e.g. --steps 30 --data-dir /path) are passed to every run.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bz="$here/scripts/byzspark"
group="${1:?usage: hgo-figures.sh fig3|fig4|fig5|fig7|fig8|brsgd|table|plot [train options]}"
shift

run() { # NAME JOB options...
  local name="$1" job="$2"
  shift 2
  local out="runs/hgo/$group/$name"
  if [ -f "$out/run.json" ]; then
    echo "hgo-figures: $out exists, kept" >&2
    return
  fi
  echo "hgo-figures: $name" >&2
  "$bz" train --job "$here/jobs/hgo/$job" "$@" "${extra[@]}" --out "$out" --overwrite \
    >/dev/null
}

# final value of a metrics.csv column (by header name) at the last evaluated row
last_of() { # FILE COLUMN
  awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    $c != "" { v = $c } END { print v }' "$1"
}

# mean of a column over all rows
mean_of() {
  awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    { s += $c; n++ } END { printf "%.1f", s / n }' "$1"
}

table() { # DIR...
  printf '| run | final test accuracy | final grad_norm | sim_time | mean block size |\n'
  printf '|---|---:|---:|---:|---:|\n'
  for d in "$@"; do
    [ -f "$d/metrics.csv" ] || continue
    printf '| %s | %.4f | %.4g | %.4g | %s |\n' "$(basename "$d")" \
      "$(last_of "$d/metrics.csv" test_accuracy)" "$(last_of "$d/metrics.csv" grad_norm)" \
      "$(last_of "$d/metrics.csv" sim_time)" "$(mean_of "$d/metrics.csv" block_size)"
  done
}

# least-squares slope of log(min_{k<=K} grad_norm) against log K over evaluations with K >= kmin
slope() { # FILE KMIN
  awk -F, -v kmin="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "grad_norm") c = i; next }
    $c != "" { if (m == "" || $c + 0 < m) m = $c + 0
      if ($1 + 0 >= kmin) { x = log($1); y = log(m); sx += x; sy += y; sxx += x * x; sxy += x * y; n++ } }
    END { printf "%.3f", (n * sxy - sx * sy) / (n * sxx - sx * sx) }' "$1"
}

extra=("$@")
case "$group" in
  fig3 | fig4)
    split=classes:2
    [ "$group" = fig3 ] && split=iid
    run "hgo-tau0.5" fig4-mlp-noniid.conf --split "$split" --algorithm hgo
    run "sgd-tau0.5" fig4-mlp-noniid.conf --split "$split" --algorithm sgd --deadline 0.5
    run "sgd-inf" fig4-mlp-noniid.conf --split "$split" --algorithm sgd
    table runs/hgo/$group/*
    echo
    echo "accuracy at equal simulated time (HGO's final sim_time):"
    t_hgo="$(last_of runs/hgo/$group/hgo-tau0.5/metrics.csv sim_time)"
    for d in runs/hgo/$group/*; do
      awk -F, -v t="$t_hgo" -v name="$(basename "$d")" 'NR > 1 && $3 != "" && $5 + 0 <= t + 1e-9 { a = $3; s = $5 }
        END { printf "  %-12s accuracy %s at sim_time %s\n", name, a, s }' "$d/metrics.csv"
    done
    ;;
  fig5)
    run "average-none" fig5-logistic.conf --aggregator average --attack none --byzantine 0
    for attack in little empire; do
      for rule in krum cwmed aksel average; do
        run "$rule-$attack" fig5-logistic.conf --aggregator "$rule" --attack "$attack"
      done
    done
    table runs/hgo/$group/*
    ;;
  fig7)
    for f in 0 10 25 39; do
      run "cwmed-f$f" fig5-logistic.conf --aggregator cwmed --attack empire --byzantine "$f" \
        --quorum 80
    done
    table runs/hgo/$group/*
    ;;
  fig8)
    for p in weak min c1 c2 c3 powerful; do
      run "$p" fig5-logistic.conf --aggregator average --attack none --byzantine 0 --profile "$p"
    done
    table runs/hgo/$group/*
    ;;
  brsgd)
    printf '| p | fitted slope of min_k ||grad F(w_k)|| vs K | -(1-p)/2 | final grad_norm |\n'
    printf '|---:|---:|---:|---:|\n'
    for p in 0.6 0.75 0.9; do
      run "poly-$p" brsgd-logistic.conf --lr-schedule "poly:p=$p"
      f="runs/hgo/$group/poly-$p/metrics.csv"
      printf '| %s | %s | %.3f | %.4g |\n' "$p" "$(slope "$f" 20)" \
        "$(awk -v p="$p" 'BEGIN { print -(1 - p) / 2 }')" "$(last_of "$f" grad_norm)"
    done
    ;;
  table)
    table "${extra[@]}"
    ;;
  plot)
    [ "${#extra[@]}" -ge 5 ] || { echo "hgo-figures: plot OUT_DIR NAME TITLE XCOL RUN_DIR..." >&2; exit 2; }
    "$bz" --version >/dev/null 2>&1 || true # builds the jar when it is missing or stale
    jar="$(ls "$here"/target/byzspark-*.jar | grep -v -e original- -e tests | head -n 1)"
    ycol=test_accuracy
    grep -q '^step,train_loss,test_accuracy,test_mse' "${extra[4]}/metrics.csv" && ycol=test_mse
    java -Djava.awt.headless=true -cp "$jar:$(cat "$here/target/launcher.classpath")" \
      org.byzspark.experiment.RunCurves "${extra[0]}" "${extra[1]}" "${extra[2]}" "${extra[3]}" \
      "$ycol" "${extra[@]:4}"
    ;;
  *)
    echo "hgo-figures: unknown group '$group'; allowed: fig3, fig4, fig5, fig7, fig8, brsgd, table, plot" >&2
    exit 2
    ;;
esac
