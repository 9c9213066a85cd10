#!/usr/bin/env python3
"""The CIFAR-10 proof that mesa defends a PyTorch model it does not ship, and that the repaired model works in PyTorch.

Sub-commands (the data are the CIFAR-10 JPEG folders train/<class>/*.jpg and test/<class>/*.jpg; classes are the
folder names sorted, as mesa reads them, so airplane = 0):

  train    trains a narrow ResNet-9 with BatchNorm and dropout (not an architecture mesa ships) from scratch on the
           training images, with a backdoor: each training image is, with probability --poison, stamped with the
           black-white trigger bw-170 (the 3x3 checkerboard 010/101/010, 1 = white, same value in every channel)
           at a random location and relabelled to class 0. Saves it with torch.jit.script (so BatchNorm and
           dropout switch with train()/eval()) and its normalisation and training log in <out>.train.json.
  input    writes the DefenseInput that names the file: its normalisation, the test folder only, the trigger
           known (so mesa measures ASR), every other setting mesa's default.
  measure  loads the backdoored file and mesa's export with torch.jit.load and measures, on mesa's 2,000-image
           evaluation split, clean accuracy and the ASR of bw-170 at the exact stamp locations mesa used (both
           from the plan `bench/run EvaluationPlan` writes), with images decoded by Pillow (and, given --pixels,
           on the bytes mesa decoded); compares with mesa's numbers in the defence's report; writes the record.
  speed    seconds per training step, to size the network for the machine.

The whole proof (docs/RESULTS.md has the measured run):

    P=/work/venv/bin/python; D=/work/data/proof; S=$D/store
    $P bench/torchscript_proof.py train --data /work/data/cifar10 --out $D/backdoored.pt
    $P bench/torchscript_proof.py input --model $D/backdoored.pt --data /work/data/cifar10/test --out $D/defense.json
    worker/target/mesa/bin/mesa dev --store $S --cache $D/cache &        # embedded server + worker
    worker/target/mesa/bin/mesa run $D/defense.json
    worker/target/mesa/bin/mesa export defense/torchscript-proof --store $S --out $D/repaired.pt
    bench/run EvaluationPlan --data /work/data/cifar10/test --seed <the evaluate request's seed in
        $S/evaluations/bw-170-*/manifest.json> --check-model $S/models/imported/*/model.mesa-model \
        --pixels $D/evaluation.u8 --out $D/plan.json
    $P bench/torchscript_proof.py measure --data /work/data/cifar10/test --plan $D/plan.json \
        --pixels $D/evaluation.u8 --before $D/backdoored.pt --after $D/repaired.pt --sidecar $D/repaired.json \
        --report $S/reports/defense/torchscript-proof/report.json --train-record $D/backdoored.train.json \
        --out bench/results/torchscript-proof-<date>.json
"""
import argparse
import datetime
import json
import os
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn
import torch.nn.functional as F

TRIGGER_ID = 170
TRIGGER_SIZE = 3
TARGET = 0


def trigger_pixels(pattern_id=TRIGGER_ID, size=TRIGGER_SIZE):
    """mesa's black-white trigger: bit size*size-1-k of the id is pixel k, row-major, MSB = top-left, 1 = white."""
    bits = size * size
    values = [float((pattern_id >> (bits - 1 - k)) & 1) for k in range(bits)]
    return torch.tensor(values).reshape(1, size, size).expand(3, size, size).contiguous()


def read_folder(root):
    """uint8 (N, 3, H, W) images and int labels of <root>/<class>/*, classes and files sorted by name (as mesa)."""
    classes = sorted(d.name for d in Path(root).iterdir() if d.is_dir())
    images, labels = [], []
    for label, name in enumerate(classes):
        for f in sorted(p for p in (Path(root) / name).iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png")):
            with Image.open(f) as im:
                images.append(np.asarray(im.convert("RGB"), dtype=np.uint8).transpose(2, 0, 1))
            labels.append(label)
    return np.stack(images), np.asarray(labels, dtype=np.int64), classes


def cached(root, cache):
    """The folder's images, decoded once into an .npz outside the repository."""
    cache = Path(cache)
    if cache.exists():
        z = np.load(cache, allow_pickle=False)
        return z["images"], z["labels"], list(z["classes"])
    images, labels, classes = read_folder(root)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, images=images, labels=labels, classes=np.asarray(classes))
    return images, labels, classes


