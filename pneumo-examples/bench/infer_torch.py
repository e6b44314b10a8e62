"""The plain-PyTorch counterpart of `pneumo infer` for infer-benchmark.sh: the same work on a folder of
DICOMs with the same AlbuNet weights — decode (pydicom), x/255 on three channels, flip TTA as one batch
of the image and its width-flipped copy, sigmoid, the flipped half flipped back and averaged, 8-bit
levels round(p * 255), written as pneumo's .pmap files (zlib, atomic rename) — and, when given pneumo's
maps, the largest level difference to them.
    python infer_torch.py WEIGHTS.safetensors DICOM_DIR OUT_DIR [--threads 2] [--compare PNEUMO_MAPS]"""
import argparse
import os
import struct
import sys
import time
import zlib

import numpy as np
import pydicom
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from albunet_torch import AlbuNet, read_safetensors  # noqa: E402


def write_pmap(path, levels):
    h, w = levels.shape
    raw = levels.tobytes()
    packed = zlib.compress(raw, 1)
    encoding, payload = (1, packed) if len(packed) < len(raw) else (0, raw)
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(b'PMAP' + bytes([1, encoding]) + struct.pack('>ii', w, h) + payload)
    os.replace(tmp, path)


def read_pmap(path):
    data = open(path, 'rb').read()
    w, h = struct.unpack('>ii', data[6:14])
    body = zlib.decompress(data[14:]) if data[5] == 1 else data[14:]
    return np.frombuffer(body, dtype=np.uint8).reshape(h, w)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('weights')
    p.add_argument('dicoms')
    p.add_argument('out')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--compare', help="pneumo's map folder: report the largest level difference")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(a.dicoms) for f in fs if f.endswith('.dcm'))
    os.makedirs(a.out, exist_ok=True)
    start = time.perf_counter()
    model = AlbuNet()
    model.load_state_dict(read_safetensors(a.weights), strict=True)
    model.eval()
    for f in files:
        pixels = pydicom.dcmread(f).pixel_array.astype(np.float32)
        x = torch.from_numpy(pixels / 255.0).expand(1, 3, *pixels.shape)
        with torch.no_grad():
            p = torch.sigmoid(model(torch.cat([x, x.flip(3)])))
            p = (p[0, 0] + p[1, 0].flip(1)) / 2
        levels = np.floor(p.numpy() * 255 + 0.5).astype(np.uint8)
        write_pmap(os.path.join(a.out, os.path.basename(f)[:-4] + '.pmap'), levels)
    seconds = time.perf_counter() - start
    print(f"PyTorch {torch.__version__}: {len(files)} images in {seconds:.1f} s "
          f"({len(files) / seconds:.3f} images/s)", flush=True)
    if a.compare:
        worst = 0
        for f in files:
            name = os.path.basename(f)[:-4] + '.pmap'
            d = np.abs(read_pmap(os.path.join(a.out, name)).astype(int)
                       - read_pmap(os.path.join(a.compare, name)).astype(int)).max()
            worst = max(worst, int(d))
        print(f"maps: largest level difference to pneumo's {worst} (of 255) over {len(files)} images", flush=True)
        if worst > 1:
            sys.exit(3)


if __name__ == '__main__':
    main()
