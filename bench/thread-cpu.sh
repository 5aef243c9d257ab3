#!/usr/bin/env bash
# thread-cpu.sh [JAR_DIR] [SECONDS]: where the gateway's CPU goes, per thread group, per request (issue 16).
# Starts the bench's mock upstream (no delay) and `ladder serve` with ladder-bench.yaml, loads it with wrk
# (16 connections, "model": "ladder/auto") for WARM seconds unrecorded (default 40: the JIT compiler settles
# after about 30 s of load), then SECONDS recorded (default 20), and prints the throughput and each thread
# group's CPU time (all, user and system, from /proc/PID/task/*/stat) divided by the requests served while recorded.
# Thread names are grouped by stripping trailing digits ("ForkJoinPool-1-worker-3" -> "ForkJoinPool-*-worker-*").
# Env: WARM (seconds), JOPTS (extra JVM options), CONNS (wrk connections, default 16), MODEL (the request's
# "model", default ladder/auto; mock-gpt-4o-mini names a model and skips the classifier and router).
# Ports 9932 (mock) and 4632 (gateway).
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JARDIR=${1:-$HERE/../target}; SECS=${2:-20}; WARM=${WARM:-40}; CONNS=${CONNS:-16}; MODEL=${MODEL:-ladder/auto}
OUT=${TMPDIR:-/tmp}/ladder-thread-cpu; mkdir -p "$OUT"
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -1)}
unset LADDER_MASTER_KEY LADDER_MASTER_KEY_FILE LADDER_ADMIN_KEY LADDER_REDIS_URL
export LADDER_BENCH_MOCK_PORT=9932 LADDER_BENCH_PORT=4632 LADDER_BENCH_DATA_DIR=$OUT/data
rm -rf "$LADDER_BENCH_DATA_DIR"
printf '{"model":"%s","messages":[{"role":"system","content":"You are a concise assistant for a software team."},{"role":"user","content":"In two sentences, explain what an LLM gateway does and why teams put one in front of their model providers."}],"temperature":0.2,"max_tokens":256}\n' "$MODEL" >"$OUT/body-auto.json"
node "$HERE/mock-openai.mjs" --port 9932 --delay-ms 0 >"$OUT/mock.log" 2>&1 &
MOCK=$!
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -Xmx1024m -XX:+UseG1GC ${JOPTS:-} -jar "$JARDIR/ladder.jar" serve --config "$HERE/ladder-bench.yaml" \
  >"$OUT/serve.log" 2>&1 &
GW=$!
trap 'kill $GW $MOCK 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:4632/health/ready" && break; sleep 0.5; done
load() { BENCH_BODY_FILE="$OUT/body-auto.json" wrk -t1 -c"$CONNS" -d"$1s" -s "$HERE/wrk-post.lua" http://127.0.0.1:4632/v1/chat/completions; }
snapshot() {  # thread id <TAB> name <TAB> utime ticks <TAB> stime ticks, one line per thread
  for t in /proc/$GW/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    name=${s#*(}; name=${name%)*}; rest=${s##*) }
    # shellcheck disable=SC2086
    set -- $rest
    printf '%s\t%s\t%s\t%s\n' "${t##*/}" "$name" "${12}" "${13}"
  done
}
load "$WARM" >/dev/null
snapshot >"$OUT/before.tsv"
R=$(load "$SECS" | grep RESULT)
snapshot >"$OUT/after.tsv"
N=$(echo "$R" | sed 's/.*requests=\([0-9]*\).*/\1/')
echo "$R"
echo "model $MODEL, $CONNS connections"
echo "recorded ${SECS}s after ${WARM}s of warm-up; CPU per request by thread group (us, 100 Hz clock ticks):"
echo "      all     user   system  thread group"
awk -F'\t' -v n="$N" '
  NR == FNR { u0[$1] = $3; s0[$1] = $4; next }
  { g = $2; gsub(/[0-9]+/, "*", g); du = $3 - ($1 in u0 ? u0[$1] : 0); ds = $4 - ($1 in s0 ? s0[$1] : 0)
    user[g] += du; sys[g] += ds; tu += du; ts += ds }
  END {
    for (g in user) if (user[g] + sys[g] > 0)
      printf "%9.1f %8.1f %8.1f  %s\n", (user[g] + sys[g]) * 10000 / n, user[g] * 10000 / n, sys[g] * 10000 / n, g
    printf "%9.1f %8.1f %8.1f  total\n", (tu + ts) * 10000 / n, tu * 10000 / n, ts * 10000 / n
  }' "$OUT/before.tsv" "$OUT/after.tsv" | sort -rn
