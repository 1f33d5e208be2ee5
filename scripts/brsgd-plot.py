#!/usr/bin/env python3
"""BRSGD's rate on a log-log picture: min_{k<=K} ||grad F(w_k)|| against K for each run, with the
least-squares line that `byzspark rate` fits and a line of BRSGD's slope -(1-p)/2 beside it.

Usage: scripts/brsgd-plot.py DIR... --out FILE.png [--kmin K]
       scripts/brsgd-plot.py --self-test

Each DIR is a run directory (metrics.csv with grad_norm, run.json with a `poly[:p=P]` lr-schedule)
or a grid directory (every run under DIR/runs/). For each run the picture shows the running minimum
M_K of grad_norm over the evaluations up to step K (points), the fitted line over K >= KMIN
(default 20, as `byzspark rate`), and a dashed line of slope -(1-p)/2 through the fitted line's
value at K = KMIN; the legend gives p, the fitted slope and -(1-p)/2. Runs sharing a p share a
colour. The slopes printed equal `byzspark rate`'s (the same least-squares fit of log M_K on
log K). Needs matplotlib.
`--self-test` checks the running minimum and the fit on hand-made series.
"""
import csv
import json
import math
import os
import sys


def fail(msg):
    print(f"brsgd-plot.py: {msg}", file=sys.stderr)
    sys.exit(2)


def running_min(steps, norms):
    """(K, M_K) for the evaluated steps, M_K the minimum of the norms at steps <= K."""
    out = []
    best = math.inf
    for k, g in zip(steps, norms):
        best = min(best, g)
        out.append((k, best))
    return out


def fit(points, kmin):
    """Least-squares slope and intercept of log M against log K over K >= kmin."""
    xs = [math.log(k) for k, m in points if k >= kmin]
    ys = [math.log(m) for k, m in points if k >= kmin]
    if len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return b, my - b * mx


def read_run(path):
    with open(os.path.join(path, "run.json")) as fh:
        config = json.load(fh).get("config", {})
    schedule = str(config.get("lr-schedule", ""))
    if schedule == "poly":
        p = 0.75  # bare poly, as `byzspark rate` reads it
    elif schedule.startswith("poly:p="):
        p = float(schedule.split("=", 1)[1])
    else:
        return None
    steps, norms = [], []
    with open(os.path.join(path, "metrics.csv"), newline="") as fh:
        for r in csv.DictReader(fh):
            if r.get("grad_norm"):
                steps.append(int(r["step"]))
                norms.append(float(r["grad_norm"]))
    return p, steps, norms


def runs_under(d):
    if os.path.isfile(os.path.join(d, "metrics.csv")):
        return [d]
    sub = os.path.join(d, "runs")
    if os.path.isdir(sub):
        return sorted(os.path.join(sub, r) for r in os.listdir(sub)
                      if os.path.isfile(os.path.join(sub, r, "metrics.csv")))
    fail(f"{d}: neither a run directory (metrics.csv) nor a grid directory (runs/)")


def self_test():
    pts = running_min([5, 10, 15, 20], [3.0, 4.0, 2.0, 2.5])
    if pts != [(5, 3.0), (10, 3.0), (15, 2.0), (20, 2.0)]:
        print(f"brsgd-plot.py: self-test failed: running minimum {pts}", file=sys.stderr)
        return 1
    # M_K = 7·K^(−0.3) exactly: slope −0.3, intercept log 7.
    exact = [(k, 7.0 * k ** -0.3) for k in range(5, 200, 5)]
    b, a = fit(exact, 20)
    if abs(b + 0.3) > 1e-12 or abs(a - math.log(7.0)) > 1e-12:
        print(f"brsgd-plot.py: self-test failed: fit {b}, {a}", file=sys.stderr)
        return 1
    if fit([(20, 1.0)], 20) is not None:
        print("brsgd-plot.py: self-test failed: one point gave a fit", file=sys.stderr)
        return 1
    print("brsgd-plot.py: self-test passed (running minimum, exact power law, one point)")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    dirs, out, kmin = [], None, 20
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--out", "--kmin"):
            if i + 1 >= len(argv):
                fail(f"{a} needs a value")
            if a == "--out":
                out = argv[i + 1]
            else:
                try:
                    kmin = int(argv[i + 1])
                except ValueError:
                    kmin = 0
                if kmin < 1:
                    fail(f"--kmin must be an integer >= 1, got {argv[i + 1]!r}")
            i += 2
        elif a.startswith("-"):
            fail(f"unknown option {a}; usage: brsgd-plot.py DIR... --out FILE.png [--kmin K]")
        else:
            dirs.append(a)
            i += 1
    if not dirs or not out:
        fail("usage: brsgd-plot.py DIR... --out FILE.png [--kmin K]")
    runs = []
    for d in dirs:
        for r in runs_under(d):
            got = read_run(r)
            if got is None:
                print(f"brsgd-plot.py: {r}: no poly:p=P lr-schedule, left out", file=sys.stderr)
                continue
            if not got[1]:
                print(f"brsgd-plot.py: {r}: no grad_norm in metrics.csv, left out", file=sys.stderr)
                continue
            runs.append((r, *got))
    if not runs:
        fail("no run with a poly schedule and grad_norm values")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        fail("needs matplotlib (scripts/notebook-deps.sh installs it for /usr/bin/python3)")
    ps = sorted({p for _, p, _, _ in runs})
    colours = {p: plt.get_cmap("tab10")(j % 10) for j, p in enumerate(ps)}
    fig, ax = plt.subplots(figsize=(7, 5))
    labelled = set()
    print("| run | p | fitted slope | -(1-p)/2 |")
    print("|---|---:|---:|---:|")
    for path, p, steps, norms in runs:
        pts = running_min(steps, norms)
        ks = [k for k, _ in pts]
        ms = [m for _, m in pts]
        c = colours[p]
        ax.loglog(ks, ms, "o", ms=3, color=c, alpha=0.6)
        f = fit(pts, kmin)
        name = os.path.basename(os.path.normpath(path))
        if f is None:
            print(f"| {name} | {p:g} | — | {-(1 - p) / 2:.3f} |")
            continue
        b, a0 = f
        xs = [k for k in ks if k >= kmin]
        ax.loglog(xs, [math.exp(a0 + b * math.log(k)) for k in xs], "-", color=c, lw=1.2,
                  label=None if p in labelled else f"p = {p:g}: fitted slope {b:.3f}")
        ref = -(1 - p) / 2
        y0 = math.exp(a0 + b * math.log(xs[0]))
        ax.loglog(xs, [y0 * (k / xs[0]) ** ref for k in xs], "--", color=c, lw=1,
                  label=None if p in labelled else f"p = {p:g}: slope -(1-p)/2 = {ref:.3f}")
        labelled.add(p)
        print(f"| {name} | {p:g} | {b:.3f} | {ref:.3f} |")
    ax.set_xlabel("step K")
    ax.set_ylabel("min over k ≤ K of ‖∇F(w_k)‖")
    ax.set_title(f"BRSGD rate: running minimum of the gradient norm (fit over K ≥ {kmin})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"brsgd-plot.py: {len(runs)} runs drawn into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
