#!/usr/bin/env python3
"""The plain-PyTorch side of HotLoopBenchmark --mode classifier: the frozen classifier alone (inference-mode
forward, backward to the input only), built from the model classes of mesa_step_torch.py (the plain-PyTorch reference; see hotloops.py).

    bench/.venv/bin/python bench/peer_parts.py --model small --threads 2
"""
import argparse
import json
import time

import torch

import hotloops

peer = hotloops.load_peer()

p = argparse.ArgumentParser()
p.add_argument("--model", default="small")
p.add_argument("--steps", type=int, default=30)
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--batch", type=int, default=128)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
model = peer.build_classifier(a.model).eval()
for w in model.parameters():
    w.requires_grad_(False)
pool = torch.randn(a.batch, 3, 32, 32)
start = None
for s in range(a.warmup + a.steps):
    if s == a.warmup:
        start = time.perf_counter()
    x = pool.clone().requires_grad_(True)
    f = torch.softmax(model(x), 1)[:, 0].mean()
    f.backward()
    float(x.grad.sum())
seconds = time.perf_counter() - start
print(json.dumps({"framework": "torch " + torch.__version__, "model": a.model, "mode": "classifier",
                  "images_per_s": a.steps * a.batch / seconds}))
