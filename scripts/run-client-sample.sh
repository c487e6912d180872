#!/usr/bin/env bash
# Runs the client sample (sample-metrics-dashboard, dev.lockfree.sample.dashboard.clientsample.ClientSample)
# against a running sample app: it appends orders to a fresh stream, reads them back and aggregates them through
# lockfree-eventstore-client, and exits 0 when the totals agree. Start the app first (scripts/run-sample.sh), then
#   scripts/run-client-sample.sh [base-url] [--events N] [--stream NAME]
# base-url defaults to $EVENTSTORE_URL (the C# seed's ClientSample variable), else http://localhost:8080.
# Uses the sample's jar, building it (tests skipped) when it is missing or older than the sample's sources.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/sample-metrics-dashboard/target/sample-metrics-dashboard.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/sample-metrics-dashboard/src/main" -newer "$JAR" -print -quit)" ]; then
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl sample-metrics-dashboard -am) >&2
fi
# The jar is a Spring Boot executable jar: its PropertiesLauncher runs another main class on the same classpath.
exec java -Dloader.main=dev.lockfree.sample.dashboard.clientsample.ClientSample \
  -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
