#!/usr/bin/env python3
"""CPU time of every thread of every process a command starts, grouped by process and thread name.

Usage: scripts/cpu-threads.py [--interval S] [--steps N] [--top K] -- COMMAND [ARGS...]
       scripts/cpu-threads.py --self-test

Runs COMMAND and, once every S seconds (default 1), reads the user + system CPU time of each thread
(/proc/PID/task/TID/stat) of every process started after this script (so also the daemons of a
cluster that COMMAND starts and stops); a thread's last reading before it or its process ends is
kept. At the end it prints a Markdown table per process (a Java process is named by its main
class), its CPU seconds and its K (default 8) largest thread groups, a thread group being the
threads whose names differ only in digits (e.g. every "Executor task launch worker"). With
--steps N it also gives milliseconds per step. Linux only; measure on a quiet machine, since a
process that another program starts meanwhile is counted too. The sampler itself reads files only
(no process per reading), so it costs little CPU.
"""
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

TICK = os.sysconf("SC_CLK_TCK")


def boot_ticks_now():
    with open("/proc/uptime") as f:
        return float(f.read().split()[0]) * TICK


def stat_fields(path):
    with open(path) as f:
        text = f.read()
    return text.rsplit(")", 1)[1].split()  # fields from the 3rd on (state, ppid, ...)


def process_name(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        args = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    if not args:
        return "?"
    exe = os.path.basename(args[0])
    if exe == "java":
        skip = False
        for a in args[1:]:
            if skip:
                skip = False
            elif a in ("-cp", "-classpath", "--class-path", "--module-path", "--add-modules"):
                skip = True
            elif not a.startswith("-"):
                return "java " + a.rsplit(".", 1)[-1]
        return "java"
    return exe


def sample(since, seen):
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == os.getpid():
            continue
        try:
            fields = stat_fields(f"/proc/{p}/stat")
            if int(fields[19]) < since:  # starttime, in ticks since boot
                continue
            name = seen[p][0] if p in seen else process_name(p)
            threads = seen[p][1] if p in seen else {}
            for t in os.listdir(f"/proc/{p}/task"):
                try:
                    with open(f"/proc/{p}/task/{t}/comm") as f:
                        tname = f.read().strip()
                    tf = stat_fields(f"/proc/{p}/task/{t}/stat")
                    threads[t] = (tname, (int(tf[11]) + int(tf[12])) / TICK)
                except OSError:
                    pass
            seen[p] = (name, threads)
        except (OSError, IndexError, ValueError):
            pass


def report(seen, steps, top):
    rows = []
    for p, (name, threads) in seen.items():
        groups = collections.Counter()
        for tname, cpu in threads.values():
            groups[re.sub(r"\d+", "N", tname)] += cpu
        total = sum(groups.values())
        if total > 0:
            rows.append((total, p, name, groups))
    rows.sort(reverse=True)
    per = f" | ms per step (of {steps})" if steps else ""
    print(f"| process | pid | CPU s{per} | largest thread groups (CPU s) |")
    print("|---|---:|---:|" + ("---:|" if steps else "") + "---|")
    for total, p, name, groups in rows:
        parts = ", ".join(f"{g} {v:.1f}" for g, v in groups.most_common(top))
        extra = f" | {total * 1000 / steps:.1f}" if steps else ""
        print(f"| {name} | {p} | {total:.1f}{extra} | {parts} |")
    print(f"\nall processes: {sum(r[0] for r in rows):.1f} CPU s")
    return rows


def run(argv):
    interval, steps, top = 1.0, 0, 8
    i = 0
    try:
        while i < len(argv) and argv[i] != "--":
            if argv[i] == "--interval" and i + 1 < len(argv):
                interval = float(argv[i + 1])
            elif argv[i] == "--steps" and i + 1 < len(argv):
                steps = int(argv[i + 1])
            elif argv[i] == "--top" and i + 1 < len(argv):
                top = int(argv[i + 1])
            else:
                print(f"cpu-threads.py: unknown option {argv[i]}; allowed: --interval S, --steps N, --top K, -- COMMAND", file=sys.stderr)
                sys.exit(2)
            i += 2
    except ValueError:
        print(f"cpu-threads.py: {argv[i]} needs a number, not {argv[i + 1]!r}", file=sys.stderr)
        sys.exit(2)
    command = argv[i + 1:]
    if not command or not interval > 0 or steps < 0 or top < 1:
        print("usage: scripts/cpu-threads.py [--interval S] [--steps N] [--top K] -- COMMAND [ARGS...]", file=sys.stderr)
        sys.exit(2)
    since = boot_ticks_now() - 1
    seen = {}
    t0 = time.time()
    proc = subprocess.Popen(command)
    while proc.poll() is None:
        sample(since, seen)
        time.sleep(interval)
    wall = time.time() - t0
    print(f"\n{' '.join(command)}: exit {proc.returncode}, wall {wall:.1f} s\n")
    report(seen, steps, top)
    return proc.returncode


def self_test():
    # a child that spins for about 1.5 s in a thread group of its own name must show about 1.5 CPU s
    with tempfile.TemporaryDirectory() as d:
        spin = os.path.join(d, "spin.py")
        with open(spin, "w") as f:
            f.write("import time\nt = time.process_time()\nwhile time.process_time() - t < 1.5:\n    pass\n")
        since = boot_ticks_now() - 1
        seen = {}
        proc = subprocess.Popen([sys.executable, spin])
        while proc.poll() is None:
            sample(since, seen)
            time.sleep(0.1)
        import io
        import contextlib

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rows = report(seen, 10, 3)
    cpu = sum(r[0] for r in rows if r[1] == str(proc.pid))
    ok = 1.0 <= cpu <= 2.0 and "| ms per step (of 10) |" in out.getvalue()
    print(f"cpu-threads.py self-test: the spinning child measured {cpu:.2f} CPU s (1.5 expected): {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if sys.argv[1:] in ([], ["-h"], ["--help"]):
        print(__doc__)
        sys.exit(0)
    sys.exit(run(sys.argv[1:]))
