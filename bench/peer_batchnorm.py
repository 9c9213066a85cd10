#!/usr/bin/env python3
"""Batch norm in training, forward and backward, contiguous (NCHW) against channels-last, in plain PyTorch.

mesa runs its classifiers channels-last (faster convolutions and max pooling on CPUs). This tool measures what that
layout does to the batch-norm kernels alone, at the compact CNN's three activation shapes, batch 128, by calling
the two native operators directly (no autograd, no gradient accumulation), so the numbers are the kernels' own.

    bench/.venv/bin/python bench/peer_batchnorm.py --threads 1 --out bench/results/batchnorm-t1-<date>.json
    bench/.venv/bin/python bench/peer_batchnorm.py --threads 2 --out bench/results/batchnorm-t2-<date>.json
"""
import argparse
import datetime
import json
import statistics
import time
from pathlib import Path

import torch

import hotloops

SHAPES = [(128, 32, 32, 32), (128, 64, 16, 16), (128, 128, 8, 8)]
LAYOUTS = {"nchw": torch.contiguous_format, "channels_last": torch.channels_last}


def time_layout(shape, layout, reps):
    aten = torch.ops.aten
    c = shape[1]
    x = torch.randn(*shape).contiguous(memory_format=layout)
    grad = torch.randn(*shape).contiguous(memory_format=layout)
    weight, bias = torch.ones(c), torch.zeros(c)
    mean, var = torch.zeros(c), torch.ones(c)
    forward, backward = [], []
    for i in range(reps + 5):
        t0 = time.perf_counter()
        _, saved_mean, saved_invstd = aten.native_batch_norm(x, weight, bias, mean, var, True, 0.1, 1e-5)
        t1 = time.perf_counter()
        aten.native_batch_norm_backward(grad, x, weight, mean, var, saved_mean, saved_invstd, True, 1e-5,
                                        [True, True, True])
        t2 = time.perf_counter()
        if i >= 5:
            forward.append((t1 - t0) * 1e3)
            backward.append((t2 - t1) * 1e3)
    return statistics.median(forward), statistics.median(backward)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=40)
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median of each round's median")
    p.add_argument("--out", default=None)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    rows = []
    for shape in SHAPES:
        runs = {name: [] for name in LAYOUTS}
        for _ in range(a.rounds):
            for name, layout in LAYOUTS.items():
                runs[name].append(time_layout(shape, layout, a.reps))
        row = {"shape": list(shape)}
        for name in LAYOUTS:
            row[name + "_forward_ms"] = round(statistics.median(f for f, _ in runs[name]), 3)
            row[name + "_backward_ms"] = round(statistics.median(b for _, b in runs[name]), 3)
        rows.append(row)
        print(json.dumps(row), flush=True)
    record = {"benchmark": "batch norm kernels, training mode, NCHW vs channels-last",
              "date": datetime.datetime.now().astimezone().isoformat(),
              "machine": {"cpu": hotloops.cpu_model(), "threads": a.threads, "torch": torch.__version__},
              "reps": a.reps, "rounds": a.rounds, "results": rows}
    if a.out:
        Path(a.out).write_text(json.dumps(record, indent=2) + "\n")
        print("wrote", a.out)


if __name__ == "__main__":
    main()
