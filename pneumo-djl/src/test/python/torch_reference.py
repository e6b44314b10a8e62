#!/usr/bin/env python3
"""PyTorch side of the Python-gated tests of pneumo-djl (run by the tests when PNEUMO_TORCH_PYTHON names a
Python with PyTorch; the default suite never needs it).

  torch_reference.py encoders OUT_DIR      ImageNet-layout classification state dicts with random weights and the
                                           exact key sets and shapes of the real files (torchvision resnet34 and
                                           resnet50, Cadene se_resnext50_32x4d; no num_batches_tracked, as in the
                                           2017 files), saved with torch.save, plus the encoder stage outputs on a
                                           1x3x64x64 input as pneumo's encoders compute them (stem, then the
                                           network's stem pool and layer1..layer4). Also writes the key/shape lists.
  torch_reference.py convert IN OUT [--legacy]   a safetensors state dict re-saved with torch.save; tensors with
                                           equal shape and bytes share one storage (as AlbuNet's aliases do).

The models are built from plain torch.nn modules (torchvision and pretrainedmodels are not needed); their module
names and shapes are those of torchvision.models.resnet and pretrainedmodels.models.senet.
"""
import collections
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    """torchvision.models.resnet.ResNet's modules (conv1, bn1, relu, maxpool, layer1..4, avgpool, fc)."""

    def __init__(self, block, layers):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], 2)
        self.layer3 = self._make_layer(block, 256, layers[2], 2)
        self.layer4 = self._make_layer(block, 512, layers[3], 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512 * block.expansion, 1000)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def stem(self, x):
        return self.relu(self.bn1(self.conv1(x)))

    def layers(self):
        return [self.layer1, self.layer2, self.layer3, self.layer4]


class SEModule(nn.Module):
    def __init__(self, channels, reduction):
        super().__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, channels // reduction, 1, padding=0)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(channels // reduction, channels, 1, padding=0)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        s = self.sigmoid(self.fc2(self.relu(self.fc1(self.avg_pool(x)))))
        return x * s


class SEResNeXtBottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, groups, reduction, stride=1, downsample=None, base_width=4):
        super().__init__()
        width = math.floor(planes * (base_width / 64)) * groups
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False, stride=1)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, groups=groups, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.se_module = SEModule(planes * 4, reduction)
        self.downsample = downsample

    def forward(self, x):
        residual = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.se_module(self.bn3(self.conv3(out)))
        return self.relu(out + residual)


