#!/usr/bin/env python3
"""Does bfloat16 autocast speed up the retraining step on this CPU? PyTorch's own answer, with the compact CNN of
mesa_step_torch.py (the plain-PyTorch reference; see hotloops.py): the retraining step in float32 against the same step under
torch.autocast("cpu", dtype=torch.bfloat16), interleaved for --rounds rounds, medians. DJL 0.36 has no autocast
binding (docs/PERFORMANCE.md), so this measures the gain that mesa would have to reach by other means.

    bench/.venv/bin/python bench/peer_bf16.py --threads 2 --rounds 3   # -> bench/results/peer-bf16-<date>.json
"""
import argparse
import datetime
import json
import statistics
import time
from pathlib import Path

import torch

import hotloops

peer = hotloops.load_peer()


def flags():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("flags"):
                return sorted(f for f in line.split() if "bf16" in f or f.startswith("amx"))
    except OSError:
        pass
    return []


def run(model_name, bf16, channels_last, steps, warmup, batch):
    args = argparse.Namespace(model=model_name, mode="retrain", batch=batch, pool=1024, target=0, alpha=0.1,
                              beta=0.8, noise_std=0.1, ma_rate=0.001)
    torch.manual_seed(0)
    bench = peer.Bench(args)
    if channels_last:
        bench.classifier = bench.classifier.to(memory_format=torch.channels_last)
    losses = []
    start = None
    for s in range(warmup + steps):
        if s == warmup:
            start = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            losses.append(bench.retrain_step())
    seconds = time.perf_counter() - start
    return steps * batch / seconds, losses[-1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="small", choices=["small", "resnet18"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--channels-last", action="store_true", help="the memory layout mesa uses")
    p.add_argument("--out", default=None)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    rows = {"float32": [], "bf16-autocast": []}
    last_loss = {}
    for _ in range(a.rounds):
        for name, bf16 in (("float32", False), ("bf16-autocast", True)):
            ips, loss = run(a.model, bf16, a.channels_last, a.steps, a.warmup, a.batch)
            rows[name].append(ips)
            last_loss[name] = loss
    medians = {k: statistics.median(v) for k, v in rows.items()}
    record = {"benchmark": "peer-bf16", "date": datetime.datetime.now().astimezone().isoformat(),
              "cpu": hotloops.cpu_model(), "cpu_bf16_flags": flags(), "torch": torch.__version__,
              "mkldnn_bf16_supported": bool(getattr(torch.backends.mkldnn, "is_available", lambda: False)()),
              "model": a.model, "threads": a.threads, "batch": a.batch, "channels_last": a.channels_last,
              "rounds": rows, "median_images_per_s": medians,
              "bf16_over_float32": medians["bf16-autocast"] / medians["float32"], "last_loss": last_loss}
    print(json.dumps(record, indent=1))
    out = a.out or str(Path(__file__).resolve().parent / "results" / f"peer-bf16-{datetime.date.today()}.json")
    Path(out).write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
