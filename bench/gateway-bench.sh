#!/usr/bin/env bash
# gateway-bench.sh: side-by-side load runs against an OpenAI-compatible gateway on this machine.
#
# Copied from the project's shared tooling (../shared/bench/gateway-bench.sh, written for issue 16's
# measurements) into the repo for `./ladder bench-gateways` (bench/run.sh); changed here: --set (several
# modes, delays and loads against one gateway process) and the peak RSS written to memory.txt.
#
# Starts a fast mock upstream (mock-openai.mjs, fixed ~1 KB chat.completion, optional delay),
# then alternates runs: A = load generator -> mock directly, B = load generator -> gateway -> mock,
# A B A B ... at the same load, and prints medians, the overhead (B - A) and the ratio (B / A).
# Traffic goes to 127.0.0.1 only.
#
# Examples
#   # Portkey (installed from npm into ${TMPDIR:-/tmp}/ladder-peer/portkey on first use), closed loop, 16 connections:
#   gateway-bench.sh --portkey --install-portkey --delay-ms 0,60 --connections 16 --duration 20 --reps 3
#   # open loop at fixed rates:
#   gateway-bench.sh --portkey --mode rate --rate 200,400 --delay-ms 0,60
#   # any gateway already running, that routes to the mock by its own config:
#   gateway-bench.sh --gateway http://127.0.0.1:4000 --gateway-pid 1234 --mock-port 9901 -H 'authorization: Bearer x'
#   # a gateway this script starts (and stops), its config pointing at the mock port:
#   gateway-bench.sh --gateway http://127.0.0.1:4000 --gateway-cmd './ladder serve --config bench.yaml --port 4000'
#
# Options (defaults in brackets)
#   --gateway URL          gateway base URL, e.g. http://127.0.0.1:4000 (loopback only)
#   -H, --header 'K: V'    header sent on via-gateway requests; repeatable. {MOCK_URL} in a value
#                          becomes http://127.0.0.1:<mock port>
#   --path P               request path on both targets [/v1/chat/completions]
#   --gateway-cmd CMD      start the gateway with this shell command, measure and stop it
#   --gateway-pid PID      a running gateway whose RSS and CPU to record (its child processes too)
#   --ready-path P         GET path polled until the gateway answers [/]
#   --portkey              preset: Portkey from ${TMPDIR:-/tmp}/ladder-peer/portkey on 127.0.0.1:--portkey-port, with
#                          x-portkey-provider: openai and x-portkey-custom-host: {MOCK_URL}/v1
#   --install-portkey      npm-install @portkey-ai/gateway (dependency versions pinned to its own
#                          lockfile) into ${TMPDIR:-/tmp}/ladder-peer/portkey if it is not there
#   --portkey-port P       [8787]
#   --portkey-version V    [1.15.2]
#   --mode closed|rate     closed: wrk, fixed connections; rate: olgen, open loop at a fixed rate [closed]
#   --connections LIST     closed mode, comma list [16]
#   --threads N            wrk threads [1]
#   --rate LIST            rate mode, requests/s, comma list [200]
#   --max-conns N          rate mode connection cap [512]
#   --delay-ms LIST        mock upstream delay before answering, comma list [0,60]
#   --set MODE:DELAY:LOAD  one measured set, e.g. closed:0:16 or rate:60:250; repeatable, run in the order
#                          given against the same gateway process; replaces --mode/--delay-ms/--connections/--rate
#   --stream               send "stream": true (SSE: 10 chunks + usage chunk + [DONE])
#   --chunk-delay-ms N     mock delay between SSE chunks [0]
#   --body FILE            request body [a ~250-byte chat request]
#   --duration S           seconds per measured run [15]
#   --warmup S             unrecorded load on each target before each set [3]
#   --reps N               A B pairs per set [3]
#   --mock-port P          [9901]
#   --pin L/G/M            taskset CPU lists for load generator / gateway / mock, e.g. 1/0/0
#                          (the gateway only when this script starts it)
#   --quiet-below CORES    before each run, wait while the machine (idle between runs) is busier than
#                          this many cores, e.g. 0.3; other sessions' builds then don't land in a run [off]
#   --quiet-max-wait S     give up waiting after S seconds and run anyway (logged) [300]
#   --max-other CORES      redo a run (up to 2 more times) when other processes used more than this
#                          many cores during it; the discarded run goes to discarded.tsv [off]
#   --paired               rate mode: run each repetition's direct and via load at the same time (two load
#                          generators, one mock), so both see the same moment of the machine and the mock's own
#                          swings land on both sides of the overhead; the direct row has no CPU figures [off]
#   --out DIR              raw results and logs [TMPDIR/gateway-bench.<time>]
#   --markdown             print the tables as Markdown
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

