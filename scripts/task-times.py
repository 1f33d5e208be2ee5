#!/usr/bin/env python3
"""Where Spark tasks spend their time, from a Spark event log: per stage kind, the mean per task.

Usage: scripts/task-times.py EVENT_LOG_DIR
       scripts/task-times.py --self-test

EVENT_LOG_DIR is what Spark writes with spark.eventLog.enabled=true (a run started with
BYZSPARK_JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=DIR"): the files
events_* of DIR/eventlog_v2_*/ or the plain or zstd-compressed log files directly in DIR (zstd
needs the zstd command). Stages are grouped by the last call site of their name (e.g. "collect at
Trainer.java:545", the worker job), and for each group the script prints, in ms per task:

  duration   launch to finish
  run        executor run time (cpu: its CPU time)
  deser      deserialising the task on the executor
  ser        serialising the result
  fetch      fetching a large result from the block manager after the task
  delay      the rest: scheduling, handing the task to a thread, receiving the result
  result_kb  the size of the result
"""
import collections
import glob
import json
import os
import subprocess
import sys

FIELDS = ("duration", "run", "cpu", "deser", "ser", "fetch", "delay", "result_kb")


def lines_of(path):
    if path.endswith(".zstd"):
        out = subprocess.run(["zstd", "-dc", path], capture_output=True, text=True, check=True).stdout
        return out.splitlines()
    with open(path) as fh:
        return fh.read().splitlines()


def table(lines):
    """{stage kind: Counter of sums, with 'tasks'} from event log lines."""
    names = {}
    sums = collections.defaultdict(collections.Counter)
    for line in lines:
        e = json.loads(line)
        if e["Event"] == "SparkListenerStageSubmitted":
            names[e["Stage Info"]["Stage ID"]] = e["Stage Info"]["Stage Name"]
        elif e["Event"] == "SparkListenerTaskEnd":
            m = e.get("Task Metrics") or {}
            i = e["Task Info"]
            kind = names.get(e["Stage ID"], "?")
            dur = i["Finish Time"] - i["Launch Time"]
            run, des = m.get("Executor Run Time", 0), m.get("Executor Deserialize Time", 0)
            ser = m.get("Result Serialization Time", 0)
            fetch = i["Finish Time"] - i["Getting Result Time"] if i.get("Getting Result Time", 0) > 0 else 0
            c = sums[kind]
            c["tasks"] += 1
            c["duration"] += dur
            c["run"] += run
            c["cpu"] += m.get("Executor CPU Time", 0) / 1e6
            c["deser"] += des
            c["ser"] += ser
            c["fetch"] += fetch
            c["delay"] += max(0, dur - run - des - ser - fetch)
            c["result_kb"] += m.get("Result Size", 0) / 1024
    return sums


def render(sums):
    out = ["| stage | tasks | " + " | ".join(FIELDS) + " |", "|---|---:|" + "---:|" * len(FIELDS)]
    for kind, c in sorted(sums.items(), key=lambda kv: -kv[1]["tasks"]):
        t = c["tasks"]
        out.append(f"| {kind} | {t} | " + " | ".join(f"{c[f] / t:.2f}" for f in FIELDS) + " |")
    return "\n".join(out)


def self_test():
    def task(stage, launch, finish, run, des, ser, cpu_ns, size):
        return json.dumps({"Event": "SparkListenerTaskEnd", "Stage ID": stage,
                           "Task Info": {"Launch Time": launch, "Finish Time": finish, "Getting Result Time": 0},
                           "Task Metrics": {"Executor Run Time": run, "Executor Deserialize Time": des,
                                            "Result Serialization Time": ser, "Executor CPU Time": cpu_ns,
                                            "Result Size": size}})
    lines = [json.dumps({"Event": "SparkListenerStageSubmitted",
                         "Stage Info": {"Stage ID": 3, "Stage Name": "collect at Trainer.java:545"}}),
             task(3, 100, 110, 4, 1, 0, 2_000_000, 2048), task(3, 200, 220, 6, 3, 1, 4_000_000, 4096)]
    c = table(lines)["collect at Trainer.java:545"]
    got = {f: c[f] / c["tasks"] for f in FIELDS}
    want = {"duration": 15, "run": 5, "cpu": 3, "deser": 2, "ser": 0.5, "fetch": 0, "delay": 7.5, "result_kb": 3}
    if c["tasks"] != 2 or any(abs(got[k] - v) > 1e-9 for k, v in want.items()):
        print(f"task-times.py: self-test failed: {got} != {want}", file=sys.stderr)
        return 1
    print("task-times.py: self-test passed (2 tasks)")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    d = argv[0]
    files = sorted(glob.glob(os.path.join(d, "eventlog_v2_*", "events_*"))) or sorted(
        p for p in glob.glob(os.path.join(d, "*")) if os.path.isfile(p) and not p.endswith(".inprogress"))
    lines = [l for p in files if not os.path.basename(p).startswith("appstatus") for l in lines_of(p)]
    if not lines:
        print(f"task-times.py: no event log in {d} (spark.eventLog.enabled=true, spark.eventLog.dir={d})",
              file=sys.stderr)
        return 2
    print(render(table(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
