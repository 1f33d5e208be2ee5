#!/usr/bin/env python3
"""Markdown table of a grid run with several seeds: one row per value of the given columns, with
the number of finished seeds, the mean ± sample standard deviation, the min and the max of a
summary column (final test accuracy by default).

Usage: scripts/seeds-table.py GRID_DIR COL[,COL...] [--metric COLUMN | --step K]

GRID_DIR is a `byzspark grid --out` directory with its summary.csv (written at the end of the
grid); COL are columns of summary.csv (e.g. aggregator,attack or profile,quorum), the rows in the
order they first appear; --metric is the summary column averaged (final_accuracy, best_accuracy,
final_train_loss); --step K takes instead each run's test accuracy at step K from its metrics.csv
(runs/RUN_ID/metrics.csv; a run not evaluated at K counts as not finished). Runs that did not
finish are counted apart.
`scripts/seeds-table.py --self-test` checks the table on a generated summary.
"""
import csv
import os
import sys

from tables import mean_sd_text, report


def at_step(grid, run_id, step):
    """test_accuracy at the step from the run's metrics.csv, or "" when it has none there."""
    path = os.path.join(grid, "runs", run_id, "metrics.csv")
    if not os.path.exists(path):
        return ""
    with open(path, newline="") as fh:
        for r in csv.DictReader(fh):
            if r["step"] == str(step):
                return r.get("test_accuracy", "")
    return ""


def table(path, cols, metric, step=None):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    if step is not None:
        metric = f"accuracy at step {step}"
        for r in rows:
            r[metric] = at_step(os.path.dirname(path), r["run_id"], step)
    missing = [c for c in cols + [metric] if rows and c not in rows[0]]
    if missing:
        raise ValueError(f"{path} has no column {', '.join(missing)}; it has {', '.join(rows[0])}")
    groups = {}
    for r in rows:
        groups.setdefault(tuple(r[c] for c in cols), []).append(r)
    out = ["| " + " | ".join(cols + ["seeds", "mean ± sd", "min", "max", "not finished"]) + " |",
           "|" + "---|" * len(cols) + "---:|" * 5]
    for key, part in groups.items():
        vals = [float(r[metric]) for r in part if r["status"] == "finished" and r[metric]]
        left = len(part) - len(vals)
        if vals:
            cells = [str(len(vals)), mean_sd_text(vals), f"{min(vals):.4f}", f"{max(vals):.4f}"]
        else:
            cells = ["0", "—", "—", "—"]
        out.append("| " + " | ".join(list(key) + cells + [str(left)]) + " |")
    return "\n".join(out)


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "summary.csv"), "w") as fh:
            fh.write("run_id,status,aggregator,seed,final_accuracy\n"
                     "a,finished,cwmed,1,0.90\na2,finished,cwmed,2,0.80\na3,failed,cwmed,3,\n"
                     "b,finished,krum,1,0.5\n")
        for run, acc in (("a", "0.7"), ("a2", "0.6"), ("b", "")):
            os.makedirs(os.path.join(d, "runs", run))
            with open(os.path.join(d, "runs", run, "metrics.csv"), "w") as fh:
                fh.write(f"step,train_loss,test_accuracy\n1,0.5,\n2,0.4,{acc}\n")
        text = table(os.path.join(d, "summary.csv"), ["aggregator"], "final_accuracy")
        text += "\n" + table(os.path.join(d, "summary.csv"), ["aggregator"], "final_accuracy", step=2)
    want = ["| cwmed | 2 | 0.8500 ± 0.0707 | 0.8000 | 0.9000 | 1 |",
            "| krum | 1 | 0.5000 | 0.5000 | 0.5000 | 0 |",
            "| cwmed | 2 | 0.6500 ± 0.0707 | 0.6000 | 0.7000 | 1 |",
            "| krum | 0 | — | — | — | 1 |"]
    return report("seeds-table.py", want, text)


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if len(argv) < 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    grid, cols, metric, step = argv[0], argv[1].split(","), "final_accuracy", None
    if argv[2:4] and argv[2] == "--metric" and len(argv) > 3:
        metric = argv[3]
    elif argv[2:4] and argv[2] == "--step" and len(argv) > 3 and argv[3].isdigit():
        step = int(argv[3])
    elif argv[2:]:
        print(f"seeds-table.py: {' '.join(argv[2:])} is not allowed; allowed: --metric COLUMN or --step K",
              file=sys.stderr)
        return 2
    path = os.path.join(grid, "summary.csv")
    if not os.path.exists(path):
        print(f"seeds-table.py: {path} does not exist; run byzspark grid to the end first", file=sys.stderr)
        return 2
    try:
        print(table(path, cols, metric, step))
    except ValueError as e:
        print(f"seeds-table.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
