#!/usr/bin/env python3
"""Writes the tiny PyTorch fixtures of mesa's core tests into src/test/resources/torchscript/.

    bench/.venv/bin/python src/test/python/make_torchscript_fixtures.py

(bench/.venv as in docs/PERFORMANCE.md; any PyTorch 2.x works). The tests never run Python: they read
what this script wrote, which is committed with it. Seeded: the weights and expected logits are the same
on every run (a scripted archive also carries a serialisation id of its own). About 220 KB in all.

  residual.scripted.pt    a classifier of 4 classes on 3x16x16 images: conv + BatchNorm + ReLU stem, a
                          residual block with two BatchNorms, max-pool, conv + BatchNorm, global average
                          pool, dropout 0.5, linear. Saved with torch.jit.script: train()/eval() switch
                          BatchNorm and dropout.
  residual.traced.pt      the same weights traced in eval mode (torch.jit.trace records BatchNorm and
                          dropout in eval mode for good).
  training-mode.traced.pt the same network traced in training mode (BatchNorm on batch statistics):
                          mesa must reject it.
  wrong-input.pt          a network whose first convolution takes 1 channel, not 3.
  nan-logits.pt           a network whose logits are NaN (traced).
  state-dict.pt           torch.save(state_dict): a PyTorch file that is not TorchScript.
  residual.expected.json  PyTorch's eval-mode logits of both residual files for the input of probe_input().
  compact-w4.safetensors  mesa's compact CNN (width 4, 3 classes, 16x16) as defined by
                          src/main/resources/dev/mesa/model/mesa_architectures.py, seeded weights and
                          BatchNorm statistics, as a safetensors state dict with PyTorch's names.
  compact-w4.expected.json PyTorch's logits of that network (eval mode) for probe_input(2, 16).
  resnet18-w2.names.json  name and shape of every state-dict entry of mesa_architectures' ResNet-18
                          (base width 2, 3 classes), in PyTorch's order.
"""
import json
import math
import os
import struct
import sys

import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "test", "resources", "torchscript")
sys.path.insert(0, os.path.join(ROOT, "main", "resources", "dev", "mesa", "model"))
import mesa_architectures  # noqa: E402

SIZE = 16
CLASSES = 4


def probe_input(batch, size):
    """x.flatten()[i] = 1.5 * sin(0.37 * i), in float64 then rounded to float32 (the Java tests do the same)."""
    n = batch * 3 * size * size
    return (1.5 * torch.sin(0.37 * torch.arange(n, dtype=torch.float64))).float().reshape(batch, 3, size, size)


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        return F.relu(x + self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


class ResidualNet(nn.Module):
    def __init__(self, in_channels=3, classes=CLASSES):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(in_channels, 6, 3, padding=1, bias=False), nn.BatchNorm2d(6), nn.ReLU())
        self.block = Residual(6)
        self.down = nn.Sequential(nn.Conv2d(6, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(8, classes)

    def forward(self, x):
        x = F.max_pool2d(self.block(self.stem(x)), 2)
        x = F.adaptive_avg_pool2d(self.down(x), 1).flatten(1)
        return self.fc(self.dropout(x))


class NanLogits(ResidualNet):
    def forward(self, x):
        return super().forward(x) * float("nan")


def warmed(model, size):
    """A few training-mode forwards on seeded data so that the BatchNorm statistics are not the defaults."""
    model.train()
    with torch.no_grad():
        for _ in range(5):
            model(torch.randn(16, model.stem[0].in_channels, size, size) * 0.8 + 0.3)
    return model.eval()


def write_safetensors(path, tensors):
    entries, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        blob = t.numpy().tobytes() if t.dtype != torch.int64 else struct.pack("<%dq" % t.numel(), *t.flatten().tolist())
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        entries[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    entries["__metadata__"] = {"format": "pt"}
    header = json.dumps(entries, separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + b"".join(blobs))


def save_json(name, value):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(12)
    net = warmed(ResidualNet(), SIZE)
    example = probe_input(2, SIZE)
    scripted = torch.jit.script(net)
    scripted.save(os.path.join(OUT, "residual.scripted.pt"))
    traced = torch.jit.trace(net, example)
    traced.save(os.path.join(OUT, "residual.traced.pt"))
    with torch.no_grad():
        expected = {"input": "probe_input(2, 16)", "scripted": scripted(example).flatten().tolist(),
                    "traced": traced(example).flatten().tolist()}
    save_json("residual.expected.json", expected)

    training = ResidualNet()
    training.load_state_dict(net.state_dict())
    training.train()
    torch.jit.trace(training, example, check_trace=False).save(os.path.join(OUT, "training-mode.traced.pt"))
    torch.jit.script(warmed(ResidualNet(in_channels=1), SIZE)).save(os.path.join(OUT, "wrong-input.pt"))
    nan = NanLogits()
    nan.load_state_dict(net.state_dict())
    torch.jit.trace(nan.eval(), example).save(os.path.join(OUT, "nan-logits.pt"))
    torch.save(net.state_dict(), os.path.join(OUT, "state-dict.pt"))

    torch.manual_seed(13)
    compact = mesa_architectures.build("compact", 4, 3, SIZE, SIZE)
    with torch.no_grad():
        for m in compact.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2.0)
    compact.eval()
    path = os.path.join(OUT, "compact-w4.safetensors")
    write_safetensors(path, compact.state_dict())
    spec = {"architecture": "compact", "width": 4, "numClasses": 3,
            "inputShape": {"channels": 3, "height": SIZE, "width": SIZE}}
    sidecar = os.path.join(OUT, "compact-w4.spec.json")
    with open(sidecar, "w") as f:
        json.dump(spec, f)
    reloaded = mesa_architectures.load(path, sidecar)
    os.remove(sidecar)
    with torch.no_grad():
        logits = compact(probe_input(2, SIZE))
        assert torch.equal(logits, reloaded(probe_input(2, SIZE))), "mesa_architectures.load changed the network"
    save_json("compact-w4.expected.json", {"input": "probe_input(2, 16)", "spec": spec,
                                            "logits": logits.flatten().tolist()})
    resnet = mesa_architectures.build("resnet18", 2, 3)
    with open(os.path.join(OUT, "resnet18-w2.names.json"), "w") as f:
        f.write("[\n" + ",\n".join(json.dumps([n, list(t.shape)]) for n, t in resnet.state_dict().items()) + "\n]\n")
    for name in sorted(os.listdir(OUT)):
        print("%8d  %s" % (os.path.getsize(os.path.join(OUT, name)), name))


if __name__ == "__main__":
    main()
