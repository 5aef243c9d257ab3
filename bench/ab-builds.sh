#!/usr/bin/env bash
# ab-builds.sh OUT ROUNDS SECS JAR_DIR...: two or more builds of Ladder, alternated, each started fresh (issue 16).
# For each round and each JAR_DIR (holding ladder.jar and lib/): the bench's mock upstream (no delay, started once),
# `ladder serve` with bench/ladder-bench.yaml, WARM seconds (env, default 30) of unrecorded wrk load (16 connections, "model": "ladder/auto"),
# then SECS seconds recorded; appends one line per run to OUT: throughput, requests, the gateway's CPU (user +
# system, from /proc) per request and the load average before and after. Alternating old and new builds in one
# sitting is how to compare them on a shared machine; compare medians. Ports 9932 (mock) and 4632 (gateway).
#   bench/ab-builds.sh /tmp/ab.txt 3 20 /tmp/ladder-old target
# PIN=G/L (env) pins the gateway to CPU list G and the mock and wrk to CPU list L (taskset), e.g. PIN=1/0: the
# gateway then has a core of its own and does not share it with the load, which steadies its CPU per request.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT=$1; ROUNDS=$2; SECS=$3; shift 3
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -1)}
unset LADDER_MASTER_KEY LADDER_MASTER_KEY_FILE LADDER_ADMIN_KEY LADDER_REDIS_URL
export LADDER_BENCH_MOCK_PORT=9932 LADDER_BENCH_PORT=4632 LADDER_BENCH_DATA_DIR=${TMPDIR:-/tmp}/ladder-ab-data
BODY=${TMPDIR:-/tmp}/ladder-ab-body.json
printf '{"model":"ladder/auto","messages":[{"role":"system","content":"You are a concise assistant for a software team."},{"role":"user","content":"In two sentences, explain what an LLM gateway does and why teams put one in front of their model providers."}],"temperature":0.2,"max_tokens":256}\n' >"$BODY"
PIN_GW=""; PIN_LOAD=""
if [ -n "${PIN:-}" ]; then PIN_GW="taskset -c ${PIN%%/*}"; PIN_LOAD="taskset -c ${PIN##*/}"; fi
$PIN_LOAD node "$HERE/mock-openai.mjs" --port 9932 --delay-ms 0 >/dev/null 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null' EXIT
sleep 1
URL=http://127.0.0.1:4632/v1/chat/completions
for r in $(seq 1 "$ROUNDS"); do
  for J in "$@"; do
    rm -rf "$LADDER_BENCH_DATA_DIR"
    $PIN_GW "$JAVA_HOME/bin/java" -Xmx1024m -XX:+UseG1GC -jar "$J/ladder.jar" serve --config "$HERE/ladder-bench.yaml" >/dev/null 2>&1 &
    GW=$!
    for _ in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:4632/health/ready && break; sleep 0.5; done
    BENCH_BODY_FILE="$BODY" $PIN_LOAD wrk -t1 -c16 -d"${WARM:-30}s" -s "$HERE/wrk-post.lua" "$URL" >/dev/null
    T0=$(awk '{print $14+$15}' /proc/$GW/stat); L0=$(awk '{print $1}' /proc/loadavg)
    R=$(BENCH_BODY_FILE="$BODY" $PIN_LOAD wrk -t1 -c16 -d"${SECS}s" -s "$HERE/wrk-post.lua" "$URL" | grep RESULT)
    T1=$(awk '{print $14+$15}' /proc/$GW/stat); L1=$(awk '{print $1}' /proc/loadavg)
    N=$(echo "$R" | sed 's/.*requests=\([0-9]*\).*/\1/'); RPS=$(echo "$R" | sed 's/.*rps=\([0-9.]*\).*/\1/')
    echo "round=$r build=$J rps=$RPS requests=$N cpu_us_per_req=$(( (T1 - T0) * 10000 / N )) load=$L0-$L1" | tee -a "$OUT"
    kill $GW; wait $GW 2>/dev/null
  done
done
