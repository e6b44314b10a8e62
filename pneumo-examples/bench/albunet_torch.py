"""PyTorch-eager baseline for ModelBenchmark: AlbuNet (ResNet34 encoder, 2x2 pool stem, bilinear
DecoderBlockV2 decoder, num_filters 32) and ComboLoss(3, 1, 4) exactly as in the original pipeline
(spec sections 3 and 4.1), timed like the Java benchmark: a training step (forward, loss, backward,
Adam) and inference under torch.no_grad(). Runs with any interpreter whose torch is >= 1.13 (model-benchmark.sh passes --python).

With --parity-dir (written by ModelBenchmark --parity-dir) the model starts from pneumo's weights, and the
logits on pneumo's inference input are compared with pneumo's within the parity tolerance (1e-4 x
max|pneumo logit|, as the parity tests), so that both sides time the same model."""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False),
                                            nn.BatchNorm2d(planes))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)


def layer(inplanes, planes, blocks, stride):
    return nn.Sequential(BasicBlock(inplanes, planes, stride),
                         *[BasicBlock(planes, planes) for _ in range(blocks - 1)])


class ResNet34(nn.Module):
    """torchvision's resnet34 module layout (same state_dict names, including the unused fc)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = layer(64, 64, 3, 1)
        self.layer2 = layer(64, 128, 4, 2)
        self.layer3 = layer(128, 256, 6, 2)
        self.layer4 = layer(256, 512, 3, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, 1000)


class ConvRelu(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = nn.Conv2d(i, o, 3, padding=1)
        self.activation = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.activation(self.conv(x))


class Interpolate(nn.Module):
    def forward(self, x):
        return F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)


class DecoderBlockV2(nn.Module):
    def __init__(self, i, m, o):
        super().__init__()
        self.block = nn.Sequential(Interpolate(), ConvRelu(i, m), ConvRelu(m, o))

    def forward(self, x):
        return self.block(x)


class AlbuNet(nn.Module):
    """Module layout of the original models/ternausnets.py AlbuNet (num_filters 32, is_deconv False):
    conv1..conv5 share the encoder's modules, so the state_dict has the same 462 entries."""

    def __init__(self, nf=32):
        super().__init__()
        self.pool = nn.MaxPool2d(2, 2)
        self.encoder = ResNet34()
        self.relu = nn.ReLU(inplace=True)
        self.conv1 = nn.Sequential(self.encoder.conv1, self.encoder.bn1, self.encoder.relu, self.pool)
        self.conv2 = self.encoder.layer1
        self.conv3 = self.encoder.layer2
        self.conv4 = self.encoder.layer3
        self.conv5 = self.encoder.layer4
        self.center = DecoderBlockV2(512, nf * 8 * 2, nf * 8)
        self.dec5 = DecoderBlockV2(512 + nf * 8, nf * 8 * 2, nf * 8)
        self.dec4 = DecoderBlockV2(256 + nf * 8, nf * 8 * 2, nf * 8)
        self.dec3 = DecoderBlockV2(128 + nf * 8, nf * 4 * 2, nf * 2)
        self.dec2 = DecoderBlockV2(64 + nf * 2, nf * 2 * 2, nf * 2 * 2)
        self.dec1 = DecoderBlockV2(nf * 2 * 2, nf * 2 * 2, nf)
        self.dec0 = ConvRelu(nf, nf)
        self.final = nn.Conv2d(nf, 1, 1)

    def forward(self, x):
        c1 = self.conv1(x)
        c2 = self.conv2(c1)
        c3 = self.conv3(c2)
        c4 = self.conv4(c3)
        c5 = self.conv5(c4)
        center = self.center(self.pool(c5))
        d5 = self.dec5(torch.cat([center, c5], 1))
        d4 = self.dec4(torch.cat([d5, c4], 1))
        d3 = self.dec3(torch.cat([d4, c3], 1))
        d2 = self.dec2(torch.cat([d3, c2], 1))
        return self.final(self.dec0(self.dec1(d2)))


