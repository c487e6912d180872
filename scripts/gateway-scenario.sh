#!/usr/bin/env bash
# The multi-gateway scenario of the C# seed's docker-compose (docs/seed-parity.md), without Docker: one central instance, three
# gateways (profile gateway) and nginx (least_conn) in front of them, all on 127.0.0.1 ports picked free.
# Sends bulk and single orders through nginx, then checks that the central stream's totals (read through a
# gateway's /stats/global) equal the sum of what each gateway says it sent, per gateway and in all.
# Stops everything it started, whatever happens. Needs java, curl, python3 and nginx (Debian: apt-get install nginx).
#   scripts/gateway-scenario.sh [--orders N]   (N single orders, default 60; plus 3 bulk requests of 300)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib/common.sh"
SINGLE=60
BULK=300
while [ $# -gt 0 ]; do
  case $1 in
    --orders) SINGLE=$2; shift 2 ;;
    --bulk) BULK=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

require_nginx
JAR=$(sample_jar "$ROOT")
WORK=$(mktemp -d /tmp/gateway-scenario.XXXXXX)
cleanup() { stop_started; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

JAVA_OPTS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
CENTRAL=$(free_port)
echo "central instance on 127.0.0.1:$CENTRAL"
java "${JAVA_OPTS[@]}" -jar "$JAR" --server.address=127.0.0.1 --server.port="$CENTRAL" \
  --eventstore.snapshot.directory="$WORK/central-snapshots" \
  --dashboard.security.users.admin.password=scenario >"$WORK/central.log" 2>&1 &
STARTED_PIDS+=($!)

# gw-1 and gw-3 get the central URL and their id as Boot properties; gw-2 as the C# seed's GatewayClient did, from
# EVENTSTORE_URL and GATEWAY_ID (so the scenario checks both ways end to end).
GATEWAYS=()
for i in 1 2 3; do
  port=$(free_port)
  GATEWAYS+=("$port")
  echo "gateway gw-$i on 127.0.0.1:$port"
  if [ "$i" = 2 ]; then
    target=(env EVENTSTORE_URL="http://127.0.0.1:$CENTRAL" GATEWAY_ID="gw-$i")
    args=()
  else
    target=(env)
    args=(--eventstore.client.base-url="http://127.0.0.1:$CENTRAL" --dashboard.gateway.id="gw-$i")
  fi
  "${target[@]}" java "${JAVA_OPTS[@]}" -jar "$JAR" --spring.profiles.active=gateway --server.address=127.0.0.1 \
    --server.port="$port" ${args[@]+"${args[@]}"} \
    --dashboard.security.users.admin.password=scenario >"$WORK/gateway-$i.log" 2>&1 &
  STARTED_PIDS+=($!)
done

wait_http "http://127.0.0.1:$CENTRAL/actuator/health" 180 "$WORK/central.log"
for i in 1 2 3; do
  wait_http "http://127.0.0.1:${GATEWAYS[$((i - 1))]}/actuator/health" 180 "$WORK/gateway-$i.log"
done

LB=$(free_port)
start_nginx "$WORK/nginx" "$LB" "${GATEWAYS[@]}"

echo "sending 3 bulk requests of $BULK orders and $SINGLE single orders through nginx"
BULK_PIDS=()
for i in 1 2 3; do
  curl -fsS -X POST "http://127.0.0.1:$LB/orders/bulk?n=$BULK" -o "$WORK/bulk-$i.json" &
  BULK_PIDS+=($!)
done
for _ in $(seq 1 "$SINGLE"); do
  curl -fsS -X POST "http://127.0.0.1:$LB/orders" -o /dev/null
done
for pid in "${BULK_PIDS[@]}"; do
  wait "$pid" || { echo "FAIL: a bulk request through nginx failed" >&2; exit 1; }
done

for i in 1 2 3; do
  curl -fsS "http://127.0.0.1:${GATEWAYS[$((i - 1))]}/stats/local" -o "$WORK/local-$i.json"
  health=$(curl -fsS "http://127.0.0.1:${GATEWAYS[$((i - 1))]}/health")
  [ "$health" = "{\"gatewayId\":\"gw-$i\",\"status\":\"UP\"}" ] || { echo "FAIL: gw-$i /health: $health" >&2; exit 1; }
done
curl -fsS "http://127.0.0.1:$LB/stats/global" -o "$WORK/global.json"

python3 - "$WORK" "$BULK" "$SINGLE" <<'PY'
import json, sys, glob, os
work, bulk, single = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
local = [json.load(open(os.path.join(work, f"local-{i}.json"))) for i in (1, 2, 3)]
glob_ = json.load(open(os.path.join(work, "global.json")))
bulks = [json.load(open(p)) for p in glob.glob(os.path.join(work, "bulk-*.json"))]
errors = []
sent = sum(l["sent"] for l in local)
valor = sum(l["sentValor"] for l in local)
failed = sum(l["failed"] for l in local)
expected = 3 * bulk + single
print(f"gateways sent {sent} orders (valor {valor}), failed {failed}; expected {expected}")
for l in local:
    print(f"  {l['gatewayId']}: sent {l['sent']} valor {l['sentValor']} failed {l['failed']}")
print(f"central stream {glob_['stream']}: count {glob_['count']} sum {glob_['sum']:.0f} "
      f"(aggregated in {glob_['durationMs']:.2f} ms)")
if failed: errors.append(f"{failed} orders failed")
if sent != expected: errors.append(f"gateways sent {sent}, expected {expected}")
if sum(b["succeeded"] for b in bulks) != 3 * bulk: errors.append(f"bulk results {bulks}")
if glob_["count"] != sent: errors.append(f"central count {glob_['count']} != sent {sent}")
if round(glob_["sum"]) != valor: errors.append(f"central sum {glob_['sum']} != sent valor {valor}")
for l in local:
    g = glob_["groups"].get(l["gatewayId"])
    if l["sent"] == 0: errors.append(f"{l['gatewayId']} received no order through nginx")
    if g is None or g["count"] != l["sent"] or round(g["sum"]) != l["sentValor"]:
        errors.append(f"{l['gatewayId']}: central {g} != local {l}")
if errors:
    print("FAIL: " + "; ".join(errors)); sys.exit(1)
print("OK: the central totals equal the sum of what the gateways sent, per gateway and in all")
PY
