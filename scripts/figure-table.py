#!/usr/bin/env python3
"""Markdown table of a RESAM-style figure grid: final accuracy per rule (rows) and attack x momentum
(columns), the worst attack per (rule, momentum), and the gap to a no-attack baseline.

Usage: scripts/figure-table.py GRID_DIR [--baseline ACC | --baseline BETA=ACC,...] [--within POINTS] [--seeds]

GRID_DIR is a `byzspark grid --out` directory: its summary.csv, or, while the grid still runs (the
tables are written at its end) or when summary.csv has fewer rows than there are run directories (a
smaller grid wrote it into the same directory), the run.json of every run directory. --baseline is the accuracy of the
benchmark run (RESAM's "No attack": averaging without Byzantine workers), one for every row or one
per momentum (e.g. 0=0.9727,0.99=0.9591), for a grid that does not hold that run; without
--baseline, a grid whose `average` runs all have attack none takes their accuracy as the baseline;
--within (default 2.0) is how many accuracy points below the baseline count as "close" in the last
column. Failed runs show as "failed"; runs not finished yet as "…".
A cell with several finished runs (seeds) shows their mean ± sample standard deviation, and the
worst attack is the one with the lowest mean. --seeds prints instead one row per cell of the grid
(rule, β, attack): each seed's accuracy, the mean ± sd, the min, and the mean's gap to the
baseline. A grid with another axis (dataset, model, ...) gets
one table per value of it, each under a line naming the value.
`scripts/figure-table.py --self-test` checks the tables on a generated grid.
"""
import csv
import glob
import json
import os
import sys
from collections import defaultdict

from tables import mean_sd, mean_sd_text, report


def load(grid):
    """summary.csv's rows, or the same columns from runs/*/run.json (None: neither exists).

    A summary.csv with fewer rows than run directories was written by a smaller grid into the same
    directory (e.g. one half of a figure's grid), so the run directories are read instead."""
    paths = sorted(glob.glob(f"{grid}/runs/*/run.json"))
    if os.path.exists(f"{grid}/summary.csv"):
        with open(f"{grid}/summary.csv", newline="") as fh:
            summary = list(csv.DictReader(fh))
        if len(summary) >= len(paths):
            return summary
    rows = []
    for path in paths:
        with open(path) as fh:
            m = json.load(fh)
        c = m["config"]
        params = lambda d: ",".join(f"{k}={v}" for k, v in (d or {}).items())
        acc = m.get("final_test_accuracy")
        rows.append({"dataset": c.get("dataset", ""), "model": c.get("model", ""),
                     "aggregator": c["aggregator"], "agg_params": params(c.get("agg-params")),
                     "attack": c["attack"], "attack_params": params(c.get("attack-params")),
                     "momentum": str(float(c["momentum"])), "status": m.get("status", ""),
                     "seed": str(c.get("seed", "")),
                     "final_accuracy": "" if acc is None else str(acc)})
    return rows if rows else None


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    grid, baseline, within, seeds = argv[0], None, 2.0, False
    rest = argv[1:]
    while rest:
        if rest[0] == "--seeds":
            seeds = True
            rest = rest[1:]
            continue
        if rest[0] == "--baseline" and len(rest) > 1:
            try:
                if "=" in rest[1]:
                    baseline = {float(b): float(a) for b, a in (x.split("=") for x in rest[1].split(","))}
                else:
                    baseline = float(rest[1])
            except ValueError:
                print(f"figure-table.py: --baseline {rest[1]} is not ACC or BETA=ACC,...", file=sys.stderr)
                return 2
        elif rest[0] == "--within" and len(rest) > 1:
            within = float(rest[1])
        else:
            print(f"figure-table.py: unknown option {rest[0]}; allowed: --baseline ACC, --within POINTS, --seeds",
                  file=sys.stderr)
            return 2
        rest = rest[2:]
    rows = load(grid)
    if rows is None:
        print(f"figure-table.py: {grid} has neither summary.csv nor runs/*/run.json; run byzspark grid first",
              file=sys.stderr)
        return 2
    groups = split(rows)
    for i, (title, part) in enumerate(groups):
        if title:
            print(("\n" if i else "") + title + "\n")
        (seed_table if seeds else table)(part, baseline, within)
    return 0


