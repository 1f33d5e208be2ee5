#!/usr/bin/env bash
# Reference runs: a fixed set of training runs whose metrics must not change when the code is
# restructured without meaning to change a number (e.g. the plain and the HGO training loops).
#
#   scripts/reference-runs.sh record OUTDIR                  runs every reference run into OUTDIR,
#                                                            writes scripts/reference-runs.sha256
#   scripts/reference-runs.sh check OUTDIR [--ref DIR] [NAME...]
#                                                            runs them again (or only NAME...) and
#                                                            compares with scripts/reference-runs.sha256
#   scripts/reference-runs.sh list                           the runs and their commands
#
# Every run uses the documented launcher (scripts/byzspark train / grid) and writes into
# OUTDIR/<name> (a grid into OUTDIR/grid, its runs under OUTDIR/grid/runs/). The jar is built once
# at the start (mvn package, tests skipped); MNIST is fetched into the git-ignored data/ cache by
# the launcher on first use; the linear-regression data set is generated here, deterministically,
# into OUTDIR/linear-data.
#
# From each run's metrics.csv the script extracts the columns step, train_loss and test_accuracy,
# and test_mse, grad_norm and sim_time when the file has them, selected by their names (so a later
# metrics.csv with more or reordered columns gives the same extract), in that order, each value
# exactly as written in the file; the timing columns (aggregation_ms, step_ms) are left out. The
# extract's SHA-256 identifies the run. `record` writes one line per run into
# scripts/reference-runs.sha256: the SHA-256, the name and the columns it extracted (a later check
# extracts the same columns), and keeps each extract as OUTDIR/<name>.ref.csv. `check` writes its
# extracts as OUTDIR/<name>.csv, prints OK or DIFFERENT per run and, for a difference, the first
# differing row against the recorded extract OUTDIR/<name>.ref.csv (or DIR/<name>.ref.csv with
# --ref DIR, e.g. the directory of the record). Each run's console output is in OUTDIR/<name>.log.
#
# OUTDIR must be new, empty, or a directory this script wrote before: its run directories are
# replaced run by run (never the .ref.csv extracts of a record in check mode).
#
# Results depend only on the code, the seed and the data (ByzSpark is deterministic whatever the
# number of cores or the load). Duration, measured 2026-12-05 on a 2-core x86_64 (24 GiB) shared
# with other builds: record 17 min 30 s wall (load average 3 at the start, then about 20; 11 min
# 37 s user CPU; the default job, run first, 84 s), check 41 min wall (load average 20 to 43;
# 13 min 30 s user CPU), every run identical.
#
# Exit 0: recorded, or every run identical; 1: a run differs, is missing or failed; 2: bad usage.
set -euo pipefail
export LC_ALL=C

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sums_file="$home/scripts/reference-runs.sha256"
launcher="scripts/byzspark"
marker=".reference-runs"
required_columns=(step train_loss test_accuracy)
# SHA-256 of the generated linear-regression files (training, test): every awk must write these.
linear_data_sums=(8392a4dc20e78224de1c1acf1608f3ccf71307b0b2daf820e6715f4376854629
                  4f999e883ec01c69447090db9dad5d6da0fb0aa010faf5dc72e824568b2b60dd)
optional_columns=(test_mse grad_norm sim_time)