def read_safetensors(path):
    """Minimal safetensors reader (the safetensors package is not needed): header length, JSON, data."""
    import json
    import numpy as np
    with open(path, 'rb') as f:
        data = f.read()
    n = int.from_bytes(data[:8], 'little')
    header = json.loads(data[8:8 + n])
    types = {'F32': np.float32, 'F64': np.float64, 'F16': np.float16, 'I64': np.int64}
    out = {}
    for name, v in header.items():
        if name == '__metadata__':
            continue
        begin, end = v['data_offsets']
        array = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=types[v['dtype']]).reshape(v['shape'])
        out[name] = torch.from_numpy(array.copy())
    return out


def check_weights(path, fixtures):
    """Strictly loads a pneumo-written file into the PyTorch AlbuNet and compares the logits on the
    shared parity input A with the original's."""
    import numpy as np
    model = AlbuNet().eval()
    result = model.load_state_dict(read_safetensors(path), strict=True)
    x = torch.from_numpy(np.fromfile(f"{fixtures}/A_input.f32", dtype='<f4').reshape(1, 3, 64, 64))
    reference = np.fromfile(f"{fixtures}/albunet_A_logits.f32", dtype='<f4').reshape(1, 1, 64, 64)
    with torch.no_grad():
        y = model(x).numpy()
    diff = float(np.abs(y - reference).max())
    print(f"strict load of {path}: {result}; max |torch - original| = {diff:.3g} "
          f"= {diff / float(np.abs(reference).max()):.3g} x max|original|", flush=True)


def combo_loss(x, t, w=(3, 1, 4)):
    bce = (x.clamp(min=0) - x * t + (1 + (-x.abs()).exp()).log()).mean()
    s = torch.sigmoid(x)
    dice = 1 - (2 * (s * t).sum() + 1e-6) / (s.sum() + t.sum() + 1e-6)
    sc = s.clamp(1e-8, 1 - 1e-8)
    tc = t.clamp(1e-8, 1 - 1e-8)
    pt = (1 - tc) * (1 - sc) + tc * sc
    focal = (-(1 - pt) ** 2 * torch.log(pt)).mean()
    return torch.clamp(w[0] * bce + w[1] * dice + w[2] * focal, min=1e-5)


def timed(fn, warmup, iterations):
    for _ in range(warmup):
        fn()
    ms = []
    cpu = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        c0 = time.process_time()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return ms, cpu


def report(what, batch, size, measured):
    ms, cpu = measured
    s = sorted(ms)
    print(f"{what} albunet batch {batch} {size}x{size}: median {statistics.median(ms):.1f} ms, "
          f"min {s[0]:.1f} ms, max {s[-1]:.1f} ms (n={len(ms)}); process CPU median {statistics.median(cpu):.1f} ms",
          flush=True)


def parity_check(model, a):
    """Runs the model on pneumo's inference input and compares with pneumo's logits; returns the input."""
    import numpy as np
    shape = (a.infer_batch, 3, a.infer_size, a.infer_size)
    x = torch.from_numpy(np.fromfile(f"{a.parity_dir}/input.f32", dtype='<f4').reshape(shape))
    reference = np.fromfile(f"{a.parity_dir}/logits.f32", dtype='<f4').reshape(shape[0], 1, shape[2], shape[3])
    with torch.no_grad():
        y = model(x).numpy()
    diff = float(np.abs(y - reference).max())
    tolerance = 1e-4 * float(np.abs(reference).max())
    verdict = "same model" if diff <= tolerance else "MISMATCH"
    print(f"parity {verdict}: max |pneumo - torch| logit = {diff:.3g}, tolerance {tolerance:.3g} "
          f"(1e-4 x max|pneumo logit|) on the {shape[2]}x{shape[3]} inference input", flush=True)
    if diff > tolerance:
        raise SystemExit(3)
    return x


