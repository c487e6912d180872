#!/usr/bin/env bash
# The sample scaled out over Kafka, without Docker: a real single-node KRaft broker (scripts/lib/kafka.sh), topics
# metrics and orders of 6 partitions, two dashboard instances (profile kafka, one consumer group, snapshots in
# directories of their own) and three gateways (profiles gateway,kafka: they publish orders to the topic) behind
# nginx (least_conn), all on 127.0.0.1 ports picked free.
#  1. sends a known set of orders through nginx; the cluster total (count and sum, GET /stats/global) on either
#     dashboard instance and on a gateway must equal what the gateways say the broker acknowledged;
#  2. kills one dashboard instance with -9; within 60 s the survivor's total must be exact again, every partition
#     included (missingPartitions empty): prints the takeover time and the survivor's replay rate;
#  3. starts the killed instance again (same port, same snapshot directory); the group must rebalance (both own
#     partitions, per the kafka section of GET /actuator/eventstore/orders) and, after more orders, the totals on
#     both must still be exact.
# Exits non-zero on any mismatch; stops everything it started, whatever happens. Needs java, curl, python3, nginx.
#   scripts/kafka-scenario.sh [--bulk N] [--orders N]   (3 bulk requests of N, default 8000, and N single orders,
#                                                        default 30; then 3 more bulk requests of N/4)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib/common.sh"
source "$ROOT/scripts/lib/kafka.sh"
BULK=8000
SINGLE=30
while [ $# -gt 0 ]; do
  case $1 in
    --bulk) BULK=$2; shift 2 ;;
    --orders) SINGLE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