usage() {
  sed -n '4,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "reference-runs.sh: $*" >&2; exit 2; }
say() { echo "reference-runs.sh: $*"; }

# ---------------------------------------------------------------------------------------------
# The runs. Each line: name, then the launcher's arguments. @OUT@ is the run's output directory,
# @DATA@ the generated linear-regression data set, @GRID@ the generated grid file.
# ---------------------------------------------------------------------------------------------
runs=(
  # (1) The default job: MNIST, MLP 784-100-10, n = 15, f = 5, little + cwtm, beta = 0.99, 800 steps.
  "default|train --out @OUT@"
  # (2) The RESAM CNN job (d = 176,050), cut to 100 steps.
  "cnn|train --job jobs/resam-mnist-cnn.conf --steps 100 --out @OUT@"
  # (3) HGO Figure 5: logistic 3 vs 8, n = 100, q = 80, v = 55, partial gradients (tau = 0.02),
  #     fixed-random placement, cwmed against empire; 100 steps (the job has 60).
  "hgo-fig5|train --job jobs/hgo/fig5-logistic.conf --aggregator cwmed --attack empire --steps 100 --out @OUT@"
  # (4) SGD with a deadline: MLP 784-30-10, n = 50, q = 40, non-IID (2 classes per worker); with
  #     d = 23,860 and s = 25 a whole gradient takes about 3.0 (weak), 0.6 (average) and 0.15
  #     (powerful) time units, so the deadline 0.6 drops every weak worker and about half of the
  #     average ones at every step they are contacted (the script counts them from run.json's
  #     rates). Five Byzantine workers (signflip), two of which finish in time; cwtm is told
  #     f' = 8 and needs more than 16 finishers: the steps with 16 (2 of the 100, from the seeded
  #     selection) make no update.
  "sgd-deadline|train --job jobs/hgo/fig4-mlp-noniid.conf --algorithm sgd --deadline 0.6 --byzantine 5 --declared-byzantine 8 --attack signflip --aggregator cwtm --steps 100 --out @OUT@"
  # (5) Heterogeneous data, a fresh Byzantine set every step, a step learning-rate schedule.
  "dirichlet|train --split dirichlet:0.3 --byzantine-placement per-step --lr-schedule step --steps 300 --out @OUT@"
  # (6) Sharded aggregation (the messages stay on the executors) with a vector rule.
  "sharded|train --aggregation sharded --aggregator krumstar --steps 200 --out @OUT@"
  # (7) Linear regression on a generated LIBSVM data set (the housing command of docs/hgo.md).
  #     --grad-norm true: the gradient norm of the recorded extract (computed for this run unasked
  #     before the two training loops were one).
  "linear|train --dataset libsvm:@DATA@ --model linear --workers 10 --byzantine 2 --attack little --aggregator cwmed --momentum 0 --clip none --lr 0.05 --steps 200 --eval-every 20 --grad-norm true --out @OUT@"
  # (8) A grid of four runs in one Spark application, two in flight: two rules x a plain run and
  #     a run of the HGO trainer (split classes:3); the file is generated into OUTDIR.
  "grid|grid @GRID@ --parallel 2 --out @OUT@"
  # (9) HGO on the MNIST MLP: q = 12 of 15 contacted, exactly f = 3 Byzantine among them (cwtm
  #     needs v = q - f > 2f), partial gradients within tau = 1 (a weak worker computes 8,000 of the
  #     79,510 coordinates).
  "hgo-quorum|train --algorithm hgo --quorum-size 12 --byzantine 3 --tau 1 --steps 150 --out @OUT@"
  # (10) Frequent checkpoints (cut lineage every 7 steps) and evaluations.
  "checkpoint|train --checkpoint-every 7 --eval-every 10 --steps 150 --out @OUT@"
  # (11) A stateful rule: centered clipping keeps its centre between steps.
  "cc|train --aggregator cc --steps 200 --out @OUT@"
)

# The grid of run (8): every option written out (no include), 4 runs of 200 steps.
write_grid() {
  cat >"$1" <<'EOF'
# Reference grid of scripts/reference-runs.sh: MNIST MLP, two rules x a plain run (split iid,
# the plain trainer) and a non-IID one (split classes:3, the HGO trainer); the gradient norm at each
# evaluation, as the recorded non-IID runs have it.
dataset      = mnist
model        = mlp
workers      = 15
byzantine    = 5
attack       = empire
momentum     = 0.9
steps        = 200
batch-size   = 25
lr           = 0.5
clip         = 2
weight-decay = 1e-4
eval-every   = 50
seed         = 7
grad-norm    = true
aggregator   = [meamed, multikrum]
split        = [iid, "classes:3"]
EOF
}

# A linear-regression data set in LIBSVM format (real-valued labels), without any random-number
# library: a Park–Miller generator (x <- 16807 x mod (2^31 - 1), exact in awk's doubles) gives
# integer features k in [-10000, 10000] (x = k / 10^4) and an integer noise; the label
# y = 1.5 x1 - 2 x2 + 0.5 x3 + x5 - 0.25 x6 + 3 + noise is computed in units of 10^-8 as an
# integer, so every awk prints the same bytes. 1,000 training rows in FILE, 200 test rows in FILE.t.
write_linear_data() {
  awk -v file="$1" 'BEGIN {
    state = 20240601
    for (part = 0; part < 2; part++) {
      out = part == 0 ? file : file ".t"
      rows = part == 0 ? 1000 : 200
      printf "" > out
      for (r = 0; r < rows; r++) {
        line = ""
        for (j = 1; j <= 6; j++) {
          state = (16807 * state) % 2147483647
          k[j] = state % 20001 - 10000
          line = line sprintf(" %d:%.4f", j, k[j] / 10000)
        }
        state = (16807 * state) % 2147483647
        noise = state % 2000001 - 1000000            # uniform in [-0.01, 0.01], units of 1e-8
        y = 15000 * k[1] - 20000 * k[2] + 5000 * k[3] + 10000 * k[5] - 2500 * k[6] + 300000000 + noise
        printf "%.8f%s\n", y / 100000000, line > out
      }
      close(out)
    }
  }'
}