GATEWAY=""; HEADERS=(); REQ_PATH=/v1/chat/completions; GATEWAY_CMD=""; GATEWAY_PID=""; READY_PATH=/
PORTKEY=0; INSTALL_PORTKEY=0; PORTKEY_PORT=8787; PORTKEY_VERSION=1.15.2; PEER_DIR=${PEER_DIR:-${TMPDIR:-/tmp}/ladder-peer/portkey}
MODE=closed; CONNS=16; THREADS=1; RATES=200; MAX_CONNS=512; DELAYS=0,60; STREAM=0; CHUNK_DELAY=0
SETS=(); BODY=""; DURATION=15; WARMUP=3; REPS=3; MOCK_PORT=9901; PIN=""; OUT=""; MARKDOWN=""; QUIET=""; QUIET_MAX=300; MAX_OTHER=""; PAIRED=0

die() { echo "gateway-bench: $*" >&2; exit 2; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --gateway) need "$@"; GATEWAY=$2; shift 2 ;;
    -H|--header) need "$@"; HEADERS+=("$2"); shift 2 ;;
    --path) need "$@"; REQ_PATH=$2; shift 2 ;;
    --gateway-cmd) need "$@"; GATEWAY_CMD=$2; shift 2 ;;
    --gateway-pid) need "$@"; GATEWAY_PID=$2; shift 2 ;;
    --ready-path) need "$@"; READY_PATH=$2; shift 2 ;;
    --portkey) PORTKEY=1; shift ;;
    --install-portkey) INSTALL_PORTKEY=1; shift ;;
    --portkey-port) need "$@"; PORTKEY_PORT=$2; shift 2 ;;
    --portkey-version) need "$@"; PORTKEY_VERSION=$2; shift 2 ;;
    --mode) need "$@"; MODE=$2; shift 2 ;;
    --connections) need "$@"; CONNS=$2; shift 2 ;;
    --threads) need "$@"; THREADS=$2; shift 2 ;;
    --rate) need "$@"; RATES=$2; shift 2 ;;
    --max-conns) need "$@"; MAX_CONNS=$2; shift 2 ;;
    --delay-ms) need "$@"; DELAYS=$2; shift 2 ;;
    --set) need "$@"; SETS+=("$2"); shift 2 ;;
    --stream) STREAM=1; shift ;;
    --chunk-delay-ms) need "$@"; CHUNK_DELAY=$2; shift 2 ;;
    --body) need "$@"; BODY=$2; shift 2 ;;
    --duration) need "$@"; DURATION=$2; shift 2 ;;
    --warmup) need "$@"; WARMUP=$2; shift 2 ;;
    --reps) need "$@"; REPS=$2; shift 2 ;;
    --mock-port) need "$@"; MOCK_PORT=$2; shift 2 ;;
    --pin) need "$@"; PIN=$2; shift 2 ;;
    --quiet-below) need "$@"; QUIET=$2; shift 2 ;;
    --quiet-max-wait) need "$@"; QUIET_MAX=$2; shift 2 ;;
    --max-other) need "$@"; MAX_OTHER=$2; shift 2 ;;
    --paired) PAIRED=1; shift ;;
    --out) need "$@"; OUT=$2; shift 2 ;;
    --markdown) MARKDOWN=--markdown; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done

