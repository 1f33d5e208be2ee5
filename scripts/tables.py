"""Shared by the Python table scripts (figure-table.py, seeds-table.py): the mean ± sample standard
deviation of a cell's seeds, and the report of a self-test. Not a command."""
import sys


def mean_sd(vals):
    """(mean, sample standard deviation) of a non-empty list of numbers; sd is None for one value."""
    m = sum(vals) / len(vals)
    if len(vals) == 1:
        return m, None
    return m, (sum((v - m) ** 2 for v in vals) / (len(vals) - 1)) ** 0.5


def mean_sd_text(vals):
    """'0.9600 ± 0.0141', or '0.9600' for a single value."""
    m, sd = mean_sd(vals)
    return f"{m:.4f}" + ("" if sd is None else f" ± {sd:.4f}")


def report(name, want, text):
    """A self-test's exit code: 0 when every wanted line is in text, else 1 with what is missing."""
    missing = [w for w in want if w not in text]
    if missing:
        print(f"{name}: self-test failed, missing " + "; ".join(missing) + "\n" + text, file=sys.stderr)
        return 1
    print(f"{name}: self-test passed ({len(want)} checks)")
    return 0