run_names() { local r; for r in "${runs[@]}"; do echo "${r%%|*}"; done; }
run_args() { # name -> the launcher's arguments (placeholders unresolved)
  local r
  for r in "${runs[@]}"; do
    if [ "${r%%|*}" = "$1" ]; then echo "${r#*|}"; return 0; fi
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Extraction and comparison.
# ---------------------------------------------------------------------------------------------

# extract METRICS COLUMNS: the named columns (comma-separated) of METRICS, in that order, values
# verbatim. COLUMNS "auto": the required ones and those optional ones the file has. Exit 3 when a
# requested column is missing.
extract() {
  local want="$2"
  if [ "$want" = auto ]; then
    local header c
    header="$(head -n 1 "$1")"
    want="$(IFS=,; echo "${required_columns[*]}")"
    for c in "${optional_columns[@]}"; do
      if [[ ",$header," == *",$c,"* ]]; then want="$want,$c"; fi
    done
  fi
  awk -F, -v want="$want" -v file="$1" '
    NR == 1 {
      sub(/\r$/, "")
      for (i = 1; i <= NF; i++) col[$i] = i
      m = split(want, w, ",")
      for (k = 1; k <= m; k++) {
        if (!(w[k] in col)) {
          printf "column %s is missing from %s\n", w[k], file > "/dev/stderr"
          exit 3
        }
        sel[k] = col[w[k]]
      }
      print want
      next
    }
    {
      sub(/\r$/, "")
      line = $(sel[1])
      for (k = 2; k <= m; k++) line = line "," $(sel[k])
      print line
    }' "$1"
}

# first_difference RECORDED NOW: the first row where two extracts differ.
first_difference() {
  awk -v rec="$1" '
    NR == FNR { a[FNR] = $0; n = FNR; next }
    {
      if (FNR > n) { printf "    line %d: recorded: (end of file, %d lines)\n    line %d: now:      %s\n", FNR, n, FNR, $0; found = 1; exit }
      if (a[FNR] != $0) { printf "    line %d: recorded: %s\n    line %d: now:      %s\n", FNR, a[FNR], FNR, $0; found = 1; exit }
    }
    END {
      if (!found && FNR < n) printf "    line %d: recorded: %s\n    line %d: now:      (end of file, %d lines)\n", FNR + 1, a[FNR + 1], FNR + 1, FNR
    }' "$1" "$2"
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# The SGD run must drop workers: from run.json's rates, count the workers whose whole gradient
# (d * s / lambda) takes longer than the deadline; prints "dropped K of N".
deadline_drops() {
  local json="$1" deadline="$2" batch="$3"
  tr -d '\n ' <"$json" | awk -v deadline="$deadline" -v s="$batch" '{
      if (!match($0, /"dimension":[0-9]+/)) { print "no model dimension in run.json"; exit 1 }
      split(substr($0, RSTART, RLENGTH), kv, ":"); d = kv[2] + 0
      if (!match($0, /"compute_rates":\[[^]]*\]/)) { print "no compute_rates in run.json"; exit 1 }
      list = substr($0, RSTART + 17, RLENGTH - 18)
      n = split(list, r, ",")
      dropped = 0
      for (i = 1; i <= n; i++) if (d * s / r[i] > deadline) dropped++
      printf "d = %d: dropped %d of %d workers at every step they are contacted\n", d, dropped, n
      if (dropped == 0 || dropped == n) exit 1
    }'
}

# ---------------------------------------------------------------------------------------------
# Running.
# ---------------------------------------------------------------------------------------------

# run_one NAME OUTDIR: runs NAME into OUTDIR/NAME; returns non-zero when the launcher failed.
run_one() {
  local name="$1" outdir="$2" args=() a
  local dir="$outdir/$name"
  rm -rf "$dir"
  read -r -a args <<<"$(run_args "$name")"
  local resolved=()
  for a in "${args[@]}"; do
    a="${a//@OUT@/$dir}"
    a="${a//@DATA@/$outdir/linear-data/regression}"
    a="${a//@GRID@/$outdir/reference.grid}"
    resolved+=("$a")
  done
  say "$name: $launcher ${resolved[*]}"
  local t0=$SECONDS
  if ! (cd "$home" && "$launcher" "${resolved[@]}") >"$outdir/$name.log" 2>&1; then
    say "$name: FAILED after $((SECONDS - t0)) s; last lines of $outdir/$name.log:"
    tail -n 5 "$outdir/$name.log" | sed 's/^/    /'
    return 1
  fi
  say "$name: finished in $((SECONDS - t0)) s"
}

