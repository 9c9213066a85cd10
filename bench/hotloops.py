#!/usr/bin/env python3
"""Side-by-side timing of mesa's hot loops against plain PyTorch.

The PyTorch side is mesa_step_torch.py, a plain-PyTorch implementation of the same two hot loops (the MESA step
and the retraining step, with the same compact CNN and ResNet-18) that this repository does not ship; the bench/
scripts call it "the peer" (peer_*.py). Its path: $MESA_TORCH_REFERENCE, by default
../shared/peer/mesa_step_torch.py beside the repository.

Both sides: same batch (128), same thread count, same allocator (tcmalloc via LD_PRELOAD unless
MESA_NO_TCMALLOC is set), synthetic images, random weights. Runs are interleaved (mesa, peer, mesa,
peer, ...) for --rounds rounds per case and the median images/s of each side is compared.

    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --index-url file:///opt/pypi-more/simple --find-links /opt/wheels torch
    bench/hotloops.py --rounds 3            # writes bench/results/hotloops-<date>.json
    bench/hotloops.py --rounds 1 --steps 2 --extra --out /tmp/hotloops-smoke.json   # a quick check that it runs

Prints one line per case: mesa img/s, peer img/s, ratio mesa/peer.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEER = Path(os.environ.get("MESA_TORCH_REFERENCE", ROOT.parent / "shared" / "peer" / "mesa_step_torch.py"))
TCMALLOC = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"
CASES = [("compact", "mesa"), ("compact", "retrain"), ("resnet18", "mesa"), ("resnet18", "retrain")]
EXTRA_CASES = [("compact", "attack"), ("compact", "eval"), ("resnet18", "eval")]


def load_peer():
    """The plain-PyTorch script as a module (its model classes and Bench), for the side-by-side tools in bench/."""
    import importlib.util
    require_peer()
    spec = importlib.util.spec_from_file_location("peer", PEER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def require_peer():
    if not PEER.is_file():
        sys.exit(f"bench: no plain-PyTorch reference at {PEER}: set MESA_TORCH_REFERENCE to the path of "
                 "mesa_step_torch.py (it is not part of this repository)")


def env(threads):
    e = dict(os.environ)
    e["OMP_NUM_THREADS"] = str(threads)
    e["MESA_THREADS"] = str(threads)
    if not os.environ.get("MESA_NO_TCMALLOC") and os.path.exists(TCMALLOC):
        e["LD_PRELOAD"] = TCMALLOC
    return e


def last_json(output):
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in output:\n" + output[-2000:])


def run_mesa(model, mode, steps, threads):
    cmd = [str(HERE / "run"), "HotLoopBenchmark", "--model", model, "--mode", mode, "--steps", str(steps)]
    out = subprocess.run(cmd, env=env(threads), capture_output=True, text=True, check=True)
    return last_json(out.stdout)


def run_peer(python, model, mode, steps, threads):
    peer_model = "small" if model == "compact" else model
    cmd = [python, str(PEER), "--model", peer_model, "--mode", mode, "--steps", str(steps), "--warmup", "3",
           "--threads", str(threads), "--batch", "128"]
    out = subprocess.run(cmd, env=env(threads), capture_output=True, text=True, check=True)
    return last_json(out.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--python", default=str(HERE / ".venv" / "bin" / "python"))
    p.add_argument("--extra", action="store_true", help="also time attack and evaluation (mesa only)")
    p.add_argument("--steps", type=int, default=None,
                   help="timed steps per run for every case (default: 30 compact, 10 ResNet-18); e.g. --rounds 1"
                        " --steps 2 --out /tmp/hotloops-smoke.json checks that both sides still run")
    p.add_argument("--case", action="append", default=None, metavar="MODEL:MODE",
                   help="time only this case (repeatable), e.g. --case compact:retrain --threads 1")
    p.add_argument("--out", default=None)
    a = p.parse_args()
    cases = CASES if not a.case else [tuple(c.split(":", 1)) for c in a.case]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        sys.exit(f"bench: unknown case {unknown}; the cases are {[m + ':' + d for m, d in CASES]}")
    require_peer()
    steps = {"compact": a.steps or 30, "resnet18": a.steps or 10}
    results = []
    torch_version = subprocess.run([a.python, "-c", "import torch; print(torch.__version__)"], capture_output=True,
                                   text=True).stdout.strip()
    for model, mode in cases:
        mesa, peer = [], []
        for _ in range(a.rounds):
            mesa.append(run_mesa(model, mode, steps[model], a.threads)["images_per_s"])
            peer.append(run_peer(a.python, model, mode, steps[model], a.threads)["images_per_s"])
        row = {"model": model, "mode": mode, "mesa_images_per_s": mesa, "peer_images_per_s": peer,
               "mesa_median": statistics.median(mesa), "peer_median": statistics.median(peer)}
        row["ratio"] = row["mesa_median"] / row["peer_median"]
        results.append(row)
        print(f"{model:9s} {mode:8s} mesa {row['mesa_median']:8.1f} img/s  peer {row['peer_median']:8.1f} img/s"
              f"  ratio {row['ratio']:.2f}", flush=True)
    if a.extra:
        for model, mode in EXTRA_CASES:
            runs = [run_mesa(model, mode, steps[model], a.threads)["images_per_s"] for _ in range(a.rounds)]
            results.append({"model": model, "mode": mode, "mesa_images_per_s": runs,
                             "mesa_median": statistics.median(runs)})
            print(f"{model:9s} {mode:8s} mesa {statistics.median(runs):8.1f} img/s", flush=True)
    record = {"benchmark": "hotloops", "date": datetime.datetime.now().astimezone().isoformat(),
              "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
                          "torch": torch_version, "threads": a.threads,
                          "allocator": "tcmalloc" if env(a.threads).get("LD_PRELOAD") else "glibc"},
              "command": " ".join(sys.argv), "rounds": a.rounds, "results": results}
    out = Path(a.out) if a.out else ROOT / "bench" / "results" / f"hotloops-{datetime.date.today()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2))
    print("wrote", out)


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
