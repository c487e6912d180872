#!/usr/bin/env bash
# Ingest load on the sample app with wrk: requests/s and latency percentiles of POST /metrics and of
# POST /streams/{stream}, next to a baseline route that touches no store. Starts its own instance on a free loopback port (snapshots on, in a temp dir)
# unless --url points at a running one; stops what it started.
#   scripts/load.sh [--url http://127.0.0.1:8080] [--duration 15s] [--threads 2] [--connections 32]
# Needs wrk (Debian: apt-get install wrk), java, curl, python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib/common.sh"
URL=""
DURATION=15s
THREADS=2
CONNECTIONS=32
while [ $# -gt 0 ]; do
  case $1 in
    --url) URL=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "FAIL: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/load.XXXXXX)
cleanup() { stop_started; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$URL" ]; then
  JAR=$(sample_jar "$ROOT")
  PORT=$(free_port)
  URL="http://127.0.0.1:$PORT"
  java -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --eventstore.snapshot.directory="$WORK/snapshots" >"$WORK/app.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_http "$URL/actuator/health" 180 "$WORK/app.log"
fi

cat >"$WORK/metrics.lua" <<'LUA'
local labels = {"cpu", "mem", "disk", "latency"}
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"label":"%s","value":%d}', labels[n % 4 + 1], n % 100)
  return wrk.format("POST", "/metrics", {["Content-Type"] = "application/json"}, body)
end
LUA
cat >"$WORK/streams.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"id":"load-%d","valor":%d,"gatewayId":"load"}', n, n % 5000)
  return wrk.format("POST", "/streams/load/orders-" .. (n % 8), {["Content-Type"] = "application/json"}, body)
end
LUA

run() {
  local name=$1 script=$2 out
  out="$WORK/$(basename "$script" .lua).txt"
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION $URL" >&2
  # warm-up (the JIT), not reported
  wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$script" "$URL" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$URL" | tee "$out" >&2
  python3 - "$name" "$out" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"| {name} | {float(rps):,.0f} | {p.get('50')} | {p.get('99')} | {errors.group(1) if errors else 0} |")
PY
}
echo "| route | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
cat >"$WORK/baseline.lua" <<'LUA'
wrk.method = "GET"
wrk.path = "/actuator/health/liveness"
LUA
# The framework's own floor (Tomcat, Spring MVC, Security, observation; no store): what the routes compare to.
run "GET /actuator/health/liveness (no store)" "$WORK/baseline.lua"
run "POST /metrics" "$WORK/metrics.lua"
run "POST /streams/{stream}" "$WORK/streams.lua"
