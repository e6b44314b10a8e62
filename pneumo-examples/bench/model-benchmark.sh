#!/usr/bin/env bash
# End-to-end model benchmark: pneumo (DJL, PyTorch engine) and, when /usr/bin/python3 has torch, the
# same AlbuNet in PyTorch eager, alternating in one run so that both see the same machine load.
#   pneumo-examples/bench/model-benchmark.sh [--rounds 2] [ModelBenchmark options...]
# Defaults: AlbuNet, 2 threads, training step 256x256 batch 2, inference 1024x1024 batch 1,
# 2 warm-up + 5 timed iterations, native memory over 50 training steps at 128x128.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rounds=1
if [[ "${1:-}" == "--rounds" ]]; then rounds="$2"; shift 2; fi
./mvnw -q -B -o -DskipTests -pl pneumo-examples -am package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
cp="$root/pneumo-examples/target/classes:$(cat "$root/pneumo-examples/target/classpath.txt")"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
for ((r = 1; r <= rounds; r++)); do
  echo "== round $r: pneumo (DJL $(basename "$(ls -d ~/.m2/repository/ai/djl/api/*/ | tail -1)"))"
  java -Xmx2g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" io.github.pneumo.examples.bench.ModelBenchmark "$@"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "== round $r: PyTorch eager"
    /usr/bin/python3 "$root/pneumo-examples/bench/albunet_torch.py"
  else
    echo "== PyTorch eager baseline skipped: /usr/bin/python3 cannot import torch"
  fi
done
