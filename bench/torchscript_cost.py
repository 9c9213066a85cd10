#!/usr/bin/env python3
"""What running a user's TorchScript classifier costs against mesa's own network, and a PyTorch check of export.

The compact CNN with the weights of every HotLoopBenchmark run is exported by mesa as a PyTorch state dict,
loaded into src/main/resources/dev/mesa/model/mesa_architectures.py and saved as TorchScript twice
(torch.jit.script, and torch.jit.trace in eval mode). mesa then times its MESA step and its retraining step
on the three forms of the same network, interleaved (native, scripted, traced, native, ...), batch 128, the
same threads and allocator; wall-clock images/s and images per CPU-second of the mesa process (the steadier
measure when other jobs share the cores). The TorchScript forms run without mesa's speed paths (BatchNorm folding,
channels-last layout, ReLU after max-pool): the difference is their cost.

Two PyTorch checks come with it, recorded in the same file:
  state_dict   mesa's logits for a probe batch = the state dict's logits in PyTorch (mesa_architectures.load)
  torchscript  mesa imports the scripted file, retrains it for an epoch, exports it as TorchScript; PyTorch's
               torch.jit.load of the export gives mesa's logits, in eval mode

    bench/.venv/bin/python bench/torchscript_cost.py --rounds 3   # -> bench/results/torchscript-cost-<date>.json
"""
import argparse
import datetime
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from hotloops import cpu_model, env, last_json  # noqa: E402

import torch  # noqa: E402

ROOT = HERE.parent
MODES = ["mesa", "retrain"]


def probe_input(batch, size):
    n = batch * 3 * size * size
    return (1.5 * torch.sin(0.37 * torch.arange(n, dtype=torch.float64))).float().reshape(batch, 3, size, size)


def mesa(args, threads):
    out = subprocess.run([str(HERE / "run")] + args, env=env(threads), capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("bench/run " + " ".join(args) + " failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])
    return out.stdout


def java_logits(path):
    record = json.loads(Path(path).read_text())
    return torch.tensor(record["logits"]).reshape(record["shape"])


def load_architectures(directory):
    spec = importlib.util.spec_from_file_location("mesa_architectures", directory / "mesa_architectures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--out", default=None)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    work = Path(tempfile.mkdtemp(prefix="mesa-torchscript-cost-"))
    mesa(["HotLoopBenchmark", "--model", "compact", "--export-state-dict", str(work)], a.threads)

    arch = load_architectures(work)
    model = arch.load(work / "compact.safetensors", work / "compact.json")
    with torch.no_grad():
        state_dict_diff = (model(probe_input(4, 32)) - java_logits(work / "compact.logits.json")).abs().max().item()
    files = {"scripted": work / "compact.scripted.pt", "traced": work / "compact.traced.pt"}
    torch.jit.script(model).save(str(files["scripted"]))
    torch.jit.trace(model, probe_input(2, 32)).save(str(files["traced"]))
    print(f"state dict: max |mesa - PyTorch| logit difference {state_dict_diff:.3g}", flush=True)

    repaired = work / "repaired.pt"
    mesa(["TorchScriptExportCheck", "--model", str(files["scripted"]), "--out", str(repaired)], a.threads)
    back = torch.jit.load(str(repaired))
    with torch.no_grad():
        export_diff = (back(probe_input(4, 32)) - java_logits(str(repaired) + ".logits.json")).abs().max().item()
    print(f"torchscript export: max |mesa - PyTorch| logit difference {export_diff:.3g}, "
          f"loads in eval mode: {not back.training}", flush=True)

    networks = [("mesa", []), ("scripted", ["--torchscript", str(files["scripted"])]),
                ("traced", ["--torchscript", str(files["traced"])])]
    results = []
    for mode in MODES:
        runs = {name: [] for name, _ in networks}
        cpu = {name: [] for name, _ in networks}
        loads = []
        for _ in range(a.rounds):
            for name, extra in networks:
                loads.append(loadavg())
                line = last_json(mesa(["HotLoopBenchmark", "--model", "compact", "--mode", mode,
                                       "--steps", str(a.steps)] + extra, a.threads))
                runs[name].append(line["images_per_s"])
                cpu[name].append(line["images_per_cpu_s"])
        medians = {name: statistics.median(v) for name, v in runs.items()}
        cpu_medians = {name: statistics.median(v) for name, v in cpu.items()}
        row = {"mode": mode, "images_per_s": runs, "median": medians, "best": {n: max(v) for n, v in runs.items()},
               "images_per_cpu_s": cpu, "cpu_median": cpu_medians,
               "torchscript_over_mesa": {n: medians[n] / medians["mesa"] for n in ("scripted", "traced")},
               "torchscript_over_mesa_cpu": {n: cpu_medians[n] / cpu_medians["mesa"] for n in ("scripted", "traced")},
               "loadavg_before_runs": loads}
        results.append(row)
        print(f"compact {mode:8s} " + "  ".join(f"{n} {medians[n]:7.1f} img/s" for n in medians)
              + "  " + "  ".join(f"{n}/mesa {r:.2f}" for n, r in row["torchscript_over_mesa"].items())
              + "  per CPU-second: " + "  ".join(f"{n}/mesa {r:.2f}" for n, r in row["torchscript_over_mesa_cpu"].items()),
              flush=True)
    record = {"benchmark": "torchscript-cost", "date": datetime.datetime.now().astimezone().isoformat(),
              "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "torch": torch.__version__,
                          "threads": a.threads, "allocator": "tcmalloc" if env(a.threads).get("LD_PRELOAD") else "glibc",
                          "note": "shared machine, not idle: other jobs ran on the 2 cores (see loadavg); the three"
                                  " networks were interleaved so they saw the same conditions"},
              "command": " ".join(sys.argv), "rounds": a.rounds, "batch": 128, "steps": a.steps,
              "checks": {"state_dict_max_abs_logit_difference": state_dict_diff,
                         "torchscript_export_max_abs_logit_difference": export_diff,
                         "torchscript_export_loads_in_eval_mode": not back.training},
              "results": results}
    out = Path(a.out) if a.out else ROOT / "bench" / "results" / f"torchscript-cost-{datetime.date.today()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2))
    print("wrote", out)


if __name__ == "__main__":
    main()