# The metrics files of a run: "NAME<TAB>PATH" lines (a grid gives one per run of the grid, named
# grid.<axes> after its run id without the configuration hash).
metrics_of() {
  local name="$1" outdir="$2"
  if [ "$name" = grid ]; then
    local d id
    for d in "$outdir/grid/runs"/*/; do
      [ -d "$d" ] || continue
      id="$(basename "$d")"
      printf 'grid.%s\t%s\n' "${id%_????????}" "$d/metrics.csv"
    done
  else
    printf '%s\t%s\n' "$name" "$outdir/$name/metrics.csv"
  fi
}

prepare_outdir() {
  local outdir="$1"
  if [ -e "$outdir" ] && [ ! -d "$outdir" ]; then die "OUTDIR $outdir is not a directory"; fi
  if [ -d "$outdir" ] && [ -n "$(ls -A "$outdir")" ] && [ ! -f "$outdir/$marker" ]; then
    die "OUTDIR $outdir is not empty and was not written by this script; give a new directory"
  fi
  mkdir -p "$outdir/linear-data"
  echo "written by scripts/reference-runs.sh" >"$outdir/$marker"
  write_linear_data "$outdir/linear-data/regression"
  if [ "$(sha_of "$outdir/linear-data/regression")" != "${linear_data_sums[0]}" ] \
      || [ "$(sha_of "$outdir/linear-data/regression.t")" != "${linear_data_sums[1]}" ]; then
    echo "reference-runs.sh: this awk ($(command -v awk)) generated another linear-regression data set than the reference one" >&2
    exit 1
  fi
  write_grid "$outdir/reference.grid"
}

build_jar() {
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the jar"
  say "building the jar once (mvn package, tests skipped) ..."
  local t0=$SECONDS log
  log="$(mktemp)"
  if ! (cd "$home" && mvn -B -Dstyle.color=never -Dmaven.test.skip=true package) >"$log" 2>&1; then
    grep -E 'ERROR|error:' "$log" | head -n 20 >&2
    rm -f "$log"
    echo "reference-runs.sh: the build failed" >&2
    exit 1
  fi
  rm -f "$log"
  say "jar built in $((SECONDS - t0)) s"
}

describe_code() { # the commit the runs were made with, for OUTDIR/code.txt
  if git -C "$home" rev-parse HEAD >/dev/null 2>&1; then
    echo "commit $(git -C "$home" rev-parse HEAD)"
    if [ -n "$(git -C "$home" status --porcelain --untracked-files=no -- src pom.xml conf)" ]; then
      echo "with uncommitted changes to src/, pom.xml or conf/"
    fi
  fi
  java -version 2>&1 | head -n 1
  echo "machine: $(nproc) cores, $(uname -m)"
}

# ---------------------------------------------------------------------------------------------
# Commands.
# ---------------------------------------------------------------------------------------------

cmd_list() {
  local name
  for name in $(run_names); do
    printf '%-13s %s %s\n' "$name" "$launcher" "$(run_args "$name")"
  done
  echo "(@OUT@ = OUTDIR/<name>, @DATA@ = OUTDIR/linear-data/regression, @GRID@ = OUTDIR/reference.grid)"
}

cmd_record() {
  local outdir="$1" name failed=0 t_all=$SECONDS
  prepare_outdir "$outdir"
  build_jar
  describe_code >"$outdir/code.txt"
  local lines=() total
  total=$(run_names | wc -l)
  local i=0
  for name in $(run_names); do
    i=$((i + 1))
    say "[$i/$total]"
    if ! run_one "$name" "$outdir"; then failed=1; continue; fi
    if [ "$name" = sgd-deadline ]; then
      local drops
      if ! drops="$(deadline_drops "$outdir/$name/run.json" 0.6 25)"; then
        say "sgd-deadline: the deadline does not drop some workers ($drops)"
        failed=1
      else
        say "sgd-deadline: $drops"
      fi
    fi
    local run path cols
    while IFS=$'\t' read -r run path; do
      if [ ! -f "$path" ]; then say "$run: no metrics.csv"; failed=1; continue; fi
      extract "$path" auto >"$outdir/$run.ref.csv" || { failed=1; continue; }
      cols="$(head -n 1 "$outdir/$run.ref.csv")"
      lines+=("$(sha_of "$outdir/$run.ref.csv")  $run  $cols")
      say "$run: $(($(wc -l <"$outdir/$run.ref.csv") - 1)) rows, columns $cols"
    done < <(metrics_of "$name" "$outdir")
  done
  if [ "$failed" = 1 ]; then
    say "some runs failed; scripts/reference-runs.sha256 left unchanged"
    exit 1
  fi
  {
    echo "# SHA-256 of each reference run's extract (scripts/reference-runs.sh record), its name and"
    echo "# the columns of metrics.csv it holds, in that order."
    printf '%s\n' "${lines[@]}"
  } >"$sums_file"
  say "recorded ${#lines[@]} runs into scripts/reference-runs.sha256 in $((SECONDS - t_all)) s"
}

cmd_check() {
  local outdir="$1" ref="$2"
  shift 2
  [ -f "$sums_file" ] || die "scripts/reference-runs.sha256 is missing; run 'record' first"
  local selected=("$@") name
  if [ ${#selected[@]} -eq 0 ]; then
    mapfile -t selected < <(run_names)
  else
    for name in "${selected[@]}"; do
      run_args "$name" >/dev/null || die "unknown run '$name'; allowed: $(run_names | paste -sd, -)"
    done
  fi
  local t_all=$SECONDS
  prepare_outdir "$outdir"
  build_jar
  describe_code >"$outdir/code.txt"
  local differ=0 ok=0 bad=0 i=0 total=${#selected[@]}
  declare -A seen=()
  for name in "${selected[@]}"; do
    i=$((i + 1))
    say "[$i/$total]"
    run_one "$name" "$outdir" || true
    local run path
    while IFS=$'\t' read -r run path; do
      seen[$run]=1
      local recorded
      recorded="$(awk -v n="$run" '!/^#/ && $2 == n { print $1 " " $3 }' "$sums_file")"
      if [ -z "$recorded" ]; then
        say "$run: DIFFERENT (not in scripts/reference-runs.sha256: a run that was not recorded)"
        bad=$((bad + 1)); continue
      fi
      local want_sha="${recorded%% *}" cols="${recorded#* }"
      if [ ! -f "$path" ]; then
        say "$run: DIFFERENT (no metrics.csv: the run failed)"
        bad=$((bad + 1)); continue
      fi
      if ! extract "$path" "$cols" >"$outdir/$run.csv"; then
        say "$run: DIFFERENT (a recorded column is missing)"
        bad=$((bad + 1)); continue
      fi
      if [ "$(sha_of "$outdir/$run.csv")" = "$want_sha" ]; then
        say "$run: OK ($(($(wc -l <"$outdir/$run.csv") - 1)) rows, $cols)"
        ok=$((ok + 1))
      else
        say "$run: DIFFERENT"
        differ=$((differ + 1))
        if [ -f "$ref/$run.ref.csv" ]; then
          if [ "$(sha_of "$ref/$run.ref.csv")" = "$want_sha" ]; then
            first_difference "$ref/$run.ref.csv" "$outdir/$run.csv"
          else
            say "    ($ref/$run.ref.csv is not the recorded extract: its SHA-256 differs)"
          fi
        else
          say "    (no recorded extract $ref/$run.ref.csv to show the first differing row; see $outdir/$run.csv)"
        fi
      fi
    done < <(metrics_of "$name" "$outdir")
    # A recorded run of a grid that did not come out of it.
    local rec_run
    while read -r rec_run; do
      if [ -z "${seen[$rec_run]:-}" ]; then
        say "$rec_run: DIFFERENT (missing: the run produced no such run)"
        bad=$((bad + 1))
      fi
    done < <(awk -v n="$name" '!/^#/ && ($2 == n || index($2, n ".") == 1) { print $2 }' "$sums_file")
  done
  say "checked in $((SECONDS - t_all)) s: $ok OK, $differ DIFFERENT, $bad missing or failed"
  [ $((differ + bad)) -eq 0 ] || exit 1
}

[ $# -ge 1 ] || usage
case "$1" in
  record)
    [ $# -eq 2 ] || usage
    cmd_record "$2"
    ;;
  check)
    [ $# -ge 2 ] || usage
    outdir="$2"
    shift 2
    ref="$outdir"
    names=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --ref) [ $# -ge 2 ] || usage; ref="$2"; shift 2 ;;
        --ref=*) ref="${1#--ref=}"; shift ;;
        -*) die "unknown option '$1'; allowed: --ref DIR" ;;
        *) names+=("$1"); shift ;;
      esac
    done
    [ -d "$ref" ] || [ "$ref" = "$outdir" ] || die "--ref: $ref is not a directory"
    cmd_check "$outdir" "$ref" ${names[@]+"${names[@]}"}
    ;;
  list)
    cmd_list
    ;;
  -h|--help|help)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
    ;;
  *)
    usage
    ;;
esac
