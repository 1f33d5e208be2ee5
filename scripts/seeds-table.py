#!/usr/bin/env python3
"""Markdown table of a grid run with several seeds: one row per value of the given columns, with
the number of finished seeds, the mean ± sample standard deviation, the min and the max of a
summary column (final test accuracy by default).

Usage: scripts/seeds-table.py GRID_DIR COL[,COL...] [--metric COLUMN]

GRID_DIR is a `byzspark grid --out` directory with its summary.csv (written at the end of the
grid); COL are columns of summary.csv (e.g. aggregator,attack or profile,quorum), the rows in the
order they first appear; --metric is the summary column averaged (final_accuracy, best_accuracy,
final_train_loss). Runs that did not finish are counted apart.
`scripts/seeds-table.py --self-test` checks the table on a generated summary.
"""
import csv
import os
import sys


def table(path, cols, metric):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
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
            m = sum(vals) / len(vals)
            sd = (sum((v - m) ** 2 for v in vals) / (len(vals) - 1)) ** 0.5 if len(vals) > 1 else 0.0
            cells = [str(len(vals)), f"{m:.4f} ± {sd:.4f}", f"{min(vals):.4f}", f"{max(vals):.4f}"]
        else:
            cells = ["0", "—", "—", "—"]
        out.append("| " + " | ".join(list(key) + cells + [str(left)]) + " |")
    return "\n".join(out)


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "summary.csv"), "w") as fh:
            fh.write("run_id,status,aggregator,seed,final_accuracy\n"
                     "a,finished,cwmed,1,0.90\na,finished,cwmed,2,0.80\na,failed,cwmed,3,\n"
                     "b,finished,krum,1,0.5\n")
        text = table(os.path.join(d, "summary.csv"), ["aggregator"], "final_accuracy")
    want = ["| cwmed | 2 | 0.8500 ± 0.0707 | 0.8000 | 0.9000 | 1 |",
            "| krum | 1 | 0.5000 ± 0.0000 | 0.5000 | 0.5000 | 0 |"]
    missing = [w for w in want if w not in text]
    if missing:
        print("seeds-table.py: self-test failed, missing " + "; ".join(missing) + "\n" + text, file=sys.stderr)
        return 1
    print(f"seeds-table.py: self-test passed ({len(want)} checks)")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if len(argv) < 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    grid, cols, metric = argv[0], argv[1].split(","), "final_accuracy"
    if argv[2:4] and argv[2] == "--metric" and len(argv) > 3:
        metric = argv[3]
    elif argv[2:]:
        print(f"seeds-table.py: unknown option {argv[2]}; allowed: --metric COLUMN", file=sys.stderr)
        return 2
    path = os.path.join(grid, "summary.csv")
    if not os.path.exists(path):
        print(f"seeds-table.py: {path} does not exist; run byzspark grid to the end first", file=sys.stderr)
        return 2
    try:
        print(table(path, cols, metric))
    except ValueError as e:
        print(f"seeds-table.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
