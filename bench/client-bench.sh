#!/usr/bin/env bash
# client-bench.sh [ROUNDS] [SECS]: the JDK HTTP client (as Ladder uses it, and as it used it before) against
# Helidon's WebClient 4.5.0, alternated, each in a fresh JVM against the bench's mock upstream (no delay, port
# 9934), 16 concurrent calls, 15 s unrecorded then SECS (default 15) recorded; ROUNDS (default 2) rounds. Prints
# one RESULT line per run: requests per second and the client process's CPU per request (issue 16: is a leaner
# upstream client worth the rewrite?). Resolves Helidon WebClient from Maven Central with the repo's Maven wrapper.
set -eu
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROUNDS=${1:-2}; SECS=${2:-15}
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -1)}
OUT=${TMPDIR:-/tmp}/ladder-client-bench; mkdir -p "$OUT/classes"
"$HERE/../mvnw" -B -q -f "$HERE/client-bench/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP=$(cat "$OUT/cp.txt")
"$JAVA_HOME/bin/javac" -d "$OUT/classes" -cp "$CP" "$HERE/client-bench/ClientBench.java"
node "$HERE/mock-openai.mjs" --port 9934 --delay-ms 0 >"$OUT/mock.log" 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null' EXIT
sleep 1
for round in $(seq 1 "$ROUNDS"); do
  for kind in ${KINDS:-jdk-async jdk-send helidon raw}; do
    echo "round=$round $("$JAVA_HOME/bin/java" -cp "$OUT/classes:$CP" ClientBench "$kind" 9934 15 "$SECS" | grep RESULT)"
  done
done
