#!/usr/bin/env python3
"""PyTorch profiler trace of the plain-PyTorch reference step (mesa_step_torch.py, see hotloops.py), for the per-op comparison in
docs/PERFORMANCE.md: 3 warm-up steps, then 20 profiled steps, exported as a chrome trace.

    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 OMP_NUM_THREADS=1 \
        bench/.venv/bin/python bench/peer_profile.py small mesa 1 /tmp/peer.json
"""
import argparse
import sys

import torch

import hotloops

peer = hotloops.load_peer()

model, mode, threads, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
torch.set_num_threads(threads)
args = argparse.Namespace(batch=128, pool=1024, model=model, mode=mode, noise_std=0.1, target=0, beta=0.8,
                          alpha=0.1, ma_rate=0.001)
bench = peer.Bench(args)
for _ in range(3):
    bench.step()
with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
    for _ in range(20):
        bench.step()
prof.export_chrome_trace(out)
print("wrote", out)
