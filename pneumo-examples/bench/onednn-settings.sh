#!/usr/bin/env bash
# Training-step and inference timings of a network under oneDNN's instruction-set caps (docs/troubleshooting.md):
# the default, ONEDNN_MAX_CPU_ISA=AVX2, AVX2 with the experimental strided-convolution rewrite
# (-Dpneumo.onednn.stridedAsDense=true) and AVX, alternating in each round so that all see the same load.
#   pneumo-examples/bench/onednn-settings.sh [--rounds 2] [ModelBenchmark options...]
# Defaults: AlbuNet, training step 256x256 batch 2, no inference, 1 warm-up + 3 timed iterations.
# Compare each setting with the default of the same round. On an AMD family-26 CPU only AVX is safe: run this
# there only to measure, and expect the other settings to crash (that is the point of the rewrite's check).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rounds=1
if [[ "${1:-}" == "--rounds" ]]; then rounds="$2"; shift 2; fi
[[ $# -gt 0 ]] || set -- --train-size 256 --train-batch 2 --infer-size 0 --rss-steps 0 --warmup 1 --iterations 3
./mvnw -q -B -o -DskipTests -pl pneumo-examples -am package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
cp="$root/pneumo-examples/target/classes:$(cat "$root/pneumo-examples/target/classpath.txt")"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
unset ONEDNN_MAX_CPU_ISA DNNL_MAX_CPU_ISA
for ((r = 1; r <= rounds; r++)); do
  for setting in default AVX2 AVX2+rewrite AVX; do
    echo "== round $r: $setting"
    isa="${setting%+rewrite}"
    rewrite=false
    [[ "$setting" == *+rewrite ]] && rewrite=true
    envs=()
    [[ "$isa" == default ]] || envs+=("ONEDNN_MAX_CPU_ISA=$isa")
    env ${envs[@]+"${envs[@]}"} java -Xmx2g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -Dpneumo.onednn.stridedAsDense="$rewrite" -cp "$cp" io.github.pneumo.examples.bench.ModelBenchmark "$@"
  done
done
