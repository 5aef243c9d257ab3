#!/usr/bin/env bash
# run.sh (`./ladder bench-gateways`): Ladder and Portkey side by side on this machine, in one sitting, against
# the same mock upstream (issue 16). Three gateways, one after the other, each started fresh and measured by
# gateway-bench.sh (alternating runs through the gateway with runs straight to the mock):
#   1. Portkey 1.15.2 (npm; installed on first use into ${TMPDIR:-/tmp}/ladder-peer/portkey, outside the repo)
#   2. Ladder, bench/ladder-bench.yaml, the request naming a model ("model": "mock-gpt-4o-mini")
#   3. Ladder, the same config, "model": "ladder/auto" (classifier and router in the path)
# Each gets two sets: closed loop at saturation (wrk, --connections, no upstream delay), then open loop at a
# fixed rate (olgen, --rate, --delay-ms upstream delay). Then compare.mjs prints the table of ratios and
# issue 16's targets. Decision log and metrics are on; no master key (the gateway is open on loopback).
#
# Options (defaults in brackets)
#   --duration S        seconds per measured run [10]
#   --reps N            direct/via pairs per set [3]
#   --warmup S          unrecorded load on each target before each set [40: the JVM compiles for about 30 s under load]
#   --connections N     closed-loop connections [16]
#   --rate R            open-loop requests/s [250]
#   --delay-ms D        upstream delay for the open-loop set [60]
#   --quiet-below C     wait before each run while other processes use more than C cores [off]
#   --quiet-max-wait S  ... but at most S seconds per run, then run anyway (logged) [20]
#   --max-other C       redo a run (up to twice) when processes outside the benchmark used more than C cores
#                       during it; the discarded runs go to discarded.tsv [off]
#   --paired            the open-loop set's direct and via runs of a repetition at the same time (two load
#                       generators, one mock): the mock's swings then land on both sides of the overhead [off]
#   --only LIST         comma list of portkey, ladder-named, ladder-auto [all three]
#   --out DIR           results [${TMPDIR:-/tmp}/ladder-bench-gateways.<time>]
#   --mock-port P / --ladder-port P / --portkey-port P   [9911 / 4610 / 8797]
#   --markdown          print the tables as Markdown
# Needs node and npm, curl, wrk (apt-get install -y wrk), cc; a JDK 25 (the launcher finds it).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")

DURATION=10; REPS=3; WARMUP=40; CONNS=16; RATE=250; DELAY=60; QUIET=""; QUIET_MAX=20; MAX_OTHER=""; PAIRED=""; ONLY=portkey,ladder-named,ladder-auto
OUT=""; MOCK_PORT=9911; LADDER_PORT=4610; PORTKEY_PORT=8797; MARKDOWN=""
die() { echo "bench-gateways: $*" >&2; exit 2; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) need "$@"; DURATION=$2; shift 2 ;;
    --reps) need "$@"; REPS=$2; shift 2 ;;
    --warmup) need "$@"; WARMUP=$2; shift 2 ;;
    --connections) need "$@"; CONNS=$2; shift 2 ;;
    --rate) need "$@"; RATE=$2; shift 2 ;;
    --delay-ms) need "$@"; DELAY=$2; shift 2 ;;
    --quiet-below) need "$@"; QUIET=$2; shift 2 ;;
    --quiet-max-wait) need "$@"; QUIET_MAX=$2; shift 2 ;;
    --max-other) need "$@"; MAX_OTHER=$2; shift 2 ;;
    --paired) PAIRED=--paired; shift ;;
    --only) need "$@"; ONLY=$2; shift 2 ;;
    --out) need "$@"; OUT=$2; shift 2 ;;
    --mock-port) need "$@"; MOCK_PORT=$2; shift 2 ;;
    --ladder-port) need "$@"; LADDER_PORT=$2; shift 2 ;;
    --portkey-port) need "$@"; PORTKEY_PORT=$2; shift 2 ;;
    --markdown) MARKDOWN=--markdown; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
