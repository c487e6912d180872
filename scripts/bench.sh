#!/usr/bin/env bash
# Runs the JMH suites of lockfree-eventstore-benchmarks against their peers (same run, same machine) and
# prints a ratio table: benchmark, ours, best peer, ratio ours/peer, JMH error, B/op, target.
#
#   scripts/bench.sh           fuller run (3 x 1 s warm-up, 5 x 1 s measurement, 1 fork; 2 for 1-thread append, 4 for
#                              2-thread append, 5 for latency; ~18 min on 2 cores)
#   scripts/bench.sh --quick   smoke run (1 x 0.5 s warm-up, 2 x 0.5 s measurement, a few benchmarks per suite;
#                              ~2 minutes on 2 cores, build included). CI runs this one.
#
# Output under target/bench/: one JMH JSON (-rf json) and log per suite, results.md (the table) and
# ratios.svg (bar chart of the ratios). Absolute numbers on a shared VM are noise; compare the ratios.
# Exit status: non-zero only when the build fails or a benchmark fails to run (JMH -foe). A missed target
# is reported in the table, never turned into a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--quick]" >&2; exit 64 ;;
esac

out=target/bench
jar=lockfree-eventstore-benchmarks/target/benchmarks.jar
java=${JAVA:-java}
start=$(date +%s)

echo "== building lockfree-eventstore-benchmarks"
if ! ./mvnw -B -q -pl lockfree-eventstore-benchmarks -am package -DskipTests; then
  echo "bench.sh: build failed" >&2
  exit 2
fi
rm -rf "$out"
mkdir -p "$out"
echo "load average before: $(cat /proc/loadavg 2>/dev/null)" | tee "$out/load.txt"

if [[ $mode == quick ]]; then
  timing=(-wi 1 -w 500ms -i 2 -r 500ms)
  append='AppendBenchmark\.(storeAppend|storeAppender|storeAppendWithWindow|ringOnly|disruptorMP|jctoolsMpmcOverwrite|ticketRing)$'
  window='WindowUpdateBenchmark\.(storeWindowAppendClock|r4jLockFree|micrometerTimeWindowMax)$'
  query='WindowQueryBenchmark\.(windowAggregate10s|fullScanSum10s)$'
  capture='CaptureBenchmark\.(capturePartition|arraycopyNewArray)$'
  latency=(-p snapshotter=idle,writing)
else
  timing=(-wi 3 -w 1s -i 5 -r 1s)
  append='AppendBenchmark\.(storeAppend|storeAppender|storeAppendToPartition|storeAppenderToPartition|storeAppendWithWindow|storeAppenderWithWindow|ringOnly|disruptorMP|jctoolsMpmcOverwrite|abqOverwrite|clqCapped|ticketRing)$'
  window='WindowUpdateBenchmark\.'
  query='WindowQueryBenchmark\.'
  capture='CaptureBenchmark\.'
  latency=(-p snapshotter=idle,periodic,writing)
fi

failures=0
forks=1
# run NAME JMH-ARGS...: one JMH invocation with -prof gc, JSON into $out/NAME.json, log into $out/NAME.log.
run() {
  local name=$1
  shift
  echo "== $name: $*"
  if "$java" -jar "$jar" "${timing[@]}" -f "$forks" "$@" -prof gc -foe true -rf json -rff "$out/$name.json" \
      >"$out/$name.log" 2>&1; then
    sed -n '/^Benchmark /,$p' "$out/$name.log" | grep -v ':gc\.\(alloc\.rate \|count\|time\)' || true
  else
    echo "bench.sh: suite $name FAILED (see $out/$name.log):" >&2
    tail -n 30 "$out/$name.log" >&2
    failures=$((failures + 1))
  fi
}

# The append targets are ratios close to 1, so the full run gives these two suites more forks; two producers on one
# ring run in one of two modes per JVM on a 2-vCPU VM (ours and the peers alike), so the 2-thread suite gets enough
# forks to show both (the report's per-fork table and fork-median ratios).
[[ $mode == full ]] && forks=2
run append-t1 "$append" -p capacityPerPartition=131072 -t 1
[[ $mode == full ]] && forks=4
run append-t2 "$append" -p capacityPerPartition=131072 -t 2
forks=1
run window-t1 "$window" -t 1
if [[ $mode == full ]]; then
  run window-t2 "$window" -t 2
fi
run query "$query"
run capture "$capture"
if [[ $mode == full ]]; then
  run view 'ViewBenchmark\.'
fi
run kafka 'KafkaConsumeBenchmark\.'
# The latency tail is bimodal between forks on a small VM: enough forks to see both modes (spread in the report).
[[ $mode == full ]] && forks=5 || forks=2
run latency 'AppendLatencyBenchmark\.append$' "${latency[@]}"
forks=1
if [[ $mode == full ]]; then
  run snapshot 'SnapshotBenchmark\.'
fi

echo "load average after: $(cat /proc/loadavg 2>/dev/null)" | tee -a "$out/load.txt"
echo
if ! "$java" -cp "$jar" dev.lockfree.eventstore.bench.BenchReport "$out" "($mode run, $(date -u +%Y-%m-%d))"; then
  echo "bench.sh: the report could not be produced" >&2
  failures=$((failures + 1))
fi
echo "wall time: $(( $(date +%s) - start )) s ($mode)"
if (( failures > 0 )); then
  echo "bench.sh: $failures suite(s) failed to run" >&2
  exit 1
fi
exit 0
