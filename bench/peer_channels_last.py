#!/usr/bin/env python3
"""The plain-PyTorch reference step (mesa_step_torch.py, see hotloops.py) in PyTorch's default layout and in channels-last, side by
side, so the effect of the memory layout mesa uses can be compared in plain PyTorch.

    OMP_NUM_THREADS=2 LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
        bench/.venv/bin/python bench/peer_channels_last.py --threads 2 --mode mesa

Prints one line per run (layouts interleaved, --rounds each): images/s.
"""
import argparse
import time

import torch

import hotloops

peer = hotloops.load_peer()

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2)
p.add_argument("--mode", default="mesa", choices=["mesa", "retrain"])
p.add_argument("--model", default="small", choices=["small", "resnet18"])
p.add_argument("--steps", type=int, default=15)
p.add_argument("--rounds", type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
for _ in range(a.rounds):
    for layout in ("default", "channels_last"):
        args = argparse.Namespace(batch=128, pool=1024, model=a.model, mode=a.mode, noise_std=0.1, target=0, beta=0.8,
                                  alpha=0.1, ma_rate=0.001)
        bench = peer.Bench(args)
        if layout == "channels_last":
            bench.classifier.to(memory_format=torch.channels_last)
            bench.pool = bench.pool.contiguous(memory_format=torch.channels_last)
        step = bench.mesa_step if a.mode == "mesa" else bench.retrain_step
        for _ in range(3):
            step()
        start = time.perf_counter()
        for _ in range(a.steps):
            step()
        print(f"{a.model} {a.mode} {layout:13s} {a.steps * 128 / (time.perf_counter() - start):8.1f} img/s", flush=True)
