#!/usr/bin/env bash
# Model benchmark: pneumo (DJL, PyTorch engine) against the same AlbuNet in PyTorch eager, alternating
# in one run so that both sides see the same machine load, on the same weights and input.
#
#   pneumo-examples/bench/model-benchmark.sh [--python PATH] [--rounds N] [--compile] [options...]
#
#   --python PATH  interpreter for the PyTorch side (default: the first python3 on PATH whose torch is
#                  >= 2, else /usr/bin/python3)
#   --rounds N     rounds; each runs pneumo, then PyTorch (default 1)
#   --compile      also time inference under torch.compile (inductor); compiling takes minutes
#   options        --threads --train-size --train-batch --infer-size --infer-batch --warmup --iterations
#                  go to both sides; anything else to ModelBenchmark only (e.g. --no-fold, --rss-steps)
#
# Defaults: AlbuNet, 2 intra-op / 1 inter-op threads, training step 256x256 batch 2, inference
# 1024x1024 batch 1 forward, 2 warm-up + 5 timed iterations. Round 1 writes pneumo's weights, its
# inference input and its logits; the PyTorch side loads those weights (strictly, the original's
# state_dict names) and stops with exit code 3 if its logits differ by more than the parity tolerance.
# The last line is
#   ratio inference X.XX training Y.YY (pneumo / PyTorch A.B.C, N rounds)
# with the median over rounds of each round's ratio of median wall times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

python=""
rounds=1
compile=0
both=()
java_only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --python) python="${2:?--python needs a path}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --compile) compile=1; shift ;;
    --threads|--train-size|--train-batch|--infer-size|--infer-batch|--warmup|--iterations)
      both+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    -h|--help) usage ;;
    *) java_only+=("$1"); shift ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be a positive integer, got '$rounds'" >&2; exit 2; }

torch_version() { "$1" -c 'import torch; print(torch.__version__)' 2>/dev/null; }
if [[ -z "$python" ]]; then
  while read -r candidate; do
    v="$(torch_version "$candidate" || true)"
    if [[ "${v%%.*}" =~ ^[0-9]+$ && "${v%%.*}" -ge 2 ]]; then python="$candidate"; break; fi
  done < <(type -ap python3 || true)
  python="${python:-/usr/bin/python3}"
fi
torch_v="$(torch_version "$python" || true)"
if [[ -z "$torch_v" ]]; then
  echo "$python cannot import torch; pass --python PATH (PyTorch 2.x CPU: see docs/performance-models.md)" >&2
  exit 2
fi

./mvnw -q -B -o -DskipTests -pl pneumo-examples -am package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
cp="$root/pneumo-examples/target/classes:$(cat "$root/pneumo-examples/target/classpath.txt")"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
work="$(mktemp -d "${TMPDIR:-/tmp}/model-benchmark.XXXXXX")"
trap 'rm -rf "$work"' EXIT

djl_v="$(basename "$(ls -d ~/.m2/repository/ai/djl/api/*/ | tail -1)")"
echo "pneumo: DJL $djl_v (libtorch version on the engine line); PyTorch: $python, torch $torch_v"
echo "java: $(java -version 2>&1 | head -1); niceness $(nice); OMP_NUM_THREADS=$OMP_NUM_THREADS"

load() { cut -d' ' -f1 /proc/loadavg; }

for ((r = 1; r <= rounds; r++)); do
  parity=()
  if [[ $r -eq 1 ]]; then parity=(--parity-dir "$work/parity"); fi
  echo "== round $r: pneumo (load $(load))"
  java -Xmx3g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.github.pneumo.examples.bench.ModelBenchmark --rss-steps 0 "${both[@]}" "${parity[@]}" \
    "${java_only[@]}" | tee "$work/pneumo.$r"
  echo "== round $r: PyTorch $torch_v eager (load $(load))"
  extra=()
  if [[ $compile -eq 1 ]]; then extra=(--compile); fi
  "$python" "$root/pneumo-examples/bench/albunet_torch.py" --parity-dir "$work/parity" "${both[@]}" \
    "${extra[@]}" | tee "$work/torch.$r"
done

# per round: pneumo / PyTorch of the median wall times; the final figures are the medians over rounds
"$python" - "$work" "$rounds" "${torch_v%%+*}" <<'EOF'
import re, statistics, sys
work, rounds, version = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def read(path, what):
    for line in open(path):
        m = re.match(rf"{what} albunet .*: median ([0-9.]+) ms.*process CPU median ([0-9.]+) ms", line)
        if m:
            return float(m.group(1)), float(m.group(2))
    return None

ratios = {}
for what, label in (("infer", "inference"), ("train", "training"), ("infer-compiled", "compiled")):
    wall, cpu = [], []
    for r in range(1, rounds + 1):
        mine = read(f"{work}/pneumo.{r}", what if what != "infer-compiled" else "infer")
        theirs = read(f"{work}/torch.{r}", what)
        if mine and theirs:
            wall.append(mine[0] / theirs[0])
            cpu.append(mine[1] / theirs[1])
            if what == "infer-compiled":
                eager = read(f"{work}/torch.{r}", "infer")
                print(f"round {r} torch.compile: {theirs[0] / eager[0]:.2f} x eager wall; "
                      f"pneumo / compiled {mine[0] / theirs[0]:.2f}")
            else:
                print(f"round {r} {label}: wall ratio {wall[-1]:.2f}, process CPU ratio {cpu[-1]:.2f}")
    if wall:
        ratios[label] = (statistics.median(wall), statistics.median(cpu))
if "compiled" in ratios:
    print(f"ratio to torch.compile: inference {ratios['compiled'][0]:.2f} (pneumo / compiled PyTorch {version})")
if "inference" not in ratios or "training" not in ratios:
    sys.exit("no ratio: a side did not report both measurements")
print(f"process CPU ratio inference {ratios['inference'][1]:.2f} training {ratios['training'][1]:.2f}")
print(f"ratio inference {ratios['inference'][0]:.2f} training {ratios['training'][0]:.2f} "
      f"(pneumo / PyTorch {version}, {rounds} rounds)")
EOF
