#!/usr/bin/env bash
# Checks the cluster recipe of docs/scale-out.md without a cluster: builds the application jar
# (-Pspark-app: pneumo without Spark and without the PyTorch natives), then runs it through Spark's own
# SparkSubmit class on a Spark class path made from Maven Central (what a Spark distribution's jars/
# folder holds), with the CPU natives passed by --jars, and compares the submission byte for byte with
# `pneumo infer` + `pneumo submit` on the same small synthetic set. One command; the last line says
# whether it passed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="${WORK:-$(mktemp -d /tmp/pneumo-spark-submit.XXXXXX)}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"

./mvnw -q -B -Pspark-app -DskipTests -pl pneumo-examples -am package \
  dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile=target/provided-classpath.txt >&2
app="pneumo-examples/target/pneumo-examples-$version-spark-app.jar"
# The stand-in for $SPARK_HOME/jars: Spark's provided class path, less pneumo's own dependencies.
spark_cp="$(tr ':' '\n' < pneumo-spark/target/provided-classpath.txt \
  | grep -v -e '/io/github/pneumo/' -e '/ai/djl/' -e '/net/java/dev/jna/' -e '/com/google/code/gson/' \
      -e '/com/twelvemonkeys/' -e '/com/github/jai-imageio/' -e '/com/google/guava/' -e '/org/jspecify/' | paste -sd:)"
natives="$(tr ':' '\n' < pneumo-examples/target/classpath.txt 2>/dev/null | grep pytorch-native || true)"
if [[ -z "$natives" ]]; then
  natives="$(find "$HOME/.m2/repository/ai/djl/pytorch/pytorch-native-cpu" -name '*linux-x86_64.jar' | head -1)"
fi

./pneumo synth --out "$work/data" --train 0 --test 8 --size 64 --seed 42 >/dev/null
pneumo-spark/bench/random-weights.sh "$work/albunet.safetensors"
printf 'ARCHITECTURE: albunet\nDATA_DIRECTORY: data/dicom-images-test\nCHECKPOINTS: [albunet.safetensors]\nRESULT_FOLDER: maps\n' \
  > "$work/infer.yaml"
printf 'SAMPLE_SUB: data/sample_submission.csv\nMASK_DICT: maps\nTOP_SCORE_THRESHOLD: 0.4\nAREA_THRESHOLD: 5\nBOTTOM_SCORE_THRESHOLD: 0.3\nSUB_FILE: single.csv\n' \
  > "$work/submit.yaml"
./pneumo infer "$work/infer.yaml" >/dev/null 2>&1
./pneumo submit "$work/submit.yaml" >/dev/null

# shellcheck disable=SC2086 # the flags are a word list
java -Xmx2g $flags -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit \
  --master 'local[2]' --conf spark.ui.enabled=false \
  --driver-java-options "-Dai.djl.offline=true" \
  --jars "$natives" \
  --class io.github.pneumo.examples.cli.PneumoCli "$app" \
  spark-infer --data "$work/data/dicom-images-test" --config "$work/infer.yaml" --triplet 0.4,5,0.3 \
  --sample-submission "$work/data/sample_submission.csv" --out "$work/spark.csv" > "$work/spark-submit.log" 2>&1 \
  || { tail -30 "$work/spark-submit.log" >&2; echo "spark-submit-smoke: FAILED (spark-submit)"; exit 1; }
grep '^wrote\|^spark-infer' "$work/spark-submit.log" >&2
if cmp -s "$work/spark.csv" "$work/single.csv"; then
  echo "spark-submit-smoke: passed: $(basename "$app") ($(du -h "$app" | cut -f1)) through SparkSubmit wrote the same bytes as pneumo infer + submit"
else
  echo "spark-submit-smoke: FAILED: the submissions differ ($work)"
  exit 1
fi
