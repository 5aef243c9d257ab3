#!/usr/bin/env bash
# perf-threads.sh [JAR_DIR] [THREAD_PATTERN]: where one thread group's CPU goes, native and kernel frames included
# (issue 16). Same setup and load as syscalls.sh; after 40 s of load, `perf record` samples the gateway's threads
# whose name matches THREAD_PATTERN (default ForkJoinPool: the request threads; ladder-decision: the decision-log
# writer) for 10 s, then prints the shares by library and the top symbols. Java frames are named from the JVM's
# perf map (-XX:+DumpPerfMapAtExit). Needs perf (apt-get install -y linux-perf).
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/common.sh"
JARDIR=${1:-$HERE/../target}; PAT=${2:-ForkJoinPool}; OUT=${TMPDIR:-/tmp}/ladder-perf-threads; mkdir -p "$OUT"
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -1)}
bench_open_gateway
export LADDER_BENCH_MOCK_PORT=9932 LADDER_BENCH_PORT=4632 LADDER_BENCH_DATA_DIR=$OUT/data
rm -rf "$LADDER_BENCH_DATA_DIR"
bench_body "ladder/auto" "$OUT/body.json"
node "$HERE/mock-openai.mjs" --port 9932 --delay-ms 0 >"$OUT/mock.log" 2>&1 &
MOCK=$!
"$JAVA_HOME/bin/java" -Xmx1024m -XX:+UseG1GC -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
  -jar "$JARDIR/ladder.jar" serve --config "$HERE/ladder-bench.yaml" >"$OUT/serve.log" 2>&1 &
GW=$!
trap 'kill $GW $MOCK 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:4632/health/ready" && break; sleep 0.5; done
BENCH_BODY_FILE="$OUT/body.json" wrk -t1 -c16 -d55s -s "$HERE/wrk-post.lua" http://127.0.0.1:4632/v1/chat/completions \
  >"$OUT/wrk.txt" &
W=$!
sleep 40
TIDS=$(for t in /proc/$GW/task/*; do echo "${t##*/} $(cat "$t/comm")"; done | awk -v p="$PAT" '$0 ~ p { print $1 }' | paste -sd,)
perf record -F 999 -g -t "$TIDS" -o "$OUT/perf.data" -- sleep 10 >/dev/null 2>&1
wait $W
kill $GW; wait $GW 2>/dev/null   # the JVM writes /tmp/perf-PID.map as it exits
perf report -i "$OUT/perf.data" --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
perf report -i "$OUT/perf.data" --no-children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
