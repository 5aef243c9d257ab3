#!/usr/bin/env bash
# profile-routed.sh [JAR_DIR] [NAME] [SECONDS]: a JFR profile of `ladder serve` on the routed path (issue 16).
# Starts the bench's mock upstream (mock-openai.mjs, no delay) and `ladder serve` with ladder-bench.yaml under
# JFR (settings=profile: jdk.ExecutionSample every 10-20 ms, jdk.ObjectAllocationSample), loads it with wrk
# (16 connections, "model": "ladder/auto", the body of run.sh) for 15 s unrecorded and SECONDS recorded, and
# prints the throughput and the gateway's CPU per request. Then summarise with
#   python3 bench/jfr-summary.py /tmp/ladder-profile/NAME.jfr 30 > docs/profiles/NAME.md
# JAR_DIR holds ladder.jar and lib/ (default: target). Ports 9931 (mock) and 4631 (gateway). async-profiler is
# not used: it is not on Maven Central, the only registry reachable from the build machine.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JARDIR=${1:-$HERE/../target}; NAME=${2:-routed}; SECS=${3:-30}
OUT=${TMPDIR:-/tmp}/ladder-profile; mkdir -p "$OUT"
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -1)}
unset LADDER_MASTER_KEY LADDER_MASTER_KEY_FILE LADDER_ADMIN_KEY LADDER_REDIS_URL
export LADDER_BENCH_MOCK_PORT=9931 LADDER_BENCH_PORT=4631 LADDER_BENCH_DATA_DIR=$OUT/data-$NAME
rm -rf "$LADDER_BENCH_DATA_DIR"
printf '{"model":"ladder/auto","messages":[{"role":"system","content":"You are a concise assistant for a software team."},{"role":"user","content":"In two sentences, explain what an LLM gateway does and why teams put one in front of their model providers."}],"temperature":0.2,"max_tokens":256}\n' >"$OUT/body-auto.json"
node "$HERE/mock-openai.mjs" --port 9931 --delay-ms 0 >"$OUT/mock-$NAME.log" 2>&1 &
MOCK=$!
"$JAVA_HOME/bin/java" -Xmx1024m -XX:+UseG1GC -XX:StartFlightRecording=filename="$OUT/$NAME.jfr",settings=profile,delay=15s \
  -jar "$JARDIR/ladder.jar" serve --config "$HERE/ladder-bench.yaml" >"$OUT/serve-$NAME.log" 2>&1 &
GW=$!
trap 'kill $GW $MOCK 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:4631/health/ready" && break; sleep 0.5; done
BENCH_BODY_FILE="$OUT/body-auto.json" wrk -t1 -c16 -d15s -s "$HERE/wrk-post.lua" http://127.0.0.1:4631/v1/chat/completions >/dev/null
T0=$(awk '{print $14+$15}' /proc/$GW/stat)
R=$(BENCH_BODY_FILE="$OUT/body-auto.json" wrk -t1 -c16 -d"${SECS}s" -s "$HERE/wrk-post.lua" http://127.0.0.1:4631/v1/chat/completions | grep RESULT)
T1=$(awk '{print $14+$15}' /proc/$GW/stat)
N=$(echo "$R" | sed 's/.*requests=\([0-9]*\).*/\1/')
echo "$R"
echo "gateway CPU: $(( (T1 - T0) * 10 )) ms over $N requests = $(( (T1 - T0) * 10000 / N )) us/request (clock ticks at 100 Hz)"
"$JAVA_HOME/bin/jcmd" $GW JFR.dump filename="$OUT/$NAME.jfr" >/dev/null
echo "recording: $OUT/$NAME.jfr"