# columns that are not an axis to split by: the figure's own axes, seeds, and the run's outcome
NOT_SPLIT = {"run_id", "status", "aggregator", "agg_params", "attack", "attack_params", "momentum",
             "seed", "final_accuracy", "best_accuracy", "final_train_loss", "steps_done",
             "wall_seconds", "error", "final_test_asr", "out"}


def split(rows):
    """[(title, rows)]: one group per combination of the other columns that vary in the grid."""
    keys = [k for k in rows[0] if k not in NOT_SPLIT and len({r.get(k, "") for r in rows}) > 1]
    if not keys:
        return [("", rows)]
    groups = {}
    for r in rows:
        groups.setdefault(tuple(r.get(k, "") for k in keys), []).append(r)
    return [(", ".join(f"{k} = {v}" for k, v in zip(keys, vals)), part) for vals, part in groups.items()]


def table(rows, baseline, within):
    rules, attacks, betas = [], [], []
    cell = defaultdict(list)
    for r in rows:
        rule = r["aggregator"] + (":" + r["agg_params"] if r["agg_params"] else "")
        attack = r["attack"] + (":" + r["attack_params"] if r["attack_params"] else "")
        beta = r["momentum"]
        for lst, v in ((rules, rule), (attacks, attack), (betas, beta)):
            if v not in lst:
                lst.append(v)
        acc = r["final_accuracy"]
        cell[(rule, attack, beta)].append(float(acc) if r["status"] == "finished" and acc else None)
    betas.sort(key=float)
    attacked = [a for a in attacks if a != "none"]
    # RESAM's "No attack" benchmark inside the grid: `average` run only with attack none. Without
    # --baseline, its accuracy at each beta is the baseline, and it is a note, not a row.
    note = None
    if baseline is None and "average" in rules and not any(cell.get(("average", a, b)) for a in attacked for b in betas):
        found = {float(b): cell[("average", "none", b)] for b in betas if cell.get(("average", "none", b))}
        finished = {b: sum(v) / len(v) for b, v in found.items() if None not in v}
        if finished:
            baseline = finished
            rules.remove("average")
            note = ("baseline: RESAM's \"No attack\", `average` with attack none in this grid, at the row's β: "
                    + ", ".join(f"β = {b:g}: {a:.4f}" for b, a in sorted(finished.items())))
    order = (["none"] if any(cell.get((r, "none", b)) for r in rules for b in betas) else []) + attacked

    def show(vals):
        if not vals:
            return "…"
        if any(v is None for v in vals):
            return "failed"
        return mean_sd_text(vals)

    head = ["rule", "β"] + order + ["worst attack"]
    def base(beta):
        return baseline.get(float(beta)) if isinstance(baseline, dict) else baseline

    if baseline is not None:
        head.append("baseline")
        head.append("worst − baseline")
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rule in rules:
        for beta in betas:
            line = [rule, beta]
            worst = None
            for a in order:
                vals = cell.get((rule, a, beta), [])
                line.append(show(vals))
                if a != "none" and vals and None not in vals:
                    m = sum(vals) / len(vals)
                    worst = (m, a) if worst is None or m < worst[0] else worst
                elif a != "none":
                    worst = (float("-inf"), a) if vals else worst
            done = worst is not None and all(cell.get((rule, a, beta)) for a in attacked)
            if not done:
                line.append("…")
            else:
                line.append(f"{worst[1]} {worst[0]:.4f}" if worst[0] != float("-inf") else f"{worst[1]} failed")
            if baseline is not None:
                b = base(beta)
                if b is None:
                    line += ["—", "—" if done else "…"]
                elif not done:
                    line += [f"{b:.4f}", "…"]
                else:
                    gap = (worst[0] - b) * 100
                    line += [f"{b:.4f}", f"{gap:+.1f} points" + (" (close)" if gap >= -within else "")]
            out.append("| " + " | ".join(line) + " |")
    if note:
        out += ["", note]
    print("\n".join(out))


