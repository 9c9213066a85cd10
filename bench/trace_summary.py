#!/usr/bin/env python3
"""Summarises a PyTorch profiler trace (chrome JSON) of N training steps, as HotLoopBenchmark --profile writes it.

Prints, per step: the operators called from outside any other operator (what mesa dispatches, plus autograd's
backward nodes), the leaf operators (the ones that call no other operator: on a GPU, roughly one kernel launch
each), the traced time by layer kind, and the untraced gaps between operators (Java-side work: batch assembly,
JNI). With --profile-shapes the trace also gives every operator's input shapes.

    bench/run HotLoopBenchmark --model compact --mode retrain --steps 10 --profile /tmp/r.json --profile-shapes
    bench/trace_summary.py /tmp/r.json --steps 10 [--json]
"""
import argparse
import collections
import json

KINDS = [("conv", ("Convolution", "conv2d", "convolution")), ("batchnorm", ("BatchNorm", "batch_norm")),
         ("maxpool", ("MaxPool", "max_pool")), ("relu", ("Relu", "aten::relu", "threshold")),
         ("linear", ("ddmm", "TBackward"))]


def kind(name):
    for label, needles in KINDS:
        if any(n in name for n in needles):
            return label
    return "other"


def summarise(events, steps):
    events = [e for e in events if e.get("ph") == "X"]
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[e["tid"]].append(e)
    top = leaf = 0
    time_by_kind = collections.Counter()
    gaps = 0.0
    for thread_events in by_thread.values():
        thread_events.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack, children, previous_end = [], collections.Counter(), None
        for i, e in enumerate(thread_events):
            while stack and thread_events[stack[-1]]["ts"] + thread_events[stack[-1]]["dur"] <= e["ts"]:
                stack.pop()
            if stack:
                children[stack[-1]] += 1
            else:
                top += 1
                time_by_kind[kind(e["name"])] += e["dur"]
                if previous_end is not None and e["ts"] > previous_end:
                    gaps += e["ts"] - previous_end
                previous_end = e["ts"] + e["dur"]
            stack.append(i)
        leaf += sum(1 for i in range(len(thread_events)) if children[i] == 0)
    traced = sum(time_by_kind.values())
    return {"steps": steps, "top_level_ops_per_step": round(top / steps, 1), "leaf_ops_per_step": round(leaf / steps, 1),
            "traced_ms_per_step": round(traced / steps / 1e3, 2), "untraced_gap_ms_per_step": round(gaps / steps / 1e3, 2),
            "ms_per_step_by_kind": {k: round(v / steps / 1e3, 2) for k, v in time_by_kind.most_common()}}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("trace")
    p.add_argument("--steps", type=int, required=True, help="the number of timed steps the trace holds")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    with open(a.trace) as f:
        data = json.load(f)
    summary = summarise(data["traceEvents"] if isinstance(data, dict) else data, a.steps)
    if a.json:
        print(json.dumps(summary))
        return
    print(f"{a.trace}: {summary['top_level_ops_per_step']} dispatched and {summary['leaf_ops_per_step']} leaf operators"
          f" per step; {summary['traced_ms_per_step']} ms traced, {summary['untraced_gap_ms_per_step']} ms between operators")
    for k, v in summary["ms_per_step_by_kind"].items():
        print(f"  {k:10s} {v:8.2f} ms/step")


if __name__ == "__main__":
    main()
