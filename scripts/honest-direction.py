#!/usr/bin/env python3
"""Where a rule's output sits against the honest mean, on the messages a run recorded.

Usage: scripts/honest-direction.py RUN_DIR RULE

RUN_DIR is a `byzspark train --record-messages STEPS --out RUN_DIR` directory; for each recorded
step (RUN_DIR/messages/step-T.csv, whose header names the forged rows) the script runs
`scripts/byzspark aggregate --aggregator RULE --byzantine f` on the step's n messages and prints,
with x̄ the mean of the honest messages, F the rule's output and b the first forged message:

  spread   the honest messages' mean distance to x̄, over ‖x̄‖
  along    ⟨F, x̄⟩ / ‖x̄‖²: 1 for the honest mean itself, (1 − ζ) for `empire`'s forged vector
  ratio    ‖F − b‖ / ‖F − x̄‖: how much nearer F is to the honest mean than to the forged vector

The rule is given the f it assumed in the run (the header's declared-byzantine). Needs NumPy.
The rule's output is written next to each step file (step-T.csv.RULE.out).
`scripts/honest-direction.py --self-test` checks the header parsing on sample lines.
"""
import glob
import os
import re
import subprocess
import sys



def header(line):
    """(declared f, forged rows) from a message file's first line.

    '# byzspark messages: step=12 seed=1 declared-byzantine=2 byzantine=3,4' gives (2, [3, 4]);
    the keys are whole words, so declared-byzantine is not read as byzantine.
    """
    fields = dict(t.split("=", 1) for t in line.lstrip("#").split() if "=" in t)
    forged = [int(v) for v in fields.get("byzantine", "").split(",") if v]
    declared = int(fields.get("declared-byzantine", len(forged)))
    return declared, forged


def distance_ratio(to_forged, to_honest_mean):
    """‖F − b‖ / ‖F − x̄‖, infinite when the rule outputs the honest mean itself (MDA can)."""
    return to_forged / to_honest_mean if to_honest_mean > 0 else float("inf")


def self_test():
    cases = [
        ("# byzspark messages: step=50 seed=1 declared-byzantine=5 byzantine=10,11,12,13,14\n",
         (5, [10, 11, 12, 13, 14])),
        ("# byzspark messages: step=3 seed=7 declared-byzantine=2 byzantine=\n", (2, [])),
        ("# byzspark messages: step=3 seed=7 byzantine=0,4\n", (2, [0, 4])),
    ]
    for line, want in cases:
        got = header(line)
        if got != want:
            print(f"honest-direction.py: self-test failed on {line.strip()!r}: {got} != {want}", file=sys.stderr)
            return 1
    for args, want in (((3.0, 1.5), 2.0), ((3.0, 0.0), float("inf"))):
        if distance_ratio(*args) != want:
            print(f"honest-direction.py: self-test failed: distance_ratio{args} != {want}", file=sys.stderr)
            return 1
    print(f"honest-direction.py: self-test passed ({len(cases)} header lines, 2 distance ratios)")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if len(argv) != 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    run, rule = argv
    import numpy as np
    home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    steps = [p for p in glob.glob(os.path.join(run, "messages", "step-*.csv")) if re.search(r"step-\d+\.csv$", p)]
    if not steps:
        print(f"honest-direction.py: no recorded messages in {run}/messages (train --record-messages)", file=sys.stderr)
        return 2
    print("step,spread,along,ratio")
    for path in sorted(steps, key=lambda p: int(re.search(r"step-(\d+)\.csv$", p).group(1))):
        with open(path) as fh:
            head = fh.readline()
        declared, byz = header(head)
        x = np.loadtxt(path, delimiter=",", comments="#", ndmin=2)
        out = f"{path}.{rule}.out"
        subprocess.run([os.path.join(home, "scripts", "byzspark"), "aggregate", "--aggregator", rule,
                        "--byzantine", str(declared), "--input", path, "--output", out],
                       check=True, capture_output=True)
        f = np.loadtxt(out, delimiter=",", comments="#").ravel()
        honest = [i for i in range(len(x)) if i not in byz]
        mean = x[honest].mean(0)
        spread = np.mean([np.linalg.norm(x[i] - mean) for i in honest]) / np.linalg.norm(mean)
        along = f @ mean / (mean @ mean)
        ratio = distance_ratio(np.linalg.norm(f - x[byz[0]]), np.linalg.norm(f - mean)) if byz else float("nan")
        step = re.search(r"step-(\d+)\.csv$", path).group(1)
        print(f"{step},{spread:.3f},{along:.3f},{ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