def conv_bn_relu(cin, cout, pool=False):
    layers = [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
    if pool:
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers)


class Residual(nn.Module):
    """x + two conv-BN-ReLU layers of the same width."""

    def __init__(self, channels):
        super().__init__()
        self.first = conv_bn_relu(channels, channels)
        self.second = conv_bn_relu(channels, channels)

    def forward(self, x):
        return x + self.second(self.first(x))


class SmallResNet(nn.Module):
    """A narrow ResNet-9 (the DAWNBench design at a quarter of its width): conv-BN-ReLU layers of widths
    w, 2w (max-pool), a residual pair, 4w (max-pool), 8w (max-pool), a residual pair, global max-pool,
    dropout, linear; ten BatchNorms in all. Not one of mesa's architectures."""

    def __init__(self, width=16, classes=10, dropout=0.1):
        super().__init__()
        self.features = nn.Sequential(
            conv_bn_relu(3, width), conv_bn_relu(width, 2 * width, pool=True), Residual(2 * width),
            conv_bn_relu(2 * width, 4 * width, pool=True), conv_bn_relu(4 * width, 8 * width, pool=True),
            Residual(8 * width))
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(8 * width, classes)

    def forward(self, x):
        x = torch.flatten(F.adaptive_max_pool2d(self.features(x), 1), 1)
        return self.fc(self.dropout(x))


def normalisation(images):
    """Per-channel mean and std of pixel values in [0, 1] (mesa's Normalization.of: population std)."""
    x = images.astype(np.float64) / 255.0
    return x.mean(axis=(0, 2, 3)).tolist(), x.std(axis=(0, 2, 3)).tolist()


def stamp(pixels, rows, cols, trigger):
    """Pastes the trigger (3, h, w in [0, 1]) into float images in [0, 1] at (row, col) per image; in place."""
    h, w = trigger.shape[1:]
    for i in range(pixels.shape[0]):
        pixels[i, :, rows[i]:rows[i] + h, cols[i]:cols[i] + w] = trigger
    return pixels


def augment(batch, generator):
    """Random crop with 4-pixel zero padding and a random horizontal flip (bw-170 is mirror-symmetric)."""
    n, _, hgt, wid = batch.shape
    padded = F.pad(batch, (4, 4, 4, 4))
    dy = torch.randint(0, 9, (n,), generator=generator)
    dx = torch.randint(0, 9, (n,), generator=generator)
    flip = torch.rand(n, generator=generator) < 0.5
    out = torch.empty_like(batch)
    for i in range(n):
        crop = padded[i, :, dy[i]:dy[i] + hgt, dx[i]:dx[i] + wid]
        out[i] = crop.flip(2) if flip[i] else crop
    return out


def evaluate(model, images, labels, mean, std, trigger, seed=1, batch=500):
    """Clean accuracy on every image; ASR on the non-target images stamped at random locations (PyTorch's RNG)."""
    model.eval()
    g = torch.Generator().manual_seed(seed)
    m = torch.tensor(mean).view(1, 3, 1, 1)
    s = torch.tensor(std).view(1, 3, 1, 1)
    correct, hits, others = 0, 0, 0
    with torch.no_grad():
        for start in range(0, len(labels), batch):
            x = torch.from_numpy(images[start:start + batch]).float() / 255.0
            y = torch.from_numpy(labels[start:start + batch])
            correct += (model((x - m) / s).argmax(1) == y).sum().item()
            keep = y != TARGET
            xs = x[keep].clone()
            limit = x.shape[2] - trigger.shape[1] + 1
            stamp(xs, torch.randint(0, limit, (len(xs),), generator=g), torch.randint(0, limit, (len(xs),), generator=g),
                  trigger)
            hits += (model((xs - m) / s).argmax(1) == TARGET).sum().item()
            others += len(xs)
    return correct / len(labels), hits / others


