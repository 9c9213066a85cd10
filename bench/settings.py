#!/usr/bin/env python3
"""Measures the native settings mesa's launchers choose: allocator (tcmalloc via LD_PRELOAD vs glibc malloc) and
OpenMP's wait policy (PASSIVE vs the default spinning), on the compact model's MESA and retraining steps.
Runs are interleaved, medians reported; writes bench/results/settings-<date>.json.

    bench/settings.py --rounds 3
"""
import argparse
import datetime
import json
import os
import statistics
from pathlib import Path

import hotloops

VARIANTS = [("tcmalloc", "PASSIVE"), ("glibc", "PASSIVE"), ("tcmalloc", "default"), ("glibc", "default")]


def env(allocator, wait, threads):
    e = dict(os.environ)
    e.pop("LD_PRELOAD", None)
    e.pop("OMP_WAIT_POLICY", None)
    e["MESA_THREADS"] = str(threads)
    e["OMP_NUM_THREADS"] = str(threads)
    if allocator == "glibc":
        e["MESA_NO_TCMALLOC"] = "1"
    else:
        e.pop("MESA_NO_TCMALLOC", None)
    if wait != "default":
        e["OMP_WAIT_POLICY"] = wait
    return e


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    import subprocess
    results = []
    for mode in ("mesa", "retrain"):
        runs = {v: [] for v in VARIANTS}
        for _ in range(a.rounds):
            for v in VARIANTS:
                out = subprocess.run([str(hotloops.HERE / "run"), "HotLoopBenchmark", "--model", "compact", "--mode", mode,
                                      "--steps", "30"], env=env(*v, a.threads), capture_output=True, text=True, check=True)
                runs[v].append(hotloops.last_json(out.stdout)["images_per_s"])
        for v in VARIANTS:
            row = {"model": "compact", "mode": mode, "allocator": v[0], "omp_wait_policy": v[1],
                   "images_per_s": runs[v], "median": statistics.median(runs[v])}
            results.append(row)
            print(f"compact {mode:8s} {v[0]:8s} {v[1]:8s} {row['median']:7.1f} img/s", flush=True)
    record = {"benchmark": "settings", "date": datetime.datetime.now().astimezone().isoformat(),
              "machine": {"cpu": hotloops.cpu_model(), "cores": os.cpu_count(), "threads": a.threads},
              "rounds": a.rounds, "results": results}
    out = hotloops.ROOT / "bench" / "results" / f"settings-{datetime.date.today()}.json"
    out.write_text(json.dumps(record, indent=2))
    print("wrote", out)


if __name__ == "__main__":
    main()