def profile(fn, path, what="inference"):
    from torch.profiler import ProfilerActivity
    with torch.profiler.profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        fn()
    prof.export_chrome_trace(path)
    print(f"profile of one {what} written to {path}", flush=True)


def compiled(model, x, a):
    """torch.compile (inductor, CPU): the compile time, then the same timing as eager."""
    t0 = time.perf_counter()
    try:
        fast = torch.compile(model)
        with torch.no_grad():
            fast(x)
    except Exception as e:  # no C++ compiler, unsupported platform ...
        print(f"torch.compile unavailable: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
              flush=True)
        return
    print(f"torch.compile (inductor) compiled in {time.perf_counter() - t0:.1f} s", flush=True)

    def infer():
        with torch.no_grad():
            fast(x).numpy()
    report("infer-compiled", a.infer_batch, a.infer_size, timed(infer, a.warmup, a.iterations))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--train-size', type=int, default=256)
    p.add_argument('--train-batch', type=int, default=2)
    p.add_argument('--infer-size', type=int, default=1024)
    p.add_argument('--infer-batch', type=int, default=1)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--iterations', type=int, default=5)
    p.add_argument('--check-weights', help='safetensors file written by pneumo to load strictly')
    p.add_argument('--fixtures', default='../shared/fixtures/parity')
    p.add_argument('--parity-dir', help='weights.safetensors, input.f32 and logits.f32 written by ModelBenchmark')
    p.add_argument('--profile', help='write a Chrome trace of one inference (torch.profiler) to this file')
    p.add_argument('--profile-train', help='write a Chrome trace of one training step to this file')
    p.add_argument('--compile', action='store_true', help='also time inference under torch.compile (inductor)')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    if a.check_weights:
        check_weights(a.check_weights, a.fixtures)
        return
    torch.manual_seed(42)
    model = AlbuNet()
    if a.parity_dir and not os.path.exists(f"{a.parity_dir}/weights.safetensors"):
        a.parity_dir = None  # pneumo wrote none (no inference measured)
    if a.parity_dir:
        model.load_state_dict(read_safetensors(f"{a.parity_dir}/weights.safetensors"), strict=True)
    n = sum(q.numel() for q in model.parameters()) - sum(q.numel() for q in model.encoder.fc.parameters())
    print(f"engine PyTorch eager {torch.__version__}, intra-op threads {torch.get_num_threads()}, "
          f"inter-op threads {torch.get_num_interop_threads()}, "
          f"mkldnn {torch.backends.mkldnn.is_available()}, albunet parameters {n}", flush=True)
    if a.train_size > 0:
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        b, s = a.train_batch, a.train_size
        x = torch.randn(b, 3, s, s)
        t = torch.zeros(b, 1, s, s)
        t[:, :, s // 3:s // 2, s // 4:] = 1

        def step():
            opt.zero_grad()
            loss = combo_loss(model(x), t)
            loss.backward()
            opt.step()
        report("train", b, s, timed(step, a.warmup, a.iterations))
        if a.profile_train:
            profile(step, a.profile_train, "training step")
    if a.infer_size > 0:
        if a.parity_dir:
            # pneumo's weights after its training steps, so that the same model is timed and checked
            model.load_state_dict(read_safetensors(f"{a.parity_dir}/weights.safetensors"), strict=True)
        model.eval()
        x = torch.randn(a.infer_batch, 3, a.infer_size, a.infer_size)
        if a.parity_dir:
            x = parity_check(model, a)

        def infer():
            with torch.no_grad():
                model(x).numpy()
        report("infer", a.infer_batch, a.infer_size, timed(infer, a.warmup, a.iterations))
        if a.profile:
            profile(infer, a.profile)
        if a.compile:
            compiled(model, x, a)


if __name__ == '__main__':
    main()
