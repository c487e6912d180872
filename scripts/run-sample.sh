#!/usr/bin/env bash
# Builds what the MetricsDashboard sample needs (package, skipping tests; nothing is installed into ~/.m2) and runs
# it with its embedded defaults: http://localhost:8080, snapshots under ./data/snapshots. Extra arguments go to the
# app, e.g.
#   scripts/run-sample.sh --server.port=9090 --dashboard.security.users.admin.password=s3cret
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -pl sample-metrics-dashboard -am -DskipTests -Djcstress.skip=true
exec java -jar sample-metrics-dashboard/target/sample-metrics-dashboard.jar "$@"
