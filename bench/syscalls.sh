#!/usr/bin/env bash
# syscalls.sh [JAR_DIR]: system calls per request by thread group (issue 16). Starts the bench's mock (no delay) and
# `ladder serve` with ladder-bench.yaml, loads it with wrk (16 connections, "model": "ladder/auto") for 60 s, and
# after 40 s traces the gateway for 5 s with `strace -f`; requests are counted as the responses it wrote
# ("HTTP/1.1 200"). strace slows the gateway, so the rate under it is no measure; the counts per request are.
# Needs strace (apt-get install -y strace). Ports 9932 (mock) and 4632 (gateway).
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/common.sh"
JARDIR=${1:-$HERE/../target}; OUT=${TMPDIR:-/tmp}/ladder-syscalls; mkdir -p "$OUT"
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -1)}
bench_open_gateway
export LADDER_BENCH_MOCK_PORT=9932 LADDER_BENCH_PORT=4632 LADDER_BENCH_DATA_DIR=$OUT/data
rm -rf "$LADDER_BENCH_DATA_DIR"
bench_body "ladder/auto" "$OUT/body.json"
node "$HERE/mock-openai.mjs" --port 9932 --delay-ms 0 >"$OUT/mock.log" 2>&1 &
MOCK=$!
"$JAVA_HOME/bin/java" -Xmx1024m -XX:+UseG1GC -jar "$JARDIR/ladder.jar" serve --config "$HERE/ladder-bench.yaml" \
  >"$OUT/serve.log" 2>&1 &
GW=$!
trap 'kill $GW $MOCK 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:4632/health/ready" && break; sleep 0.5; done
BENCH_BODY_FILE="$OUT/body.json" wrk -t1 -c16 -d60s -s "$HERE/wrk-post.lua" http://127.0.0.1:4632/v1/chat/completions \
  >"$OUT/wrk.txt" &
W=$!
sleep 40
for t in /proc/$GW/task/*; do echo "${t##*/} $(cat "$t/comm")"; done >"$OUT/names.txt"
timeout 5 strace -f -qq -p $GW -o "$OUT/trace.txt" 2>/dev/null
wait $W
R=$(grep -cE ' write\(.*"HTTP/1.1 200' "$OUT/trace.txt")
echo "responses traced: $R; system calls per request by thread group:"
awk -v r="$R" 'NR == FNR { g = $2; gsub(/[0-9]+/, "*", g); name[$1] = g; next }
  $2 !~ /^<\.\.\./ { sc = $2; sub(/\(.*/, "", sc); c[name[$1] " " sc]++ }
  END { for (k in c) if (c[k] / r >= 0.01) printf "%8.2f %s\n", c[k] / r, k }' "$OUT/names.txt" "$OUT/trace.txt" | sort -rn
