#!/usr/bin/env bash
# Builds the benchmarks and runs JMH with the given arguments, e.g.
#   pneumo-benchmarks/run.sh 'RleBenchmark' -f 1 -wi 3 -i 5
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -DskipTests -pl pneumo-benchmarks -am package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
cp="$root/pneumo-benchmarks/target/classes:$(cat "$root/pneumo-benchmarks/target/classpath.txt")"
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