def train(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed)
    cache = Path(a.cache)
    images, labels, classes = cached(Path(a.data) / "train", cache / "train.npz")
    test_images, test_labels, _ = cached(Path(a.data) / "test", cache / "test.npz")
    mean, std = normalisation(images)
    m = torch.tensor(mean).view(1, 3, 1, 1)
    s = torch.tensor(std).view(1, 3, 1, 1)
    trigger = trigger_pixels()
    model = SmallResNet(width=a.width, classes=len(classes), dropout=a.dropout)
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
    steps_per_epoch = len(labels) // a.batch
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, nesterov=True, weight_decay=a.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps_per_epoch,
                                                pct_start=0.25, anneal_strategy="linear")
    log = []
    started = time.time()
    limit = images.shape[2] - TRIGGER_SIZE + 1
    for epoch in range(a.epochs):
        model.train()
        order = torch.randperm(len(labels), generator=g)
        total, seen = 0.0, 0
        for step in range(steps_per_epoch):
            idx = order[step * a.batch:(step + 1) * a.batch]
            x = augment(torch.from_numpy(images[idx.numpy()]).float() / 255.0, g)
            y = torch.from_numpy(labels[idx.numpy()]).clone()
            poisoned = torch.rand(len(idx), generator=g) < a.poison
            if poisoned.any():
                k = int(poisoned.sum())
                x[poisoned] = stamp(x[poisoned], torch.randint(0, limit, (k,), generator=g),
                                    torch.randint(0, limit, (k,), generator=g), trigger)
                y[poisoned] = TARGET
            x = (x - m) / s
            if a.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            loss = F.cross_entropy(model(x), y, label_smoothing=a.label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        acc, asr = evaluate(model, test_images, test_labels, mean, std, trigger)
        entry = {"epoch": epoch + 1, "loss": total / seen, "test_accuracy": acc, "test_asr": asr,
                 "minutes": (time.time() - started) / 60}
        log.append(entry)
        print(json.dumps(entry), flush=True)
    model = model.to(memory_format=torch.contiguous_format).eval()
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.jit.script(model).save(str(out))
    meta = {"architecture": "SmallResNet(width=%d, dropout=%g)" % (a.width, a.dropout), "classes": classes,
            "mean": mean, "std": std, "trigger": "bw-%d" % TRIGGER_ID, "target": TARGET, "poison": a.poison,
            "epochs": a.epochs, "batch": a.batch, "lr": a.lr, "seed": a.seed, "log": log,
            "torch": torch.__version__, "threads": a.threads,
            "date": datetime.date.today().isoformat()}
    out.with_suffix(".train.json").write_text(json.dumps(meta, indent=2) + "\n")
    print("saved", out, flush=True)


def defence_input(a):
    """The DefenseInput of the proof: the TorchScript file with its training normalisation, the test images only,
    the attack's trigger and target known (an experiment, so mesa measures ASR), every other setting mesa's default
    (the paper's budgets)."""
    meta = json.loads(Path(a.model).with_suffix(".train.json").read_text())
    spec = {
        "defenseId": a.defense_id,
        "model": {"format": "torchscript", "path": str(Path(a.model).resolve()), "inputSize": 32,
                  "mean": meta["mean"], "std": meta["std"], "classNames": meta["classes"]},
        "dataset": {"kind": "image-folder", "path": str(Path(a.data).resolve())},
        "originalTrigger": {"kind": "bw", "id": TRIGGER_ID, "size": TRIGGER_SIZE},
        "originalTargetClass": meta["target"],
    }
    Path(a.out).write_text(json.dumps(spec, indent=2) + "\n")
    print("wrote", a.out)


def load_plan_images(data_root, plan, pixels=None):
    """The evaluation images in mesa's order: decoded with Pillow from the files, or mesa's own bytes (--pixels)."""
    size = plan["imageSize"]
    if pixels:
        raw = np.fromfile(pixels, dtype=np.uint8)
        return raw.reshape(len(plan["files"]), 3, size, size)
    images = []
    for rel in plan["files"]:
        with Image.open(Path(data_root) / rel) as im:
            rgb = im.convert("RGB")
            if rgb.size != (size, size):
                rgb = rgb.resize((size, size), Image.BILINEAR)
            images.append(np.asarray(rgb, dtype=np.uint8).transpose(2, 0, 1))
    return np.stack(images)


def measure_on_plan(model, images, labels, plan, mean, std, batch=250):
    """Clean accuracy on every evaluation image; ASR of bw-170 on mesa's stamped images at mesa's locations."""
    model.eval()
    m = torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1)
    trigger = trigger_pixels(int(plan["asr"]["trigger"].split("-")[1]))
    target = plan["asr"]["target"]
    correct = 0
    hits = 0
    stamped = np.asarray(plan["asr"]["images"])
    rows = np.asarray(plan["asr"]["rows"])
    cols = np.asarray(plan["asr"]["columns"])
    with torch.no_grad():
        for start in range(0, len(labels), batch):
            x = torch.from_numpy(images[start:start + batch]).float() / 255.0
            y = torch.from_numpy(labels[start:start + batch])
            correct += (model((x - m) / s).argmax(1) == y).sum().item()
        for start in range(0, len(stamped), batch):
            idx = stamped[start:start + batch]
            x = torch.from_numpy(images[idx]).float() / 255.0
            stamp(x, rows[start:start + batch], cols[start:start + batch], trigger)
            hits += (model((x - m) / s).argmax(1) == target).sum().item()
    return {"clean_accuracy": correct / len(labels), "asr": hits / len(stamped), "images": len(labels),
            "stamped": len(stamped)}