case "$MODE" in closed|rate) ;; *) die "--mode must be closed or rate" ;; esac
if [ ${#SETS[@]} -eq 0 ]; then  # the classic form: every delay x every load, one mode
  for delay in ${DELAYS//,/ }; do
    for load in $([ "$MODE" = closed ] && echo "${CONNS//,/ }" || echo "${RATES//,/ }"); do SETS+=("$MODE:$delay:$load"); done
  done
fi
NEED_WRK=0; NEED_OLGEN=0
for set in "${SETS[@]}"; do
  [[ "$set" =~ ^(closed|rate):[0-9]+:[0-9]+$ ]] || die "a set is MODE:DELAY_MS:LOAD with MODE closed or rate, got $set"
  case "$set" in closed:*) NEED_WRK=1 ;; rate:*) NEED_OLGEN=1 ;; esac
done
for v in "$DURATION" "$WARMUP" "$REPS" "$MOCK_PORT" "$PORTKEY_PORT" "$THREADS" "$MAX_CONNS" "$CHUNK_DELAY"; do
  [[ "$v" =~ ^[0-9]+$ ]] || die "not a whole number: $v"
done
[ "$REPS" -ge 1 ] && [ "$DURATION" -ge 1 ] || die "--reps and --duration must be >= 1"
command -v node >/dev/null || die "node is needed (the mock upstream runs on Node.js)"
command -v curl >/dev/null || die "curl is needed"

# ---------------------------------------------------------------- Portkey preset (peer, outside any repo)
install_portkey() {
  command -v npm >/dev/null || die "npm is needed to install Portkey"
  mkdir -p "$PEER_DIR"
  # Versions of Portkey's direct dependencies as in its own package-lock.json at 1.15.2. The npm
  # package ships no lockfile, and the newest @hono/node-server (1.19.x) breaks its streaming
  # ("TypeError: immutable" on every stream: true request).
  cat >"$PEER_DIR/package.json" <<EOF
{
  "name": "portkey-peer",
  "private": true,
  "description": "Portkey AI gateway as a benchmark peer; dependency versions pinned to Portkey's own package-lock.json at 1.15.2",
  "dependencies": { "@portkey-ai/gateway": "$PORTKEY_VERSION" },
  "overrides": {
    "@aws-crypto/sha256-js": "5.2.0", "@cfworker/json-schema": "4.0.3", "@hono/node-server": "1.13.5",
    "@hono/node-ws": "1.2.0", "@portkey-ai/mustache": "2.1.3", "@smithy/signature-v4": "2.1.1",
    "async-retry": "1.3.3", "avsc": "5.7.7", "hono": "4.9.7", "ioredis": "5.8.0", "jose": "6.0.11",
    "ws": "8.18.3", "zod": "3.25.76"
  }
}
EOF
  (cd "$PEER_DIR" && npm install --no-audit --no-fund --loglevel=error) || die "npm install failed in $PEER_DIR"
}
PORTKEY_ENTRY="$PEER_DIR/node_modules/@portkey-ai/gateway/build/start-server.js"
if [ "$INSTALL_PORTKEY" = 1 ]; then
  if [ -f "$PORTKEY_ENTRY" ] && [ "$(node -p "require('$PEER_DIR/node_modules/@portkey-ai/gateway/package.json').version")" = "$PORTKEY_VERSION" ]; then
    echo "# Portkey $PORTKEY_VERSION already installed in $PEER_DIR"
  else
    echo "# installing @portkey-ai/gateway@$PORTKEY_VERSION into $PEER_DIR"; install_portkey
  fi
  if [ "$PORTKEY" = 0 ] && [ -z "$GATEWAY" ]; then exit 0; fi
fi
if [ "$PORTKEY" = 1 ]; then
  [ -f "$PORTKEY_ENTRY" ] || die "Portkey is not installed in $PEER_DIR: add --install-portkey"
  GATEWAY="http://127.0.0.1:$PORTKEY_PORT"
  # Portkey's CLI takes --port=N but has no host option (it listens on every interface):
  # bind-loopback.cjs, preloaded, makes it listen on 127.0.0.1 only.
  GATEWAY_CMD="cd '$PEER_DIR' && exec node --require '$HERE/bind-loopback.cjs' '$PORTKEY_ENTRY' --port=$PORTKEY_PORT --headless"
  HEADERS=("x-portkey-provider: openai" "x-portkey-custom-host: {MOCK_URL}/v1" "authorization: Bearer sk-mock" "${HEADERS[@]}")
fi
[ -n "$GATEWAY" ] || die "--gateway URL (or --portkey) is required"
GATEWAY=${GATEWAY%/}
[[ "$GATEWAY" =~ ^http://(127\.[0-9]+\.[0-9]+\.[0-9]+|localhost):[0-9]+$ ]] || die "--gateway must be http://127.x.x.x:PORT or http://localhost:PORT, got $GATEWAY"
GATEWAY=${GATEWAY/localhost/127.0.0.1}

# ---------------------------------------------------------------- workspace and tools
OUT=${OUT:-${TMPDIR:-/tmp}/gateway-bench.$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
MOCK_URL="http://127.0.0.1:$MOCK_PORT"
if [ "$NEED_WRK" = 1 ]; then
  command -v wrk >/dev/null || die "wrk is needed for --mode closed: apt-get install -y wrk"
fi
if [ "$NEED_OLGEN" = 1 ]; then
  OLGEN="$OUT/olgen"
  command -v cc >/dev/null || die "a C compiler is needed for --mode rate (apt-get install -y gcc)"
  cc -O2 -o "$OLGEN" "$HERE/olgen.c" || die "building olgen failed"
fi
if [ -z "$BODY" ]; then
  BODY="$OUT/body.json"
  extra=""; [ "$STREAM" = 1 ] && extra='"stream":true,"stream_options":{"include_usage":true},'
  printf '{"model":"mock-gpt-4o-mini",%s"messages":[{"role":"system","content":"You are a concise assistant for a software team."},{"role":"user","content":"In two sentences, explain what an LLM gateway does and why teams put one in front of their model providers."}],"temperature":0.2,"max_tokens":256}\n' "$extra" >"$BODY"
fi
[ -f "$BODY" ] || die "no such body file: $BODY"
VIA_HEADERS=()
for h in "${HEADERS[@]}"; do VIA_HEADERS+=("${h//\{MOCK_URL\}/$MOCK_URL}"); done
taskset_for() {  # role index 1=loadgen 2=gateway 3=mock
  [ -n "$PIN" ] || return 0
  local cpus; cpus=$(echo "$PIN" | cut -d/ -f"$1")
  [ -n "$cpus" ] && echo "taskset -c $cpus"
}
LG_PIN=$(taskset_for 1); GW_PIN=$(taskset_for 2); MOCK_PIN=$(taskset_for 3)

# ---------------------------------------------------------------- processes this script starts
tree_pids() {  # PID and all its descendants
  [ -n "$1" ] || return 0
  ps -e -o pid=,ppid= | awk -v root="$1" '{ kids[$2] = kids[$2] " " $1 }
    END { q[1] = root; n = 1; for (i = 1; i <= n; i++) { print q[i]; m = split(kids[q[i]], k, " "); for (j = 1; j <= m; j++) q[++n] = k[j] } }'
}
MOCK_PID=""; STARTED_GW=""
cleanup() {  # stops only what this script started: the mock, and the gateway with its child processes
  [ -n "$MOCK_PID" ] && kill "$MOCK_PID" 2>/dev/null || true
  if [ -n "$STARTED_GW" ]; then
    local p; for p in $(tree_pids "$STARTED_GW" | tac); do kill "$p" 2>/dev/null || true; done
  fi
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() {  # URL TRIES [PID that must stay alive]
  local i
  for ((i = 0; i < $2; i++)); do
    curl -s -o /dev/null --max-time 2 "$1" && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 0.25
  done
  return 1
}
start_mock() {  # DELAY
  if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; MOCK_PID=""; fi
  if curl -s -o /dev/null --max-time 1 "$MOCK_URL/health"; then die "port $MOCK_PORT is taken by another process"; fi
  $MOCK_PIN node "$HERE/mock-openai.mjs" --port "$MOCK_PORT" --delay-ms "$1" --chunks 10 --chunk-delay-ms "$CHUNK_DELAY" >>"$OUT/mock.log" 2>&1 &
  MOCK_PID=$!
  wait_http "$MOCK_URL/health" 80 "$MOCK_PID" || die "mock did not start: $(tail -3 "$OUT/mock.log")"
}
if [ -n "$GATEWAY_CMD" ]; then
  if curl -s -o /dev/null --max-time 1 "$GATEWAY$READY_PATH"; then die "something already answers on $GATEWAY; stop it or use --gateway-pid"; fi
  $GW_PIN bash -c "$GATEWAY_CMD" >"$OUT/gateway.log" 2>&1 &
  STARTED_GW=$!; GATEWAY_PID=$STARTED_GW
  wait_http "$GATEWAY$READY_PATH" 480 "$STARTED_GW" || die "gateway did not answer on $GATEWAY$READY_PATH within 120 s: $(tail -5 "$OUT/gateway.log")"
fi

# ---------------------------------------------------------------- measurement helpers
HZ=$(getconf CLK_TCK)
cpu_ticks() {  # utime+stime of PID and descendants
  local t=0 p s
  for p in $(tree_pids "$1"); do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    s=${s##*) }; set -- $s; t=$((t + ${12} + ${13}))
  done
  echo "$t"
}
rss_kb() {  # VmRSS summed over PID and descendants
  local t=0 p v
  for p in $(tree_pids "$1"); do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null) || continue
    t=$((t + ${v:-0}))
  done
  echo "$t"
}
hwm_kb() { local t=0 p v; for p in $(tree_pids "$1"); do v=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null) || continue; t=$((t + ${v:-0})); done; echo "$t"; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
children_cpu_s() {  # seconds of user+sys CPU on the children line of the `times` builtin's output
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] } print t }' "$1"
}
idle_busy_cores() {  # machine-wide busy cores over 1 s, sampled while this benchmark sends nothing
  local b0 b1; b0=$(busy_ticks); sleep 1; b1=$(busy_ticks)
  awk -v a="$b0" -v b="$b1" -v hz="$HZ" 'BEGIN { printf "%.2f", (b - a) / hz }'
}
wait_quiet() {  # prints the idle busy cores seen last
  local c waited=0
  c=$(idle_busy_cores)
  if [ -n "$QUIET" ]; then
    while awk -v c="$c" -v q="$QUIET" 'BEGIN { exit !(c > q) }'; do
      if [ "$waited" -ge "$QUIET_MAX" ]; then echo "  (machine still busy: $c cores; running anyway)" >&2; break; fi
      [ "$waited" = 0 ] && echo "  (machine busy: $c cores used by others; waiting up to ${QUIET_MAX}s)" >&2
      sleep 2; waited=$((waited + 3)); c=$(idle_busy_cores)
    done
  fi
  echo "$c"
}
mock_requests() { curl -s --max-time 2 "$MOCK_URL/stats" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p'; }

check_target() {  # URL [headers...]: one request, 200 and an answer of the right shape
  local url=$1; shift
  local args=() h
  for h in "$@"; do args+=(-H "$h"); done
  local code
  code=$(curl -s -o "$OUT/check.out" -w '%{http_code}' --max-time 10 -X POST -H 'content-type: application/json' "${args[@]}" --data-binary @"$BODY" "$url") || true
  if [ "$code" != 200 ]; then die "check of $url failed: HTTP $code: $(head -c 300 "$OUT/check.out")"; fi
  if [ "$STREAM" = 1 ]; then grep -q 'data: \[DONE\]' "$OUT/check.out" || die "no [DONE] in the stream from $url"
  else grep -q '"chat.completion"' "$OUT/check.out" || die "no chat.completion in the answer from $url: $(head -c 300 "$OUT/check.out")"; fi
}

run_load() {  # TARGET LOAD SECS OUTFILE: runs the load generator, prints its RESULT line into OUTFILE
  local target=$1 load=$2 secs=$3 outf=$4 url args=() h
  if [ "$target" = direct ]; then url="$MOCK_URL$REQ_PATH"; else url="$GATEWAY$REQ_PATH"; for h in "${VIA_HEADERS[@]}"; do args+=(-H "$h"); done; fi
  if [ "$MODE" = closed ]; then
    local hdrs=""
    [ "$target" = via ] && hdrs=$(printf '%s\n' "${VIA_HEADERS[@]}")
    BENCH_BODY_FILE="$BODY" BENCH_HEADERS="$hdrs" $LG_PIN wrk -t"$THREADS" -c"$load" -d"${secs}s" --timeout 10s \
      -s "$HERE/wrk-post.lua" "$url" >"$outf" 2>&1 || true
  else
    $LG_PIN "$OLGEN" -u "$url" -r "$load" -d "$secs" -c "$MAX_CONNS" -b "$BODY" -t 10000 "${args[@]}" >"$outf" 2>&1 || true
  fi
}

field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" "$2" | head -1; }

COLS="delay_ms load target rep rps p50_ms p90_ms p99_ms p999_ms max_ms mean_ms ttfb_p50_ms ttfb_p99_ms requests non2xx sock_err timeouts unsent upstream_per_req gw_cpu_us_per_req gw_cpu_cores mock_cpu_cores loadgen_cpu_cores other_cpu_cores idle_before_cores gw_rss_kb secs"
RUNS="$OUT/runs.tsv"
echo "$COLS" | tr ' ' '\t' >"$RUNS"

measure() {  # DELAY LOAD TARGET REP
  local delay=$1 load=$2 target=$3 rep=$4 outf="$OUT/run-$1ms-$2-$3-$4.txt"
  local b0 g0 m0 q0 b1 g1 m1 q1 t0 t1 pre
  if [ -n "${PRE_QUIET:-}" ]; then pre=$PRE_QUIET; else pre=$(wait_quiet); fi
  q0=$(mock_requests); g0=$(cpu_ticks "$GATEWAY_PID"); m0=$(cpu_ticks "$MOCK_PID"); b0=$(busy_ticks); t0=$(date +%s.%N)
  times >"$OUT/.times0"   # builtin, in this shell: CPU of waited-for children so far
  run_load "$target" "$load" "$DURATION" "$outf"
  times >"$OUT/.times1"
  t1=$(date +%s.%N); b1=$(busy_ticks); g1=$(cpu_ticks "$GATEWAY_PID"); m1=$(cpu_ticks "$MOCK_PID"); q1=$(mock_requests)
  local l0 l1
  l0=$(children_cpu_s "$OUT/.times0"); l1=$(children_cpu_s "$OUT/.times1")
  if ! grep -q '^RESULT' "$outf"; then echo "gateway-bench: load generator failed:" >&2; tail -5 "$outf" >&2; exit 1; fi
  local rps p50 p90 p99 p999 mx mean tt50 tt99 req n2 se to us
  rps=$(field rps "$outf"); p50=$(field p50_ms "$outf"); p90=$(field p90_ms "$outf"); p99=$(field p99_ms "$outf")
  p999=$(field p999_ms "$outf"); mx=$(field max_ms "$outf"); mean=$(field mean_ms "$outf")
  tt50=$(field ttfb_p50_ms "$outf"); tt99=$(field ttfb_p99_ms "$outf"); req=$(field requests "$outf")
  n2=$(field non2xx "$outf"); se=$(field sock_err "$outf"); to=$(field timeouts "$outf"); us=$(field unsent "$outf")
  awk -v d="$delay" -v l="$load" -v tg="$target" -v rp="$rep" -v rps="$rps" -v p50="$p50" -v p90="$p90" -v p99="$p99" \
      -v p999="$p999" -v mx="$mx" -v mean="$mean" -v tt50="${tt50:--}" -v tt99="${tt99:--}" -v req="$req" -v n2="$n2" -v se="$se" \
      -v to="$to" -v us="${us:-0}" -v q0="${q0:-0}" -v q1="${q1:-0}" -v b0="$b0" -v b1="$b1" -v g0="$g0" -v g1="$g1" -v m0="$m0" -v m1="$m1" \
      -v hz="$HZ" -v pre="$pre" -v l0="$l0" -v l1="$l1" -v t0="$t0" -v t1="$t1" -v rss="$(rss_kb "$GATEWAY_PID")" -v gw="$GATEWAY_PID" -v lmode="$MODE" 'BEGIN {
    wall = t1 - t0; if (wall <= 0) wall = 1
    busy = (b1 - b0) / hz; gcpu = (g1 - g0) / hz; mcpu = (m1 - m0) / hz
    lcpu = l1 - l0
    other = busy - gcpu - mcpu - lcpu   # CPU used by anything but gateway, mock and load generator
    if (other < 0) other = 0
    total = req + n2 + se + to + 0; if (total <= 0) total = 1
    upr = (q1 - q0) / total
    gus = (tg == "via" && gw != "") ? gcpu * 1e6 / total : "-"
    gc = (tg == "via" && gw != "") ? gcpu / wall : "-"
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\t%s\t%.2f\n",
      d, (lmode == "closed" ? "c=" l : "r=" l), tg, rp, rps, p50, p90, p99, p999, mx, mean, tt50, tt99, req, n2, se, to, us, upr,
      (gus == "-" ? "-" : sprintf("%.0f", gus)), (gc == "-" ? "-" : sprintf("%.3f", gc)), mcpu / wall, lcpu / wall, other / wall, pre,
      (gw != "" ? rss : "-"), wall }' >>"$RUNS"
  tail -1 "$RUNS" | awk -F'\t' '{ printf "  %-6s %-6s rep %s: rps %9s  p50 %8s ms  p99 %8s ms  errors %s  upstream/req %s  gw cpu %s us/req  loadgen %s  other %s cores (idle before: %s)\n", $2, $3, $4, $5, $6, $8, $15+$16+$17+$18, $19, $20, $23, $24, $25 }'
}

measure_paired() {  # DELAY LOAD REP: one repetition's direct and via runs at the same time
  local delay=$1 load=$2 rep=$3 outd="$OUT/run-$1ms-$2-direct-$3.txt" bg
  PRE_QUIET=$(wait_quiet)
  run_load direct "$load" "$DURATION" "$outd" &
  bg=$!
  measure "$delay" "$load" via "$rep"   # the gateway's CPU in this window is all via traffic
  wait "$bg" || true
  PRE_QUIET=""
  if ! grep -q '^RESULT' "$outd"; then echo "gateway-bench: load generator failed:" >&2; tail -5 "$outd" >&2; exit 1; fi
  local v x row="$delay"$'\t'"r=$load"$'\t'direct$'\t'"$rep"
  for v in rps p50_ms p90_ms p99_ms p999_ms max_ms mean_ms ttfb_p50_ms ttfb_p99_ms requests non2xx sock_err timeouts unsent; do
    x=$(field "$v" "$outd"); row+=$'\t'"${x:--}"
  done
  for v in 1 2 3 4 5 6 7 8; do row+=$'\t-'; done   # upstream/req and the CPU, idle and RSS columns
  printf '%s\t%s\n' "$row" "$DURATION" >>"$RUNS"
  # the mock counted both runs' requests: the via row's upstream calls per request cannot be told apart here
  local n; n=$(wc -l <"$RUNS")
  awk -F'\t' -v OFS='\t' -v n=$((n - 1)) 'NR == n { $19 = "-" } { print }' "$RUNS" >"$RUNS.tmp" && mv "$RUNS.tmp" "$RUNS"
  tail -1 "$RUNS" | awk -F'\t' '{ printf "  %-6s %-6s rep %s: rps %9s  p50 %8s ms  p99 %8s ms  errors %s  (at the same time as the via run above)\n", $2, $3, $4, $5, $6, $8, $15+$16+$17+$18 }'
}

# ---------------------------------------------------------------- context
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; kernel $(uname -r)"
  echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "node: $(node --version); wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "gateway: $GATEWAY (pid ${GATEWAY_PID:-unknown}); headers: ${VIA_HEADERS[*]:-none}"
  echo "sets (mode:delay ms:connections or req/s): ${SETS[*]}; wrk threads $THREADS; open-loop max conns $MAX_CONNS"
  echo "stream: $STREAM; duration: ${DURATION}s x $REPS reps, warmup ${WARMUP}s; pin: ${PIN:-none}; paired: $PAIRED"
  echo "body: $BODY ($(wc -c <"$BODY") bytes)"
  echo "busiest processes at start:"; ps -eo pid,pcpu,rss,comm --sort=-pcpu | head -6 | sed 's/^/  /'
} | tee "$OUT/context.txt"
RSS_IDLE=""; [ -n "$GATEWAY_PID" ] && RSS_IDLE=$(rss_kb "$GATEWAY_PID")

MOCK_DELAY=""
for set in "${SETS[@]}"; do
  IFS=: read -r MODE delay load <<<"$set"
  if [ "$delay" != "$MOCK_DELAY" ]; then
    start_mock "$delay"; MOCK_DELAY=$delay
    check_target "$MOCK_URL$REQ_PATH"
    check_target "$GATEWAY$REQ_PATH" "${VIA_HEADERS[@]}"
  fi
  echo "# delay ${delay} ms, $([ "$MODE" = closed ] && echo "$load connections" || echo "$load req/s"): warm-up ${WARMUP}s each"
  if [ "$WARMUP" -gt 0 ]; then
    run_load direct "$load" "$WARMUP" "$OUT/warmup-direct.txt"; run_load via "$load" "$WARMUP" "$OUT/warmup-via.txt"
  fi
  for ((rep = 1; rep <= REPS; rep++)); do
    if [ "$PAIRED" = 1 ] && [ "$MODE" = rate ]; then
      for attempt in 1 2 3; do
        measure_paired "$delay" "$load" "$rep"
        [ -n "$MAX_OTHER" ] || break
        other=$(tail -2 "$RUNS" | head -1 | cut -f24)   # the via row's
        awk -v o="$other" -v m="$MAX_OTHER" 'BEGIN { exit !(o > m) }' || break
        if [ "$attempt" = 3 ]; then echo "  (other processes used $other cores; kept after 3 tries)"; break; fi
        echo "  (other processes used $other cores during that pair: discarded, running it again)"
        tail -2 "$RUNS" >>"$OUT/discarded.tsv"; sed -i '$d' "$RUNS"; sed -i '$d' "$RUNS"
      done
      continue
    fi
    for target in direct via; do
      for attempt in 1 2 3; do
        measure "$delay" "$load" "$target" "$rep"
        [ -n "$MAX_OTHER" ] || break
        other=$(tail -1 "$RUNS" | cut -f24)
        awk -v o="$other" -v m="$MAX_OTHER" 'BEGIN { exit !(o > m) }' || break
        if [ "$attempt" = 3 ]; then echo "  (other processes used $other cores; kept after 3 tries)"; break; fi
        echo "  (other processes used $other cores during that run: discarded, running it again)"
        tail -1 "$RUNS" >>"$OUT/discarded.tsv"; sed -i '$d' "$RUNS"
      done
    done
  done
done

echo
node "$HERE/summarize.mjs" "$RUNS" $MARKDOWN | tee "$OUT/summary.txt"
if [ -n "$GATEWAY_PID" ]; then
  echo
  printf 'idle_rss_kb\t%s\npeak_rss_kb\t%s\n' "$RSS_IDLE" "$(hwm_kb "$GATEWAY_PID")" >"$OUT/memory.txt"
  echo "gateway memory: RSS idle $((RSS_IDLE / 1024)) MB (before load), now $(($(rss_kb "$GATEWAY_PID") / 1024)) MB, peak (VmHWM) $(($(hwm_kb "$GATEWAY_PID") / 1024)) MB" | tee -a "$OUT/summary.txt"
fi
echo "other cpu cores = machine-wide busy CPU minus the gateway's, the mock's and the load generator's: processes outside this benchmark (and the kernel's softirq work not charged to a process)" | tee -a "$OUT/summary.txt"
echo "raw runs: $RUNS"
