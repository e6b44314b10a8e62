#!/usr/bin/env python3
"""Baseline for RleBenchmark: a vectorised numpy RLE codec (relative format, column-major) timed on the
same two real SIIM annotations (median and largest single-annotation masks). Run from the repository
root right after `pneumo-benchmarks/run.sh 'RleBenchmark' ...` so both run under the same conditions:

    python3 pneumo-benchmarks/rle_numpy_baseline.py [labels.csv.gz]
"""
import csv
import gzip
import sys
import timeit

import numpy as np

SIZE = 1024


def decode(rle, width=SIZE, height=SIZE):
    t = np.asarray(rle.split(), dtype=np.int64)
    gaps, lengths = t[0::2], t[1::2]
    starts = np.cumsum(gaps + np.concatenate(([0], lengths[:-1])))
    flat = np.zeros(width * height, dtype=np.uint8)
    for s, n in zip(starts, lengths):
        flat[s:s + n] = 1
    return flat.reshape(width, height).T  # row-major image, like the original's transpose


def encode(mask):
    flat = mask.T.reshape(-1)  # column-major walk
    padded = np.concatenate(([0], flat, [0]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    if edges.size == 0:
        return "-1"
    starts, ends = edges[0::2], edges[1::2]
    gaps = starts - np.concatenate(([0], ends[:-1]))
    return " ".join(map(str, np.column_stack((gaps, ends - starts)).ravel()))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/siim-labels/siim-train-rle.csv.gz"
    rows = {}
    with gzip.open(path, "rt") as f:
        reader = csv.reader(f)
        next(reader)
        for image_id, rle in reader:
            rows.setdefault(image_id, []).append(rle.strip())
    single = [r[0] for r in rows.values() if len(r) == 1 and r[0] != "-1"]
    single.sort(key=lambda r: sum(int(x) for x in r.split()[1::2]))
    for name, rle in (("median", single[len(single) // 2]), ("largest", single[-1])):
        mask = decode(rle)
        assert encode(mask) == rle
        n = 200
        enc = min(timeit.repeat(lambda: encode(mask), number=n, repeat=5)) / n * 1e6
        dec = min(timeit.repeat(lambda: decode(rle), number=n, repeat=5)) / n * 1e6
        print(f"numpy {np.__version__} {name:8s} area {int(mask.sum()):6d}: encode {enc:8.1f} us/op, "
              f"decode {dec:8.1f} us/op")


if __name__ == "__main__":
    main()
