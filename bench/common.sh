# common.sh: sourced by the bench scripts that start their own gateway against the mock (syscalls.sh,
# perf-threads.sh, light-load-trace.sh): the bench's request body, and an environment without keys.

# bench_body MODEL FILE: the ~290-byte chat request every bench sends, asking for MODEL, written to FILE.
bench_body() {
  printf '{"model":"%s","messages":[{"role":"system","content":"You are a concise assistant for a software team."},{"role":"user","content":"In two sentences, explain what an LLM gateway does and why teams put one in front of their model providers."}],"temperature":0.2,"max_tokens":256}\n' "$1" >"$2"
}

# bench_open_gateway: no master or admin key and no Redis, so the gateway under test is open on loopback.
bench_open_gateway() {
  unset LADDER_MASTER_KEY LADDER_MASTER_KEY_FILE LADDER_ADMIN_KEY LADDER_REDIS_URL
}
