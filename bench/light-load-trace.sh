#!/usr/bin/env bash
# light-load-trace.sh [RATE] [SECONDS] [DELAY_MS]: where one request's time goes at light load (issue 16's p99
# work). Copies this working tree (without target/) to a scratch directory, applies light-load-trace.patch there
# (System.nanoTime at fixed points of a non-streamed chat request: parsing, each stage, the upstream write, the
# wait, the response, the finish and its listeners, the send), builds it, runs it on bench/ladder-bench.yaml
# against the bench's mock (DELAY_MS before each answer, default 0), warms it (20 s of wrk, then the rate), then
# runs the open-loop generator at RATE req/s (default 250) for SECONDS (default 20) straight to the mock, then
# through the gateway, then GET /health/live at the same rate (the hop to the gateway and back with no work behind
# it: the floor any proxy pays), and prints the latency lines and a Markdown table of the time between
# consecutive marks.
# The releasable build has none of these marks. MODEL (default ladder/auto) names the model asked for.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; ROOT="$(cd "$HERE/.." && pwd)"
. "$HERE/common.sh"
RATE=${1:-250}; SECS=${2:-20}; DELAY=${3:-0}; MODEL=${MODEL:-ladder/auto}
OUT=${TMPDIR:-/tmp}/ladder-light-load-trace; SRC=$OUT/src
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
mkdir -p "$OUT"; rm -rf "$SRC" "$OUT/trace"; mkdir -p "$SRC" "$OUT/trace"
tar -C "$ROOT" --exclude=./target --exclude=./.git -cf - . | tar -C "$SRC" -xf -
(cd "$SRC" && patch -s -p1 <"$HERE/light-load-trace.patch")
(cd "$SRC" && ./mvnw -B -q -DskipTests package) >"$OUT/build.log" 2>&1 || { echo "build failed: $OUT/build.log" >&2; exit 1; }
cc -O2 -o "$OUT/olgen" "$HERE/olgen.c"
bench_open_gateway
export LADDER_BENCH_MOCK_PORT=9941 LADDER_BENCH_PORT=4641 LADDER_BENCH_DATA_DIR=$OUT/data
rm -rf "$LADDER_BENCH_DATA_DIR"
bench_body "$MODEL" "$OUT/body.json"
node "$HERE/mock-openai.mjs" --port 9941 --delay-ms "$DELAY" >"$OUT/mock.log" 2>&1 &
MOCK=$!
LADDER_JAVA_OPTS="-Dladder.trace=true -Dladder.trace.dir=$OUT/trace" "$SRC/ladder" serve --config "$HERE/ladder-bench.yaml" \
  >"$OUT/serve.log" 2>&1 &
GW=$!
trap 'kill $GW $MOCK 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:4641/health/ready && break; sleep 0.5; done
G=http://127.0.0.1:4641/v1/chat/completions; M=http://127.0.0.1:9941/v1/chat/completions
run() { "$OUT/olgen" -u "$1" -r "$RATE" -d "$2" -b "$OUT/body.json" -H 'content-type: application/json'; }
BENCH_BODY_FILE="$OUT/body.json" wrk -t1 -c16 -d20s -s "$HERE/wrk-post.lua" "$G" >/dev/null
run "$G" 10 >/dev/null
echo "direct: $(run "$M" "$SECS" | grep -o 'p50_ms.*p999_ms=[0-9.]*')"
touch "$OUT/trace/reset"; sleep 1
echo "via:    $(run "$G" "$SECS" | grep -o 'p50_ms.*p999_ms=[0-9.]*')"
touch "$OUT/trace/dump"
echo "floor:  $("$OUT/olgen" -u http://127.0.0.1:4641/health/live -m GET -r "$RATE" -d "$SECS" | grep -o 'p50_ms.*p999_ms=[0-9.]*')  (GET /health/live: the same hop with no work behind it)"
for _ in $(seq 1 50); do [ -s "$OUT/trace/trace.txt" ] && break; sleep 0.2; done
echo; cat "$OUT/trace/trace.txt"
