#!/usr/bin/env bash
# CI: the launcher's datasets on first use, with a fake fetch (BYZSPARK_FETCH) that logs its
# arguments and writes small generated IDX files (scripts/gen-idx.py), so no network is needed.
# Checks that train, grid and evaluate fetch exactly the datasets they lack, after the whole command
# line was checked, that a wrong command line, --validate-only and grid --dry-run fetch nothing,
# that a saved model evaluates to its run's final test accuracy, and that without npm the real
# fetch stops the launcher with one clear line; then that the class-data archive is written once and
# used. Needs python3 (installed by scripts/ci-notebook.sh,
# which .ci/run runs first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "ci-launcher: FAILED: $*" >&2; exit 1; }

cat > "$work/fake-fetch" <<FETCH
#!/usr/bin/env bash
set -euo pipefail
echo "\$1 \$2" >> "$work/fetch.log"
/usr/bin/python3 "$PWD/scripts/gen-idx.py" "\$2/\$1" 1500 200 28 1
FETCH
chmod +x "$work/fake-fetch"
export BYZSPARK_FETCH="$work/fake-fetch"
: > "$work/fetch.log"
fetches() { wc -l < "$work/fetch.log"; }

# 1. A wrong command line fails before any fetch, with the command's one-line error.
rc=0
scripts/byzspark train --job jobs/resam-fashion-mnist-cnn.conf --data-dir "$work/data" \
  --aggregator krum --byzantine 7 --out "$work/bad" 2> "$work/err" || rc=$?
[ "$rc" = 2 ] || fail "wrong train: exit $rc, expected 2: $(cat "$work/err")"
grep -q '^byzspark train: error: .*krum' "$work/err" || fail "wrong train: $(cat "$work/err")"
[ "$(fetches)" = 0 ] || fail "wrong train fetched: $(cat "$work/fetch.log")"

# 2. train --validate-only on a fresh data directory passes and fetches nothing.
scripts/byzspark train --job jobs/resam-fashion-mnist-cnn.conf --data-dir "$work/data" \
  --out "$work/v" --validate-only || fail "train --validate-only on a fresh data directory"
[ "$(fetches)" = 0 ] || fail "--validate-only fetched: $(cat "$work/fetch.log")"

# 3. The Fashion-MNIST job on a fresh data directory: fetched once, then trained.
scripts/byzspark train --job jobs/resam-fashion-mnist-cnn.conf --data-dir "$work/data" \
  --steps 2 --eval-every 2 --out "$work/fm" --master 'local[2]' >/dev/null \
  || fail "the Fashion-MNIST job on a fresh data directory"
[ "$(cat "$work/fetch.log")" = "fashion-mnist $work/data" ] \
  || fail "expected one fetch of fashion-mnist, got: $(cat "$work/fetch.log")"
[ -f "$work/fm/metrics.csv" ] || fail "the Fashion-MNIST job wrote no metrics.csv"

# 4. Run again: the data are there, nothing is fetched.
scripts/byzspark train --job jobs/resam-fashion-mnist-cnn.conf --data-dir "$work/data" \
  --steps 2 --eval-every 2 --out "$work/fm2" --master 'local[2]' >/dev/null \
  || fail "the Fashion-MNIST job, second run"
[ "$(fetches)" = 1 ] || fail "second run fetched again: $(cat "$work/fetch.log")"

# 5. A grid over both datasets on a fresh data directory: --dry-run fetches nothing, the grid
#    fetches what is missing (MNIST; Fashion-MNIST is in $work/data already) and runs.
cat > "$work/both.grid" <<GRID
data-dir   = $work/data
model      = softmax
workers    = 5
byzantine  = 1
steps      = 2
batch-size = 8
eval-every = 2
aggregator = cwtm
dataset    = [mnist, fashion-mnist]
GRID
scripts/byzspark grid "$work/both.grid" --out "$work/grid" --dry-run > "$work/dry" \
  || fail "grid --dry-run on a fresh data directory"
[ "$(wc -l < "$work/dry")" = 2 ] || fail "grid --dry-run: $(cat "$work/dry")"
[ "$(fetches)" = 1 ] || fail "grid --dry-run fetched: $(cat "$work/fetch.log")"
scripts/byzspark grid "$work/both.grid" --out "$work/grid" --parallel 2 --master 'local[2]' \
  > "$work/grid.out" || fail "the grid: $(cat "$work/grid.out")"
[ "$(tail -n 1 "$work/fetch.log")" = "mnist $work/data" ] && [ "$(fetches)" = 2 ] \
  || fail "the grid should fetch mnist once, got: $(cat "$work/fetch.log")"
grep -q '^2 runs: 2 finished now' "$work/grid.out" || fail "the grid: $(cat "$work/grid.out")"

# 6. A run's model, evaluated and predicted on a fresh data directory: --validate-only fetches
#    nothing, evaluate fetches Fashion-MNIST first and reproduces the run's final test accuracy
#    (the fake fetch writes the same files), predict writes Parquet without fetching again.
scripts/byzspark evaluate --model "$work/fm/model" --dataset fashion-mnist \
  --data-dir "$work/data2" --validate-only || fail "evaluate --validate-only"