class SENet(nn.Module):
    """pretrainedmodels.models.senet.SENet's modules for se_resnext50_32x4d (layer0, layer1..4, last_linear)."""

    def __init__(self):
        super().__init__()
        self.inplanes = 64
        self.layer0 = nn.Sequential(collections.OrderedDict([
            ("conv1", nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)),
            ("bn1", nn.BatchNorm2d(64)),
            ("relu1", nn.ReLU(inplace=True)),
            ("pool", nn.MaxPool2d(3, stride=2, ceil_mode=True))]))
        self.layer1 = self._make_layer(64, 3)
        self.layer2 = self._make_layer(128, 4, 2)
        self.layer3 = self._make_layer(256, 6, 2)
        self.layer4 = self._make_layer(512, 3, 2)
        self.avg_pool = nn.AvgPool2d(7, stride=1)
        self.last_linear = nn.Linear(2048, 1000)

    def _make_layer(self, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * 4:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * 4, 1, stride=stride, padding=0, bias=False),
                                       nn.BatchNorm2d(planes * 4))
        layers = [SEResNeXtBottleneck(self.inplanes, planes, 32, 16, stride, downsample)]
        self.inplanes = planes * 4
        layers += [SEResNeXtBottleneck(self.inplanes, planes, 32, 16) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def stem(self, x):
        return self.layer0.relu1(self.layer0.bn1(self.layer0.conv1(x)))

    def layers(self):
        return [self.layer1, self.layer2, self.layer3, self.layer4]


# name, model, pneumo architecture, the pool pneumo's encoder uses between stem and layer1, torch.save format
ENCODERS = [
    ("resnet34", lambda: ResNet(BasicBlock, [3, 4, 6, 3]), "albunet", nn.MaxPool2d(2, 2), "legacy"),
    ("resnet50", lambda: ResNet(Bottleneck, [3, 4, 6, 3]), "resnet50", nn.MaxPool2d(3, 2, 1), "zip"),
    ("se_resnext50_32x4d", SENet, "seunet", nn.MaxPool2d(3, stride=2, ceil_mode=True), "legacy"),
]


def randomise(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("num_batches_tracked"):
                continue
            if name.endswith("running_var") or (t.dim() == 1 and "bn" in name and name.endswith("weight")) or (
                    "downsample.1.weight" in name):
                t.copy_(torch.rand(t.shape, generator=g) + 0.5)
            elif t.dim() == 1:
                t.copy_((torch.rand(t.shape, generator=g) - 0.5) * 0.4)
            else:
                fan_in = t[0].numel()
                t.copy_(torch.randn(t.shape, generator=g) * math.sqrt(2.0 / fan_in))


def write_f32(path, t):
    with open(path, "wb") as f:
        f.write(t.detach().contiguous().float().numpy().astype("<f4").tobytes())


def encoders(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    h = torch.arange(64, dtype=torch.float64).view(1, 1, 64, 1)
    w = torch.arange(64, dtype=torch.float64).view(1, 1, 1, 64)
    c = torch.arange(3, dtype=torch.float64).view(1, 3, 1, 1)
    x = (0.5 * torch.sin(0.05 * h + 0.07 * w + 1.3 * c) + 0.1 * torch.cos(0.11 * h * w / 64)).float()
    write_f32(os.path.join(out, "input.f32"), x)
    manifest = {}
    for i, (name, build, architecture, pool, fmt) in enumerate(ENCODERS):
        model = build().eval()
        randomise(model, 1000 + i)
        sd = collections.OrderedDict((k, v) for k, v in model.state_dict().items()
                                     if not k.endswith("num_batches_tracked"))
        path = os.path.join(out, name + ".pth")
        torch.save(sd, path, _use_new_zipfile_serialization=(fmt == "zip"))
        with open(os.path.join(out, name + ".keys.txt"), "w") as f:
            for k, v in sd.items():
                f.write(k + "\t" + ",".join(str(d) for d in v.shape) + "\n")
        with torch.no_grad():
            stage = model.stem(x)
            stages = [stage]
            stage = pool(stage)
            for layer in model.layers():
                stage = layer(stage)
                stages.append(stage)
        shapes = []
        for s, t in enumerate(stages):
            write_f32(os.path.join(out, "%s_stage%d.f32" % (name, s)), t)
            shapes.append(list(t.shape))
        manifest[name] = {"architecture": architecture, "file": name + ".pth", "format": fmt, "stages": shapes,
                          "entries": len(sd)}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


def convert(src, dst, legacy):
    with open(src, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    types = {"F32": torch.float32, "F16": torch.float16, "F64": torch.float64, "I64": torch.int64}
    sd = collections.OrderedDict()
    seen = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        begin, end = meta["data_offsets"]
        raw = data[begin:end]
        key = (meta["dtype"], tuple(meta["shape"]), raw)
        if key not in seen:
            t = torch.frombuffer(bytearray(raw), dtype=types[meta["dtype"]]) if raw else torch.zeros(
                0, dtype=types[meta["dtype"]])
            seen[key] = t.reshape(meta["shape"]).clone()
        sd[name] = seen[key]
    torch.save(sd, dst, _use_new_zipfile_serialization=not legacy)


if __name__ == "__main__":
    if sys.argv[1] == "encoders":
        encoders(sys.argv[2])
    elif sys.argv[1] == "convert":
        convert(sys.argv[2], sys.argv[3], "--legacy" in sys.argv[4:])
    else:
        sys.exit("usage: torch_reference.py encoders OUT | convert IN OUT [--legacy]")