require_nginx
JAR=$(sample_jar "$ROOT")
WORK=$(mktemp -d /tmp/kafka-scenario.XXXXXX)
cleanup() { stop_started; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
ADMIN_PASSWORD=scenario

kafka_start "$ROOT" "$WORK"
echo "Kafka broker (KRaft, pid $KAFKA_PID) on $KAFKA_BOOTSTRAP"
kafka_create_topic "$ROOT" metrics 6
kafka_create_topic "$ROOT" orders 6

JAVA_OPTS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
COMMON=(--server.address=127.0.0.1 --spring.kafka.bootstrap-servers="$KAFKA_BOOTSTRAP"
  --dashboard.security.users.admin.password="$ADMIN_PASSWORD")
DASHBOARDS=("$(free_port)" "$(free_port)")
DASHBOARD_PIDS=("" "")

# start_dashboard I: dashboard instance I (0 or 1), on its port, with its own snapshot directory (kept across a
# restart); snapshots every 2 s so that a restart resumes from one.
start_dashboard() {
  local i=$1 port=${DASHBOARDS[$1]}
  java "${JAVA_OPTS[@]}" -jar "$JAR" --spring.profiles.active=kafka --server.port="$port" "${COMMON[@]}" \
    --eventstore.kafka.advertised-url="http://127.0.0.1:$port" \
    --eventstore.snapshot.directory="$WORK/dashboard-$i-snapshots" --eventstore.snapshot.interval=2s \
    >>"$WORK/dashboard-$i.log" 2>&1 &
  DASHBOARD_PIDS[$i]=$!
  STARTED_PIDS+=($!)
}
for i in 0 1; do
  start_dashboard "$i"
  echo "dashboard instance d$i on 127.0.0.1:${DASHBOARDS[$i]} (pid ${DASHBOARD_PIDS[$i]})"
done
GATEWAYS=()
for i in 1 2 3; do
  port=$(free_port)
  GATEWAYS+=("$port")
  echo "gateway gw-$i on 127.0.0.1:$port"
  java "${JAVA_OPTS[@]}" -jar "$JAR" --spring.profiles.active=gateway,kafka --server.port="$port" "${COMMON[@]}" \
    --dashboard.gateway.id="gw-$i" >"$WORK/gateway-$i.log" 2>&1 &
  STARTED_PIDS+=($!)
done
for i in 0 1; do wait_http "http://127.0.0.1:${DASHBOARDS[$i]}/actuator/health" 180 "$WORK/dashboard-$i.log"; done
for i in 1 2 3; do wait_http "http://127.0.0.1:${GATEWAYS[$((i - 1))]}/actuator/health" 180 "$WORK/gateway-$i.log"; done

LB=$(free_port)
start_nginx "$WORK/nginx" "$LB" "${GATEWAYS[@]}"

# send_orders N SINGLE: 3 bulk requests of N at once and SINGLE single orders, all through nginx.
send_orders() {
  local n=$1 single=$2 pids=() pid
  echo "sending 3 bulk requests of $n orders and $single single orders through nginx"
  for i in 1 2 3; do
    curl -fsS -X POST "http://127.0.0.1:$LB/orders/bulk?n=$n" -o "$WORK/bulk-$n-$i.json" &
    pids+=($!)
  done
  for _ in $(seq 1 "$single"); do curl -fsS -X POST "http://127.0.0.1:$LB/orders" -o /dev/null; done
  for pid in "${pids[@]}"; do
    wait "$pid" || { echo "FAIL: a bulk request through nginx failed" >&2; exit 1; }
  done
}

# The checks and measurements, in Python (urllib): scenario.py sent | exact | takeover | rebalanced ...
cat >"$WORK/scenario.py" <<'PY'
import base64, json, sys, time, urllib.request
AUTH = "Basic " + base64.b64encode(b"admin:" + sys.argv[1].encode()).decode()
def get(url, admin=False):
    request = urllib.request.Request(url, headers={"Authorization": AUTH} if admin else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
def sent(gateways):
    """What the gateways say the broker acknowledged: (count, valor); fails on any failed order."""
    count = valor = 0
    for port in gateways:
        l = get(f"http://127.0.0.1:{port}/stats/local")
        print(f"  {l['gatewayId']}: sent {l['sent']} valor {l['sentValor']} failed {l['failed']}")
        if l["failed"]: sys.exit(f"FAIL: {l['gatewayId']} had {l['failed']} failed orders")
        if l["sent"] == 0: sys.exit(f"FAIL: {l['gatewayId']} received no order through nginx")
        count += l["sent"]; valor += l["sentValor"]
    return count, valor
def is_exact(g, count, valor):
    return not g["missingPartitions"] and g["count"] == count and round(g["sum"]) == valor
def await_exact(name, url, count, valor, seconds):
    deadline, g = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            g = get(url + "/stats/global")
            if is_exact(g, count, valor):
                print(f"  {name}: count {g['count']} sum {g['sum']:.0f}, partitions {g['partitions']}, missing none")
                return
        except OSError as e:
            g = str(e)
        time.sleep(0.1)
    sys.exit(f"FAIL: {name} {url}/stats/global did not reach count {count} sum {valor} with no missing partition "
             f"within {seconds}s; last answer: {g}")
def owned(port):
    k = get(f"http://127.0.0.1:{port}/actuator/eventstore/orders", admin=True)["kafka"]
    return k["assignedPartitions"], {p["partition"]: p for p in k["partitions"] if p["assigned"]}
cmd, rest = sys.argv[2], sys.argv[3:]
if cmd == "exact":  # exact COUNT VALOR SECONDS name=port...
    count, valor, seconds = int(rest[0]), int(rest[1]), float(rest[2])
    for pair in rest[3:]:
        name, port = pair.split("=")
        await_exact(name, f"http://127.0.0.1:{port}", count, valor, seconds)
elif cmd == "sent":  # sent EXPECTED gateway-port...
    count, valor = sent(rest[1:])
    print(f"gateways sent {count} orders (valor {valor}); expected {rest[0]}")
    if count != int(rest[0]): sys.exit(f"FAIL: gateways sent {count}, expected {rest[0]}")
    sys.stdout.write(f"TOTALS {count} {valor}\n")
elif cmd == "takeover":  # takeover KILLED_AT_EPOCH_S COUNT VALOR SURVIVOR_PORT BEFORE_JSON
    killed_at, count, valor, port = float(rest[0]), int(rest[1]), int(rest[2]), rest[3]
    before = set(json.loads(rest[4]))
    url, assigned_at, g = f"http://127.0.0.1:{port}", None, None
    deadline = killed_at + 60
    while time.time() < deadline:
        assigned, partitions = owned(port)
        if assigned_at is None and len(assigned) == 6:
            assigned_at = time.time()
        g = get(url + "/stats/global")
        if assigned_at is not None and is_exact(g, count, valor):
            exact_at = time.time()
            taken = sorted(set(assigned) - before)
            replayed = sum(partitions[p]["consumed"] for p in taken)
            replay_s = exact_at - assigned_at
            print(f"  survivor holds partitions {sorted(assigned)} (took over {taken}); count {g['count']} "
                  f"sum {g['sum']:.0f}, missing none")
            print(f"TAKEOVER {exact_at - killed_at:.1f}s from kill -9 to an exact total "
                  f"(partitions reassigned after {assigned_at - killed_at:.1f}s: the group's session timeout)")
            rate = f"{replayed / replay_s:,.0f} records/s" if replay_s >= 0.05 else "(too fast to time at 0.05 s)"
            print(f"REPLAY {replayed} records of the taken-over partitions re-read in {replay_s:.2f}s: {rate}")
            sys.exit(0)
        time.sleep(0.05)
    sys.exit(f"FAIL: within 60 s of the kill the survivor did not hold every partition with an exact total; "
             f"assigned at {assigned_at}, last answer {g}")
elif cmd == "owned":  # owned PORT: prints the partitions as JSON
    print(json.dumps(owned(rest[0])[0]))
elif cmd == "rebalanced":  # rebalanced SECONDS port...
    seconds, ports = float(rest[0]), rest[1:]
    deadline, shares = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        shares = [sorted(owned(p)[0]) for p in ports]
        flat = [p for s in shares for p in s]
        if all(shares) and sorted(flat) == list(range(6)):
            print(f"  the group rebalanced: " + ", ".join(f"127.0.0.1:{p} owns {s}" for p, s in zip(ports, shares)))
            sys.exit(0)
        time.sleep(0.2)
    sys.exit(f"FAIL: the group did not rebalance within {seconds}s: shares {shares}")
PY
check() { python3 "$WORK/scenario.py" "$ADMIN_PASSWORD" "$@"; }

send_orders "$BULK" "$SINGLE"
# not `tee /dev/stderr`: with stdout and stderr sent to one file, tee reopens it and truncates the log
SENT=$(check sent $((3 * BULK + SINGLE)) "${GATEWAYS[@]}") || { echo "$SENT" >&2; exit 1; }
echo "$SENT" >&2
TOTALS=$(awk '/^TOTALS/ {print $2, $3}' <<<"$SENT")
read -r COUNT VALOR <<<"$TOTALS"
echo "1. the cluster total on each dashboard instance and through nginx (a gateway asks the dashboards)"
check exact "$COUNT" "$VALOR" 60 "d0=${DASHBOARDS[0]}" "d1=${DASHBOARDS[1]}" "nginx=$LB"
check rebalanced 30 "${DASHBOARDS[0]}" "${DASHBOARDS[1]}"
# let each instance write a snapshot of what it holds (every 2 s), so that the restart below resumes from one
sleep 3

echo "2. kill -9 of dashboard instance d0 (pid ${DASHBOARD_PIDS[0]})"
SURVIVOR_OWNED=$(check owned "${DASHBOARDS[1]}")
KILLED_AT=$(date +%s.%N)
kill -9 "${DASHBOARD_PIDS[0]}"
wait "${DASHBOARD_PIDS[0]}" 2>/dev/null || true
check takeover "$KILLED_AT" "$COUNT" "$VALOR" "${DASHBOARDS[1]}" "$SURVIVOR_OWNED"
check exact "$COUNT" "$VALOR" 10 "nginx=$LB"

echo "3. d0 starts again (same port, same snapshot directory)"
start_dashboard 0
wait_http "http://127.0.0.1:${DASHBOARDS[0]}/actuator/health" 180 "$WORK/dashboard-0.log"
check rebalanced 60 "${DASHBOARDS[0]}" "${DASHBOARDS[1]}"
send_orders $((BULK / 4)) 0
TOTALS=$(check sent $((3 * BULK + SINGLE + 3 * (BULK / 4))) "${GATEWAYS[@]}" | awk '/^TOTALS/ {print $2, $3}')
read -r COUNT VALOR <<<"$TOTALS"
check exact "$COUNT" "$VALOR" 60 "d0=${DASHBOARDS[0]}" "d1=${DASHBOARDS[1]}" "nginx=$LB"
# the restarted instance resumed its partitions from its snapshots: the binding logs where it seeks
grep -h "store 'orders' assigned" "$WORK/dashboard-0.log" | tail -n 1 | sed 's/.*KafkaStoreBinding *: /  d0 after restart: /' || true
echo "OK: the cluster totals equal what the gateways sent before the kill, after the takeover and after the rejoin"
