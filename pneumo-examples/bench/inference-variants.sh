#!/usr/bin/env bash
# Each inference change's effect in one run: pneumo's 1024² AlbuNet inference (ModelBenchmark) without
# BatchNorm folding and with DJL's ReLU (before); with folding; with folding and the in-place ReLU (now);
# and PyTorch eager on the same weights and input, alternating per round.
#   pneumo-examples/bench/inference-variants.sh --python PATH [--rounds N] [--size S] [--iterations I]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
python=/usr/bin/python3; rounds=1; size=1024; iterations=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --python) python="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
./mvnw -q -B -o -DskipTests -pl pneumo-examples -am package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
cp="$root/pneumo-examples/target/classes:$(cat "$root/pneumo-examples/target/classpath.txt")"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
work="$(mktemp -d /tmp/inference-variants.XXXXXX)"
trap 'rm -rf "$work"' EXIT
common=(--train-size 0 --rss-steps 0 --infer-size "$size" --warmup 1 --iterations "$iterations")
pneumo() {  # label, java flags..., -- ModelBenchmark flags...
  local label="$1"; shift
  local jflags=(); while [[ "$1" != "--" ]]; do jflags+=("$1"); shift; done; shift
  echo "-- $label (load $(cut -d' ' -f1 /proc/loadavg))"
  java -Xmx3g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${jflags[@]}" -cp "$cp" \
    io.github.pneumo.examples.bench.ModelBenchmark "${common[@]}" "$@" | grep '^infer' | sed "s/^/$label: /"
}
for ((r = 1; r <= rounds; r++)); do
  echo "== round $r"
  parity=(); [[ $r -eq 1 ]] && parity=(--parity-dir "$work/parity")
  pneumo before -Dpneumo.inplaceRelu=false -- --no-fold "${parity[@]}"
  pneumo fold -Dpneumo.inplaceRelu=false --
  pneumo fold+inplace-relu --
  echo "-- PyTorch (load $(cut -d' ' -f1 /proc/loadavg))"
  "$python" pneumo-examples/bench/albunet_torch.py --train-size 0 --infer-size "$size" --warmup 1 \
    --iterations "$iterations" --parity-dir "$work/parity" | grep -E '^(infer|parity)' | sed 's/^/pytorch: /'
done
