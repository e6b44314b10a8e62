#!/usr/bin/env python3
"""Writes the small torch.save fixtures of PthFileTest (pneumo-djl/src/test/resources/io/github/pneumo/djl/weights/pth).

Run from the repository root with a Python that has PyTorch (2.x CPU wheel; 1.13 works too):

    /path/to/python pneumo-djl/src/test/python/make_pth_fixtures.py

Every file is a few KB. expected.json lists, for each fixture, the state dict's tensors as PyTorch itself
reads them back with torch.load (name -> dtype, shape, values as float), so the Java test compares with
PyTorch's own reading, views and byte order included.
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import zipfile

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "io", "github", "pneumo",
                   "djl", "weights", "pth")
MARKER = "/tmp/pneumo-hostile-pth-marker"


def ramp(n, start=-1.0, step=0.25, dtype=torch.float32):
    return (torch.arange(n, dtype=torch.float64) * step + start).to(dtype)


def small_state_dict():
    """Conv + BatchNorm (with int64 num_batches_tracked), fp16, fp64, shared storage and strided views."""
    sd = collections.OrderedDict()
    sd["conv.weight"] = ramp(2 * 3 * 3 * 3).reshape(2, 3, 3, 3)
    sd["conv.bias"] = torch.tensor([0.5, -0.5])
    sd["bn.weight"] = torch.tensor([1.0, 1.5])
    sd["bn.bias"] = torch.tensor([0.0, 0.125])
    sd["bn.running_mean"] = torch.tensor([0.25, -0.25])
    sd["bn.running_var"] = torch.tensor([1.0, 2.0])
    sd["bn.num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
    sd["half"] = ramp(6, 0.5, 0.375, torch.float16).reshape(2, 3)
    sd["double"] = ramp(4, 1.0 / 3.0, 1e-3, torch.float64)
    base = ramp(12, 0.0, 1.0)
    sd["shared.base"] = base.reshape(3, 4)
    sd["shared.transposed"] = base.reshape(3, 4).t()          # non-contiguous: stride (1, 4)
    sd["shared.offset"] = base.reshape(3, 4)[1:, 1:3]         # offset 5, stride (4, 1)
    sd["shared.strided"] = base[2::3]                          # offset 2, stride 3
    sd["scalar"] = torch.tensor(2.5)
    return sd


def final_layer(prefix=""):
    """AlbuNet's final 1x1 convolution (final.weight [1, 32, 1, 1], final.bias [1])."""
    sd = collections.OrderedDict()
    sd[prefix + "final.weight"] = ramp(32, -0.5, 1.0 / 32).reshape(1, 32, 1, 1)
    sd[prefix + "final.bias"] = torch.tensor([0.75])
    return sd


class Hostile:
    """Pickles as a call of os.system: loading it with pickle would create MARKER."""

    def __reduce__(self):
        return (os.system, ("touch " + MARKER,))


def big_endian_copy(src, dst):
    """Rewrites a zip-format file with big-endian storages and byteorder 'big' (as a big-endian machine writes it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        prefix = [n for n in zin.namelist() if n.endswith("data.pkl")][0][:-len("data.pkl")]
        sizes = storage_element_sizes(zin.read(prefix + "data.pkl"))
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == prefix + "byteorder":
                data = b"big"
            elif info.filename.startswith(prefix + "data/"):
                size = sizes[info.filename[len(prefix + "data/"):]]
                data = b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))
            zout.writestr(info, data)


def storage_element_sizes(pkl):
    """Storage key -> element size, read from the persistent ids of data.pkl without building tensors."""
    sizes = {}

    class Probe(pickle.Unpickler):
        def find_class(self, module, name):
            if name.endswith("Storage"):
                return name
            if name == "OrderedDict":
                return collections.OrderedDict
            return lambda *args: None

        def persistent_load(self, pid):
            size = {"FloatStorage": 4, "HalfStorage": 2, "DoubleStorage": 8, "LongStorage": 8}[pid[1]]
            sizes[pid[2]] = size
            return None

    Probe(io.BytesIO(pkl)).load()
    return sizes


def expected(path, **load_args):
    obj = torch.load(path, weights_only=True, **load_args)
    if "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    return {name: {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
                   "values": t.double().flatten().tolist()} for name, t in obj.items()}


def main():
    os.makedirs(OUT, exist_ok=True)
    p = lambda name: os.path.join(OUT, name)
    sd = small_state_dict()
    torch.save(sd, p("small_zip.pth"))
    torch.save(sd, p("small_legacy.pth"), _use_new_zipfile_serialization=False)
    big_endian_copy(p("small_zip.pth"), p("small_big_endian.pth"))
    torch.save(final_layer("module."), p("dataparallel_final.pth"))
    torch.save({"epoch": 3, "best_score": 0.8604, "folds": [0, 1], "state_dict": final_layer()}, p("nested_final.pt"))
    torch.save(final_layer(), p("final_legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"weights": Hostile()}, p("hostile_zip.pth"))
    # A legacy-format file whose pickle names os.system literally (GLOBAL 'os system'), as a Python 2 era
    # attacker would write it: magic, protocol, sys info, then the payload.
    with open(p("hostile_legacy.pth"), "wb") as f:
        f.write(pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2))
        f.write(pickle.dumps(1001, protocol=2))
        f.write(pickle.dumps({"protocol_version": 1001, "little_endian": True,
                              "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2))
        f.write(b"\x80\x02cos\nsystem\nX" + struct.pack("<I", len("touch " + MARKER)) + ("touch " + MARKER).encode()
                + b"\x85R.")
    exp = {name: expected(p(name)) for name in
           ["small_zip.pth", "small_legacy.pth", "small_big_endian.pth", "nested_final.pt", "final_legacy.pth"]}
    exp["dataparallel_final.pth"] = expected(p("dataparallel_final.pth"))
    assert exp["small_big_endian.pth"] == exp["small_zip.pth"], "big-endian copy must read back identically"
    with open(p("expected.json"), "w") as f:
        json.dump({"generator": "pneumo-djl/src/test/python/make_pth_fixtures.py",
                   "torch": torch.__version__, "hostile_marker": MARKER, "files": exp}, f, indent=1)
    print("wrote fixtures to", os.path.normpath(OUT), "with torch", torch.__version__)


if __name__ == "__main__":
    sys.exit(main())
