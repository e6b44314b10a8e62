#!/usr/bin/env bash
# Writes a randomly initialised AlbuNet (seed 1) as safetensors: random-weights.sh OUT.safetensors
# (for the benchmark and the smoke check; run from the repository root, uses ./pneumo jshell).
set -euo pipefail
out="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
script="$(mktemp /tmp/pneumo-weights.XXXXXX.jsh)"
trap 'rm -f "$script"' EXIT
cat > "$script" <<JSH
try (var m = io.github.pneumo.djl.SegmentationNetworks.create(io.github.pneumo.djl.Architecture.ALBUNET, 1)) {
  io.github.pneumo.djl.weights.TorchWeights.save(m, java.nio.file.Path.of("$out"));
}
/exit
JSH
./pneumo jshell -q "$script" >/dev/null
[[ -s "$out" ]] || { echo "random-weights: $out was not written" >&2; exit 1; }
