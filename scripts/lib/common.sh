# Shared by the sample's scripts: free loopback ports, waiting for an app, nginx in front of gateways, stopping what
# a script started. Source it; it keeps the PIDs of started processes in STARTED_PIDS and the script's EXIT trap
# stops them with stop_started.

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

# sample_jar ROOT: the sample's executable jar, built (package, not install: nothing goes into ~/.m2) if missing.
sample_jar() {
  local root=$1 jar="$1/sample-metrics-dashboard/target/sample-metrics-dashboard.jar"
  if [ ! -f "$jar" ]; then
    (cd "$root" && ./mvnw -B -q package -pl sample-metrics-dashboard -am -DskipTests -Djcstress.skip=true) >&2
  fi
  echo "$jar"
}

# require_nginx: sets NGINX to the nginx binary, or fails naming the package (call it before anything slow).
require_nginx() {
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  [ -x "$NGINX" ] || { echo "FAIL: nginx is not installed (apt-get install nginx)" >&2; return 1; }
}

# start_nginx DIR LISTEN_PORT UPSTREAM_PORT...: nginx in the foreground (its PID joins STARTED_PIDS, so
# stop_started stops it) on 127.0.0.1:LISTEN_PORT, least_conn over the gateways on 127.0.0.1:UPSTREAM_PORT...;
# its configuration, temporary files and logs go to DIR. Returns once a gateway answers GET /stats/local through it.
start_nginx() {
  local dir=$1 listen=$2 port
  shift 2
  [ -n "${NGINX:-}" ] || require_nginx || return 1
  mkdir -p "$dir"
  {
    if [ "$(id -u)" = 0 ]; then echo "user root root;"; fi
    cat <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream gateways {
    least_conn;
CONF
    for port in "$@"; do echo "    server 127.0.0.1:$port;"; done
    cat <<CONF
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$listen;
    location / {
      proxy_pass http://gateways;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # Tomcat refuses a Host header with an underscore (an upstream name), so pass the client's own.
      proxy_set_header Host \$host:\$server_port;
      proxy_read_timeout 120s;
    }
  }
}
CONF
  } >"$dir/nginx.conf"
  echo "nginx (least_conn over the $# gateways) on 127.0.0.1:$listen"
  "$NGINX" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/stdout.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_http "http://127.0.0.1:$listen/stats/local" 30 "$dir/error.log"
}