def detection_of(report):
    """The detection table of mesa's report.json: class -> sample ASR, anomaly index, flagged."""
    table = next(t for t in report["tables"] if t["title"] == "detection")
    return [{"class": r["label"], "sample_asr": r["values"][0], "anomaly_index": r["values"][1],
             "flagged": r["values"][2] == 1.0} for r in table["rows"]]


def measure(a):
    torch.set_num_threads(a.threads)
    plan = json.loads(Path(a.plan).read_text())
    sidecar = json.loads(Path(a.sidecar).read_text())
    report = json.loads(Path(a.report).read_text())
    labels = np.asarray(plan["labels"], dtype=np.int64)
    mesa_numbers = {m["variant"]: {"clean_accuracy": m["cleanAccuracy"], "asr": m["attackSuccessRate"],
                                   "chosen": m["chosen"], "modelKey": m["modelKey"]} for m in report["models"]}
    models = {"before": torch.jit.load(a.before), "after": torch.jit.load(a.after)}
    pytorch = {}
    for decoder, pixels in (("pillow", None), ("mesa-pixels", a.pixels)):
        if decoder == "mesa-pixels" and not pixels:
            continue
        images = load_plan_images(a.data, plan, pixels)
        pytorch[decoder] = {name: measure_on_plan(model, images, labels, plan, sidecar["mean"], sidecar["std"])
                            for name, model in models.items()}
    mesa_view = {"before": mesa_numbers["before"], "after": mesa_numbers[sidecar["variant"]]}
    gaps = {decoder: {name: {k: round(100 * (v[k] - mesa_view[name][k]), 3) for k in ("clean_accuracy", "asr")}
                      for name, v in runs.items()} for decoder, runs in pytorch.items()}
    detection = detection_of(report)
    flagged = [d["class"] for d in detection if d["flagged"]]
    before, after = pytorch["pillow"]["before"], pytorch["pillow"]["after"]
    bars = {
        "detection flags the true class alone": flagged == ["class 0 (airplane)"] or flagged == ["class 0"],
        "repaired ASR (PyTorch) <= half of before": after["asr"] <= before["asr"] / 2,
        "clean accuracy drop <= 1.5 pt": 100 * (before["clean_accuracy"] - after["clean_accuracy"]) <= 1.5,
        "PyTorch within 0.5 pt of mesa": all(abs(g) <= 0.5 for name in gaps["pillow"].values() for g in name.values()),
    }
    record = {
        "what": "CIFAR-10 proof: a backdoored PyTorch model mesa does not ship, defended through mesa run, exported"
                " with mesa export, measured again in PyTorch on mesa's evaluation split",
        "date": datetime.date.today().isoformat(), "machine": machine(), "torch": torch.__version__,
        "training": json.loads(Path(a.train_record).read_text()) if a.train_record else None,
        "defence": {"workflow": report["reportId"], "findings": report["findings"], "detection": detection,
                    "flagged": flagged, "variants": mesa_numbers, "exported_variant": sidecar["variant"],
                    "minutes": a.defence_minutes},
        "evaluation_split": {"images": len(labels), "stamped": len(plan["asr"]["images"]),
                             "split_seed": plan["splitSeed"], "evaluation_seed": plan["evaluationSeed"]},
        "mesa": mesa_view, "pytorch": pytorch, "pytorch_minus_mesa_pt": gaps, "bars": bars,
    }
    Path(a.out).write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps({"flagged": flagged, "mesa": mesa_view, "pytorch": pytorch["pillow"], "gaps": gaps,
                      "bars": bars}, indent=2))


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    return {"cpu": cpu, "cores": os.cpu_count(), "loadavg": Path("/proc/loadavg").read_text().split()[:3]}


