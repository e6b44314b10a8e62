#!/usr/bin/env bash
# spark-infer on local[1] and local[2] against the single-JVM `pneumo infer` + `pneumo submit`, on the same
# synthetic images, weights and triplet, in one run (alternating, so that a changing machine load hits
# every variant alike). One command; the last line is the summary:
#
#   pneumo-spark/bench/spark-benchmark.sh                 # 200 images at 256², one round
#   IMAGES=200 SIZE=256 ROUNDS=2 pneumo-spark/bench/spark-benchmark.sh
#
# Each variant runs twice per round, on IMAGES/2 and on IMAGES images, as its own JVM through ./pneumo
# (-Xmx2g). Reported per variant (medians over rounds):
#   - end to end: images / wall-clock seconds of the whole command (JVM, Spark and model start included);
#   - marginal: the extra images / the extra seconds between the two sizes (the per-image cost without
#     the fixed start-up; what a long archive run approaches);
#   - peak RSS of the JVM (local mode: driver and executor are this one JVM) at both sizes: flat in the
#     number of images when the executor streams its partitions;
#   - process CPU seconds (user + sys), less distorted than wall time on a loaded machine.
# Every spark-infer submission is compared byte for byte with the single-JVM one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
images="${IMAGES:-200}"
size="${SIZE:-256}"
rounds="${ROUNDS:-1}"
work="${WORK:-$(mktemp -d /tmp/pneumo-spark-bench.XXXXXX)}"
half=$((images / 2))
export PNEUMO_JAVA_OPTS="${PNEUMO_JAVA_OPTS:--Xmx2g}"
timer=/usr/bin/time
[[ -x "$timer" ]] || { echo "spark-benchmark: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

./pneumo help >/dev/null   # builds once if needed, outside the timings
echo "spark-benchmark: $images images at ${size}², $rounds round(s), work folder $work" >&2
mkdir -p "$work"
for n in "$half" "$images"; do
  if [[ ! -d "$work/data-$n" ]]; then
    ./pneumo synth --out "$work/data-$n" --train 0 --test "$n" --size "$size" --seed 42 >/dev/null
  fi
done
if [[ ! -f "$work/albunet.safetensors" ]]; then
  pneumo-spark/bench/random-weights.sh "$work/albunet.safetensors"
fi
triplet="0.4,5,0.3"
for n in "$half" "$images"; do
  cat > "$work/infer-$n.yaml" <<EOF
ARCHITECTURE: albunet
DATA_DIRECTORY: data-$n/dicom-images-test
CHECKPOINTS: [albunet.safetensors]
FLIP: true
RESULT_FOLDER: maps-$n
RESUME: false
EOF
  cat > "$work/submit-$n.yaml" <<EOF
SAMPLE_SUB: data-$n/sample_submission.csv
MASK_DICT: maps-$n
TOP_SCORE_THRESHOLD: 0.4
AREA_THRESHOLD: 5
BOTTOM_SCORE_THRESHOLD: 0.3
SUB_FILE: single-$n.csv
EOF
done

results="$work/results.tsv"
: > "$results"
# measure VARIANT N command...: appends "variant n wall user sys maxrss_kb"
measure() {
  local variant="$1" n="$2"
  shift 2
  local t="$work/time.txt"
  if ! "$timer" -o "$t" -f "%e %U %S %M" "$@" > "$work/last.log" 2>&1; then
    echo "spark-benchmark: $variant on $n images failed:" >&2
    tail -20 "$work/last.log" >&2
    exit 1
  fi
  echo "$variant $n $(cat "$t")" >> "$results"
}
single() {
  local n="$1"
  measure single "$n" bash -c "./pneumo infer '$work/infer-$n.yaml' && ./pneumo submit '$work/submit-$n.yaml'"
}
spark() {
  local cores="$1" n="$2"
  measure "local[$cores]" "$n" ./pneumo spark-infer --master "local[$cores]" --data "$work/data-$n/dicom-images-test" \
    --config "$work/infer-$n.yaml" --triplet "$triplet" --sample-submission "$work/data-$n/sample_submission.csv" \
    --out "$work/spark-$cores-$n.csv" --partitions $((4 * cores))
}
for r in $(seq 1 "$rounds"); do
  for n in "$half" "$images"; do
    # rotate the order each round and size
    case $(( (r + n) % 3 )) in
      0) single "$n"; spark 1 "$n"; spark 2 "$n" ;;
      1) spark 1 "$n"; spark 2 "$n"; single "$n" ;;
      2) spark 2 "$n"; single "$n"; spark 1 "$n" ;;
    esac
  done
done

for n in "$half" "$images"; do
  for cores in 1 2; do
    cmp -s "$work/spark-$cores-$n.csv" "$work/single-$n.csv" || {
      echo "spark-benchmark: the local[$cores] submission differs from the single-JVM one ($n images)" >&2
      exit 1
    }
  done
done
echo "spark-benchmark: every spark-infer submission is byte-identical to pneumo infer + submit's" >&2

python3 - "$results" "$images" "$half" "$size" "$rounds" <<'EOF'
import statistics, sys
path, images, half, size, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rows = [l.split() for l in open(path) if l.strip()]
variants = ["single", "local[1]", "local[2]"]
label = {"single": "pneumo infer + submit", "local[1]": "spark-infer local[1]", "local[2]": "spark-infer local[2]"}
def med(v, n, i):
    return statistics.median(float(r[i]) for r in rows if r[0] == v and int(r[1]) == n)
out = {}
print(f"{'variant':24} {'n':>5} {'wall s':>8} {'cpu s':>8} {'img/s':>7} {'peak RSS MiB':>13}")
for v in variants:
    for n in (half, images):
        wall, cpu, rss = med(v, n, 2), med(v, n, 3) + med(v, n, 4), med(v, n, 5) / 1024
        out[(v, n)] = (wall, cpu, rss)
        print(f"{label[v]:24} {n:5d} {wall:8.1f} {cpu:8.1f} {n / wall:7.2f} {rss:13.0f}")
print()
base = out[("single", images)]
base_marg = (images - half) / max(1e-9, base[0] - out[("single", half)][0])
parts = []
for v in variants:
    wall, cpu, rss = out[(v, images)]
    marginal = (images - half) / max(1e-9, wall - out[(v, half)][0])
    cpu_per_image = (cpu - out[(v, half)][1]) / (images - half)
    print(f"{label[v]:24} end-to-end {images / wall:6.2f} img/s ({(images / wall) / (images / base[0]):.2f}× single), "
          f"marginal {marginal:6.2f} img/s ({marginal / base_marg:.2f}× single), marginal CPU {cpu_per_image:.3f} s/img, "
          f"peak RSS {out[(v, half)][2]:.0f} → {rss:.0f} MiB ({half} → {images} images)")
    parts.append(f"{v} {images / wall:.2f} img/s ({(images / wall) / (images / base[0]):.2f}x), marginal {marginal / base_marg:.2f}x, RSS {rss:.0f} MiB")
load = open("/proc/loadavg").read().split()[:3]
print(f"spark-benchmark summary: {images} images {size}², {rounds} round(s), load {' '.join(load)}: " + "; ".join(parts))
EOF