for v in "$DURATION" "$REPS" "$WARMUP" "$CONNS" "$RATE" "$DELAY" "$QUIET_MAX" "$MOCK_PORT" "$LADDER_PORT" "$PORTKEY_PORT"; do
  [[ "$v" =~ ^[0-9]+$ ]] || die "not a whole number: $v"
done
for g in ${ONLY//,/ }; do case "$g" in portkey|ladder-named|ladder-auto) ;; *) die "--only takes portkey, ladder-named, ladder-auto; got $g" ;; esac; done
for tool in node npm curl wrk cc; do
  command -v "$tool" >/dev/null || die "$tool is needed$([ "$tool" = wrk ] && echo ': apt-get install -y wrk')"
done

# The bench measures the gateway open on loopback: no master key, so no virtual keys either.
unset LADDER_MASTER_KEY LADDER_MASTER_KEY_FILE LADDER_ADMIN_KEY LADDER_REDIS_URL

OUT=${OUT:-${TMPDIR:-/tmp}/ladder-bench-gateways.$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
body() {  # MODEL FILE: the same ~250-byte chat request for every gateway, only the model differs
  printf '{"model":"%s","messages":[{"role":"system","content":"You are a concise assistant for a software team."},{"role":"user","content":"In two sentences, explain what an LLM gateway does and why teams put one in front of their model providers."}],"temperature":0.2,"max_tokens":256}\n' "$1" >"$2"
}
body mock-gpt-4o-mini "$OUT/body-named.json"
body ladder/auto "$OUT/body-auto.json"

COMMON=(--set "closed:0:$CONNS" --set "rate:$DELAY:$RATE" --duration "$DURATION" --reps "$REPS" --warmup "$WARMUP"
        --mock-port "$MOCK_PORT" --quiet-max-wait "$QUIET_MAX")
[ -n "$QUIET" ] && COMMON+=(--quiet-below "$QUIET")
[ -n "$MAX_OTHER" ] && COMMON+=(--max-other "$MAX_OTHER")
[ -n "$PAIRED" ] && COMMON+=(--paired)
export LADDER_BENCH_MOCK_PORT=$MOCK_PORT LADDER_BENCH_PORT=$LADDER_PORT

{ echo "bench-gateways: $(date -u +%FT%TZ), $(nproc) cores, results in $OUT"
  echo "command: ${0##*/} --duration $DURATION --reps $REPS --warmup $WARMUP --connections $CONNS --rate $RATE --delay-ms $DELAY${QUIET:+ --quiet-below $QUIET --quiet-max-wait $QUIET_MAX}${MAX_OTHER:+ --max-other $MAX_OTHER}${PAIRED:+ --paired}"; } | tee "$OUT/context.txt"

for g in ${ONLY//,/ }; do
  echo; echo "=== $g"
  case "$g" in
    portkey)
      bash "$HERE/gateway-bench.sh" --portkey --install-portkey --portkey-port "$PORTKEY_PORT" --body "$OUT/body-named.json" \
        "${COMMON[@]}" --out "$OUT/portkey" ;;
    ladder-named|ladder-auto)
      data="$OUT/$g/data"; mkdir -p "$data"
      bodyf="$OUT/body-named.json"; [ "$g" = ladder-auto ] && bodyf="$OUT/body-auto.json"
      LADDER_BENCH_DATA_DIR=$data bash "$HERE/gateway-bench.sh" --gateway "http://127.0.0.1:$LADDER_PORT" --ready-path /health/ready \
        --gateway-cmd "exec '$ROOT/ladder' serve --config '$HERE/ladder-bench.yaml'" --body "$bodyf" \
        "${COMMON[@]}" --out "$OUT/$g" ;;
  esac
done

echo; echo "=== Ladder against Portkey, one sitting ($(nproc) cores, $(date -u +%F))"
node "$HERE/compare.mjs" "$OUT" --connections "$CONNS" --rate "$RATE" --delay-ms "$DELAY" $MARKDOWN | tee "$OUT/compare.txt"