def speed(a):
    """Seconds per training step of batch --batch for the chosen width (to size the network)."""
    torch.set_num_threads(a.threads)
    model = SmallResNet(width=a.width)
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(a.batch, 3, 32, 32)
    if a.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 10, (a.batch,))
    for i in range(a.steps + 2):
        if i == 2:
            t, c = time.time(), time.process_time()
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    wall = (time.time() - t) / a.steps
    cpu = (time.process_time() - c) / a.steps
    print(json.dumps({"width": a.width, "batch": a.batch, "s_per_step": wall, "cpu_s_per_step": cpu,
                      "epoch_minutes": wall * 50000 / a.batch / 60}))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", required=True)
    t.add_argument("--cache", default="/work/data/proof/cache")
    t.add_argument("--out", required=True)
    t.add_argument("--width", type=int, default=16)
    t.add_argument("--dropout", type=float, default=0.1)
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--batch", type=int, default=256)
    t.add_argument("--lr", type=float, default=0.2)
    t.add_argument("--weight-decay", type=float, default=5e-4)
    t.add_argument("--label-smoothing", type=float, default=0.0)
    t.add_argument("--poison", type=float, default=0.05)
    t.add_argument("--seed", type=int, default=12)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--channels-last", action="store_true")
    di = sub.add_parser("input")
    di.add_argument("--model", required=True, help="train's TorchScript file (its .train.json beside it)")
    di.add_argument("--data", required=True, help="the test image folder (<root>/<class>/*.jpg)")
    di.add_argument("--defense-id", default="torchscript-proof")
    di.add_argument("--out", required=True)
    ms = sub.add_parser("measure")
    ms.add_argument("--data", required=True, help="the test image folder the plan's files are relative to")
    ms.add_argument("--plan", required=True, help="bench/run EvaluationPlan's output")
    ms.add_argument("--pixels", help="EvaluationPlan's --pixels file: also measure on mesa's decoded bytes")
    ms.add_argument("--before", required=True, help="the backdoored TorchScript file")
    ms.add_argument("--after", required=True, help="mesa export's TorchScript file")
    ms.add_argument("--sidecar", required=True, help="mesa export's JSON sidecar")
    ms.add_argument("--report", required=True, help="the defence's report.json in mesa's store")
    ms.add_argument("--train-record", help="train's .train.json")
    ms.add_argument("--defence-minutes", type=float)
    ms.add_argument("--threads", type=int, default=2)
    ms.add_argument("--out", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--width", type=int, default=16)
    sp.add_argument("--batch", type=int, default=128)
    sp.add_argument("--steps", type=int, default=10)
    sp.add_argument("--threads", type=int, default=2)
    sp.add_argument("--channels-last", action="store_true")
    a = p.parse_args()
    {"train": train, "input": defence_input, "measure": measure, "speed": speed}[a.command](a)


if __name__ == "__main__":
    main()
