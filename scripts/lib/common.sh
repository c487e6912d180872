# Shared by the sample's scripts: free loopback ports, waiting for an app, stopping what a script started.
# Source it; it keeps the PIDs of started processes in STARTED_PIDS and stops them on exit.

STARTED_PIDS=()

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]:-}"; do
    [ -n "$pid" ] || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

# wait_http URL SECONDS LOG: waits until URL answers 2xx, failing (with the log's tail) after SECONDS.
wait_http() {
  local url=$1 seconds=$2 log=$3 deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      echo "FAIL: $url did not answer within ${seconds}s; last lines of $log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 0.25
  done
}

sample_jar() {
  local root=$1 jar="$1/sample-metrics-dashboard/target/sample-metrics-dashboard.jar"
  if [ ! -f "$jar" ]; then
    (cd "$root" && ./mvnw -B -q install -DskipTests -pl sample-metrics-dashboard -am) >&2
  fi
  echo "$jar"
}
