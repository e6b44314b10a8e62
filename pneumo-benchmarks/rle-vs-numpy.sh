#!/usr/bin/env bash
# Runs RleBenchmark and then the numpy baseline on the same masks, back to back, so that the ratios
# come from the same machine conditions. Run from anywhere; needs python3 with numpy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pneumo-benchmarks/run.sh 'RleBenchmark' -f 1 -wi 3 -i 5 -w 3s -r 3s "$@" | grep -E '^(Benchmark|RleBenchmark\.)'
uptime
python3 pneumo-benchmarks/rle_numpy_baseline.py
