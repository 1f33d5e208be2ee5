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

Needs NumPy. The rule's output is written next to each step file (step-T.csv.RULE.out).
"""
import glob
import os
import re
import subprocess
import sys

import numpy as np


def main(argv):
    if len(argv) != 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    run, rule = argv
    home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    steps = [p for p in glob.glob(os.path.join(run, "messages", "step-*.csv")) if re.search(r"step-\d+\.csv$", p)]
    if not steps:
        print(f"honest-direction.py: no recorded messages in {run}/messages (train --record-messages)", file=sys.stderr)
        return 2
    print("step,spread,along,ratio")
    for path in sorted(steps, key=lambda p: int(re.search(r"step-(\d+)\.csv$", p).group(1))):
        with open(path) as fh:
            head = fh.readline()
        forged = re.search(r"byzantine=([0-9,]*)", head)
        byz = [int(v) for v in forged.group(1).split(",") if v] if forged else []
        x = np.loadtxt(path, delimiter=",", comments="#", ndmin=2)
        out = f"{path}.{rule}.out"
        subprocess.run([os.path.join(home, "scripts", "byzspark"), "aggregate", "--aggregator", rule,
                        "--byzantine", str(len(byz)), "--input", path, "--output", out],
                       check=True, capture_output=True)
        f = np.loadtxt(out, delimiter=",", comments="#").ravel()
        honest = [i for i in range(len(x)) if i not in byz]
        mean = x[honest].mean(0)
        spread = np.mean([np.linalg.norm(x[i] - mean) for i in honest]) / np.linalg.norm(mean)
        along = f @ mean / (mean @ mean)
        ratio = (np.linalg.norm(f - x[byz[0]]) / np.linalg.norm(f - mean)) if byz else float("nan")
        step = re.search(r"step-(\d+)\.csv$", path).group(1)
        print(f"{step},{spread:.3f},{along:.3f},{ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