def seed_table(rows, baseline, within):
    """One row per (rule, beta, attack): every seed, mean ± sd, min, and the gap to the baseline."""
    cell = {}
    seeds = set()
    for r in rows:
        rule = r["aggregator"] + (":" + r["agg_params"] if r["agg_params"] else "")
        attack = r["attack"] + (":" + r["attack_params"] if r["attack_params"] else "")
        acc = r["final_accuracy"]
        seed = int(r.get("seed") or 1)
        seeds.add(seed)
        cell.setdefault((rule, r["momentum"], attack), {})[seed] = (
            float(acc) if r["status"] == "finished" and acc else None)
    seeds = sorted(seeds)
    head = ["rule", "β", "attack", "seeds"] + [f"seed {s}" for s in seeds] + ["mean ± sd", "min"]
    if baseline is not None:
        head += ["baseline", "mean − baseline"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (rule, beta, attack), by_seed in sorted(cell.items(), key=lambda kv: (kv[0][0], float(kv[0][1]), kv[0][2])):
        vals = [v for v in by_seed.values() if v is not None]
        line = [rule, beta, attack, str(len(vals))]
        line += ["…" if s not in by_seed else "failed" if by_seed[s] is None else f"{by_seed[s]:.4f}" for s in seeds]
        if not vals:
            line += ["…", "…"]
        else:
            line += [mean_sd_text(vals), f"{min(vals):.4f}"]
        if baseline is not None:
            b = baseline.get(float(beta)) if isinstance(baseline, dict) else baseline
            if b is None or not vals:
                line += ["—" if b is None else f"{b:.4f}", "—"]
            else:
                gap = (mean_sd(vals)[0] - b) * 100
                line += [f"{b:.4f}", f"{gap:+.1f} points" + (" (close)" if gap >= -within else "")]
        out.append("| " + " | ".join(line) + " |")
    print("\n".join(out))


def self_test():
    import contextlib
    import io
    import tempfile
    head = "run_id,status,dataset,aggregator,agg_params,attack,attack_params,momentum,seed,final_accuracy"
    lines = [head]
    for ds, accs in (("mnist", (0.97, 0.95)), ("fashion-mnist", (0.85, 0.81))):
        for seed, acc in zip((1, 2), accs):
            lines.append(f"r,finished,{ds},cc,,little,,0.9,{seed},{acc}")
        lines.append(f"b,finished,{ds},average,,none,,0.9,1,{accs[0] + 0.02}")
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "summary.csv"), "w") as fh:
            fh.write("\n".join(lines) + "\n")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main([d])
    text = buf.getvalue()
    want = ["dataset = mnist", "dataset = fashion-mnist", "| cc | 0.9 | 0.9600 ± 0.0141 |",
            "| cc | 0.9 | 0.8300 ± 0.0283 |", "β = 0.9: 0.9900", "β = 0.9: 0.8700"]
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "summary.csv"), "w") as fh:
            fh.write("\n".join(lines[:3]) + "\n")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main([d, "--seeds", "--baseline", "0.99"])
    text += buf.getvalue()
    want.append("| cc | 0.9 | little | 2 | 0.9700 | 0.9500 | 0.9600 ± 0.0141 | 0.9500 | 0.9900 | -3.0 points |")
    # a summary.csv of an earlier, smaller grid in the same directory: the run directories count
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "summary.csv"), "w") as fh:
            fh.write("\n".join([head, "r,finished,mnist,cc,,little,,0.9,1,0.91"]) + "\n")
        for seed, acc in ((1, 0.91), (2, 0.89)):
            os.makedirs(os.path.join(d, "runs", f"s{seed}"))
            with open(os.path.join(d, "runs", f"s{seed}", "run.json"), "w") as fh:
                json.dump({"config": {"dataset": "mnist", "aggregator": "cc", "attack": "little",
                                      "momentum": 0.9, "seed": seed},
                           "status": "finished", "final_test_accuracy": acc}, fh)
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main([d, "--seeds"])
    text += buf.getvalue()
    want.append("| cc | 0.9 | little | 2 | 0.9100 | 0.8900 | 0.9000 ± 0.0141 | 0.8900 |")
    return report("figure-table.py", want, text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
