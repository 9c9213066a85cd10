"""mesa's own classifier architectures in PyTorch, and a loader for the state dicts mesa exports.

mesa exports a model of one of its own architectures (compact, compact-plus, resnet18) as a safetensors
state dict with PyTorch's parameter names, plus a JSON file beside it (architecture, width, classes, input
shape, normalisation). This file rebuilds the same network in PyTorch:

    import mesa_architectures
    model = mesa_architectures.load("repaired.safetensors", "repaired.json")   # eval mode
    logits = model((images - mean[:, None, None]) / std[:, None, None])        # images in [0, 1], NCHW

Only torch and the Python standard library are needed (the safetensors package reads the file too:
safetensors.torch.load_file). The networks compute what mesa computes: BatchNorm eps 1e-5 and momentum
0.1, ReLU, 2x2 max-pooling, logits out.
"""
import json
import struct

import torch
from torch import nn
import torch.nn.functional as F

_DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}


def _conv_bn_relu(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class CompactCnn(nn.Module):
    """conv-bn-relu x2, pool, x2, pool, x1 (x2 for compact-plus), pool, fc(8w), relu, fc(classes)."""

    def __init__(self, num_classes, width=32, extra_conv=False, input_height=32, input_width=32):
        super().__init__()
        w = width
        layers = _conv_bn_relu(3, w) + _conv_bn_relu(w, w) + [nn.MaxPool2d(2)]
        layers += _conv_bn_relu(w, 2 * w) + _conv_bn_relu(2 * w, 2 * w) + [nn.MaxPool2d(2)]
        layers += _conv_bn_relu(2 * w, 4 * w) + (_conv_bn_relu(4 * w, 4 * w) if extra_conv else [])
        layers += [nn.MaxPool2d(2)]
        self.features = nn.Sequential(*layers)
        flat = 4 * w * (input_height // 8) * (input_width // 8)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(flat, 8 * w), nn.ReLU(), nn.Linear(8 * w, num_classes))

    def forward(self, x):
        return self.head(self.features(x))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + self.shortcut(x))


class ResNet18Cifar(nn.Module):
    """3x3 stem (no max-pool), four stages of two BasicBlocks, global average pool, fc."""

    def __init__(self, num_classes, base_width=64):
        super().__init__()
        w = base_width
        self.conv1 = nn.Conv2d(3, w, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        blocks, cin = [], w
        for stage, cout in enumerate([w, 2 * w, 4 * w, 8 * w]):
            blocks += [BasicBlock(cin, cout, 1 if stage == 0 else 2), BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*blocks)
        self.fc = nn.Linear(8 * w, num_classes)

    def forward(self, x):
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def build(architecture, width, num_classes, input_height=32, input_width=32):
    """The network of one of mesa's architectures, with PyTorch's default initialisation."""
    if architecture in ("compact", "compact-plus"):
        return CompactCnn(num_classes, width, architecture == "compact-plus", input_height, input_width)
    if architecture == "resnet18":
        return ResNet18Cifar(num_classes, width)
    raise ValueError("unknown mesa architecture %r" % architecture)


def read_safetensors(path):
    """name -> tensor for a safetensors file (8-byte little-endian header length, JSON header, raw data)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = memoryview(data)[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=_DTYPES[entry["dtype"]])
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors


def load(weights_path, sidecar_path):
    """The exported network in eval mode, its weights and BatchNorm statistics loaded strictly."""
    with open(sidecar_path) as f:
        spec = json.load(f)
    shape = spec["inputShape"]
    model = build(spec["architecture"], spec["width"], spec["numClasses"], shape["height"], shape["width"])
    model.load_state_dict(read_safetensors(weights_path), strict=True)
    return model.eval()
