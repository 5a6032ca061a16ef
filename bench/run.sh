#!/usr/bin/env bash
# Runs the benchmark harness from the repository root: builds the jars it needs when they are
# missing, then passes every argument through (--help lists them). With no arguments: every
# scenario against direct, nginx and the gateway.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$JAVA" >/dev/null 2>&1; then
  echo "The benchmark needs a JDK 17 or newer: install one or set JAVA_HOME." >&2
  exit 1
fi

BENCH_JAR=bench/target/openai-balance-bench.jar
for jar in "$BENCH_JAR" gateway/target/openai-balance.jar \
    mock-upstream/target/mock-upstream-0.1.0-SNAPSHOT-all.jar; do
  if [ ! -f "$jar" ]; then
    echo "Building (missing $jar) ..." >&2
    ./mvnw -q -B -DskipTests package
    break
  fi
done

# The driver shares the machine with what it measures: a small heap and the serial GC keep its
# own footprint small; BENCH_JAVA_OPTS overrides.
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx1g}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec "$JAVA" $BENCH_JAVA_OPTS -jar "$BENCH_JAR" "$@"