[ "$(fetches)" = 2 ] || fail "evaluate --validate-only fetched: $(cat "$work/fetch.log")"
scripts/byzspark evaluate --model "$work/fm/model" --dataset fashion-mnist \
  --data-dir "$work/data2" --master 'local[2]' > "$work/eval" || fail "evaluate"
[ "$(tail -n 1 "$work/fetch.log")" = "fashion-mnist $work/data2" ] && [ "$(fetches)" = 3 ] \
  || fail "evaluate should fetch fashion-mnist once, got: $(cat "$work/fetch.log")"
final="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "test_accuracy") c = i }
  END { print $c }' "$work/fm/metrics.csv")"
grep -q "^test accuracy $final (" "$work/eval" \
  || fail "evaluate: $(cat "$work/eval"), the run's final test accuracy is $final"
scripts/byzspark predict --model "$work/fm/model" --dataset fashion-mnist \
  --data-dir "$work/data2" --out "$work/pred" --master 'local[2]' > /dev/null || fail "predict"
ls "$work/pred"/*.parquet > /dev/null 2>&1 || fail "predict wrote no Parquet file"
[ "$(fetches)" = 3 ] || fail "predict fetched again: $(cat "$work/fetch.log")"

# 7. Without npm (the launcher's one requirement besides Java and Maven, for the fetch), the real
#    fetch says so in one line and the launcher stops with exit code 1 before Spark starts.
mkdir -p "$work/bin"
IFS=: read -r -a path_dirs <<< "$PATH"
for d in "${path_dirs[@]}"; do
  for f in "$d"/*; do
    name="${f##*/}"
    case "$name" in npm|npx|node|nodejs) continue ;; esac
    if [ -x "$f" ] && [ ! -e "$work/bin/$name" ]; then ln -s "$f" "$work/bin/$name"; fi
  done
done
rc=0
PATH="$work/bin" BYZSPARK_FETCH= scripts/byzspark train --data-dir "$work/no-npm" \
  --out "$work/no-npm-run" 2> "$work/err" || rc=$?
[ "$rc" = 1 ] || fail "without npm: exit $rc, expected 1: $(cat "$work/err")"
grep -q '^fetch-data.sh: npm is needed' "$work/err" || fail "without npm: $(cat "$work/err")"
[ ! -e "$work/no-npm-run" ] || fail "without npm: the run started"

# 8. Class-data sharing: the first Spark command after a build writes target/cds/byzspark-*.jsa
#    (its standard output still the one result line), the next maps it, BYZSPARK_CDS=0 runs
#    without it, and all three give the same metrics (step, loss, accuracy, ...).
rm -rf target/cds
cds_train() {
  scripts/byzspark train --data-dir "$work/data" --model softmax --workers 5 --byzantine 1 \
    --steps 3 --batch-size 8 --eval-every 3 --master 'local[2]' --out "$@"
}
cds_train "$work/cds1" > "$work/cds1.out" 2> "$work/cds1.err" || fail "CDS: first run: $(cat "$work/cds1.err")"
[ "$(wc -l < "$work/cds1.out")" = 1 ] && grep -q '^final test accuracy ' "$work/cds1.out" \
  || fail "CDS: the run that writes the archive printed: $(cat "$work/cds1.out")"
[ "$(ls target/cds/byzspark-*.jsa | wc -l)" = 1 ] || fail "CDS: no archive: $(ls -a target/cds)"
[ -z "$(ls -A target/cds | grep -v '^byzspark-.*\.jsa$')" ] || fail "CDS: left over: $(ls -a target/cds)"
BYZSPARK_JAVA_OPTS="-Xlog:class+load=info:file=$work/cds2.classes" cds_train "$work/cds2" > /dev/null \
  || fail "CDS: second run"
[ "$(grep -c 'shared objects file (top)' "$work/cds2.classes")" -gt 1000 ] \
  || fail "CDS: the second run did not load its classes from the archive"
BYZSPARK_CDS=0 BYZSPARK_JAVA_OPTS="-Xlog:class+load=info:file=$work/cds3.classes" cds_train "$work/cds3" \
  > /dev/null || fail "CDS: run with BYZSPARK_CDS=0"
! grep -q 'shared objects file (top)' "$work/cds3.classes" || fail "CDS: BYZSPARK_CDS=0 used the archive"
for r in cds1 cds2 cds3; do cut -d , -f 1-6 "$work/$r/metrics.csv" > "$work/$r.metrics"; done # no timings
cmp -s "$work/cds1.metrics" "$work/cds2.metrics" && cmp -s "$work/cds1.metrics" "$work/cds3.metrics" \
  || fail "CDS: the three runs' metrics differ"

echo "ci-launcher: datasets fetched on first use by train, grid and evaluate, after the checks; class-data archive written once and used; checks passed"
