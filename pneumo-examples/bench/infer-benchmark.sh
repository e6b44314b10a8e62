#!/usr/bin/env bash
# End to end: `pneumo infer` on a folder of 1024² SIIM-like DICOMs (flip TTA, maps written) against a
# plain PyTorch script doing the same work (infer_torch.py: pydicom decode, x/255, one batch of the image
# and its flipped copy, sigmoid, averaging, 8-bit .pmap written), on the same random AlbuNet weights,
# alternating in one run. Reports images/s per side and their ratio; checks that the maps agree (±1
# level of 255).
#
#   pneumo-examples/bench/infer-benchmark.sh [--python PATH] [--images N] [--rounds R]
#
# --python: an interpreter with torch >= 2 and pydicom (+ Pillow for the JPEG baseline pixel data);
# default: the first python3 on PATH that imports both. Defaults: 8 images, 2 rounds.
# The timed span, on both sides, is model loading plus the whole folder (JVM/interpreter start excluded).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
python=""
images=8
rounds=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --python) python="$2"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
usable() { "$1" -c 'import torch, pydicom, PIL; assert int(torch.__version__.split(".")[0]) >= 2' 2>/dev/null; }
if [[ -z "$python" ]]; then
  while read -r candidate; do
    if usable "$candidate"; then python="$candidate"; break; fi
  done < <(type -ap python3 || true)
fi
if [[ -z "$python" ]] || ! usable "$python"; then
  echo "infer-benchmark: needs --python PATH with torch >= 2, pydicom and Pillow (see docs/performance-models.md)" >&2
  exit 2
fi
work="$(mktemp -d /tmp/pneumo-infer-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export PNEUMO_JAVA_OPTS="${PNEUMO_JAVA_OPTS:--Xmx3g}"
./pneumo help >/dev/null   # builds once if needed, outside the timings
./pneumo synth --out "$work/data" --train 0 --test "$images" --size 1024 --seed 42 >/dev/null
pneumo-spark/bench/random-weights.sh "$work/albunet.safetensors"
cat > "$work/infer.yaml" <<YAML
ARCHITECTURE: albunet
DATA_DIRECTORY: data/dicom-images-test
CHECKPOINTS: [albunet.safetensors]
FLIP: true
RESULT_FOLDER: maps-pneumo
RESUME: false
YAML
echo "infer-benchmark: $images images at 1024², $rounds round(s); PyTorch $("$python" -c 'import torch; print(torch.__version__)') ($python)"
ratios=()
for ((r = 1; r <= rounds; r++)); do
  echo "== round $r: pneumo infer (load $(cut -d' ' -f1 /proc/loadavg))"
  line="$(./pneumo infer "$work/infer.yaml" 2>/dev/null | tail -1)"
  echo "$line"
  pneumo_s="$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$line")"
  echo "== round $r: PyTorch (load $(cut -d' ' -f1 /proc/loadavg))"
  out="$("$python" pneumo-examples/bench/infer_torch.py "$work/albunet.safetensors" "$work/data/dicom-images-test" \
    "$work/maps-torch" --compare "$work/maps-pneumo")"
  echo "$out"
  torch_s="$(sed -nE 's/.* images in ([0-9.]+) s .*/\1/p' <<<"$out")"
  awk -v a="$pneumo_s" -v b="$torch_s" -v n="$images" -v r="$r" 'BEGIN {
    printf "round %d: pneumo %.3f images/s, PyTorch %.3f images/s, time ratio pneumo / PyTorch %.2f\n", r, n / a, n / b, a / b }'
  ratios+=("$(awk -v a="$pneumo_s" -v b="$torch_s" 'BEGIN { printf "%.2f", a / b }')")
  echo
done
median="$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
echo "end-to-end time ratio pneumo / PyTorch per round: ${ratios[*]}; median $median ($images images, $rounds rounds)"
