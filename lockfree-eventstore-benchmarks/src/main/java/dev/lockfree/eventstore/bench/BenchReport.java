package dev.lockfree.eventstore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JMH JSON files of {@code scripts/bench.sh} into a ratio table: for each comparison, our score, the
 * best peer of the same run, the ratio and the JMH errors, plus the target where there is one. Writes
 * {@code results.md} and {@code ratios.svg} next to the JSON and prints the markdown.
 *
 * <p>Ratios are speed ratios: ours/peer for throughput, peer/ours for times, so above 1 means ours is faster.
 * A missing benchmark is shown as "n/a"; a missed target is reported, never an error (exit 0 either way, except
 * when the directory cannot be read).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.lockfree.eventstore.bench.BenchReport target/bench}
 */
public final class BenchReport {

    private BenchReport() {
    }

    /** One JMH result. */
    record Result(String name, String mode, int threads, Map<String, String> params, double score, double error,
                  String unit, Map<String, Double> percentiles, Double allocNorm, List<double[]> forkPercentiles,
                  List<Double> forkMeans) {

        Result(String name, String mode, int threads, Map<String, String> params, double score, double error,
               String unit, Map<String, Double> percentiles, Double allocNorm) {
            this(name, mode, threads, params, score, error, unit, percentiles, allocNorm, List.of(), List.of());
        }

        boolean higherIsBetter() {
            return mode.equals("thrpt");
        }
    }

    enum Metric { SCORE, P50, P99, P999 }

    /** One comparison of the table. */
    record Row(String label, String ours, int threads, Map<String, String> params, Map<String, String> oursParams,
               List<String> peers, Metric metric, String targetPeer, double targetRatio, String targetText,
               Map<String, String> peerParams) {

        Row(String label, String ours, int threads, Map<String, String> params, Map<String, String> oursParams,
            List<String> peers, Metric metric, String targetPeer, double targetRatio, String targetText) {
            this(label, ours, threads, params, oursParams, peers, metric, targetPeer, targetRatio, targetText, null);
        }

        Row withPeerParams(Map<String, String> peerParams) {
            return new Row(label, ours, threads, params, oursParams, peers, metric, targetPeer, targetRatio,
                    targetText, peerParams);
        }
    }

    static final String CAP = "capacityPerPartition";

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Map<String, String> cap = Map.of(CAP, "131072");
        List<String> appendPeers = List.of("AppendBenchmark.disruptorMP", "AppendBenchmark.jctoolsMpmcOverwrite",
                "AppendBenchmark.abqOverwrite", "AppendBenchmark.clqCapped");
        List<String> windowPeers = List.of("WindowUpdateBenchmark.r4jLockFree",
                "WindowUpdateBenchmark.r4jSynchronized", "WindowUpdateBenchmark.micrometerTimeWindowMax");
        for (int t = 1; t <= 2; t++) {
            // issue #16: one producer near Disruptor; two producers on their own partitions far above one shared ring
            rows.add(new Row("append, window off", "AppendBenchmark.storeAppend", t, cap, null, appendPeers,
                    Metric.SCORE, "AppendBenchmark.disruptorMP", t == 1 ? 0.8 : 10.0,
                    t == 1 ? "≥ 0.8× Disruptor" : "≥ 10× Disruptor"));
            rows.add(new Row("append through an Appender, window off", "AppendBenchmark.storeAppender", t, cap, null,
                    appendPeers, Metric.SCORE, "AppendBenchmark.disruptorMP", t == 1 ? 1.0 : 10.0,
                    t == 1 ? "≥ 1.0× Disruptor" : "≥ 10× Disruptor"));
            rows.add(new Row("append, window on (5 min / 1 s buckets)", "AppendBenchmark.storeAppendWithWindow", t,
                    cap, null, appendPeers, Metric.SCORE, "AppendBenchmark.disruptorMP", t == 1 ? 0.7 : 5.0,
                    t == 1 ? "≥ 0.7× Disruptor" : "≥ 5× Disruptor"));
            rows.add(new Row("append through an Appender, window on", "AppendBenchmark.storeAppenderWithWindow", t,
                    cap, null, appendPeers, Metric.SCORE, "AppendBenchmark.disruptorMP", t == 1 ? 0.7 : 5.0,
                    t == 1 ? "≥ 0.7× Disruptor" : "≥ 5× Disruptor"));
            rows.add(new Row("append, window off, all producers on partition 0",
                    "AppendBenchmark.storeAppendToPartition", t, cap, null, appendPeers, Metric.SCORE,
                    t == 2 ? "AppendBenchmark.disruptorMP" : null, 1.0, t == 2 ? "≥ 1.0× Disruptor (one ring each)" : ""));
            rows.add(new Row("append through appender(0), all producers on partition 0",
                    "AppendBenchmark.storeAppenderToPartition", t, cap, null, appendPeers, Metric.SCORE,
                    t == 2 ? "AppendBenchmark.disruptorMP" : null, 1.0, t == 2 ? "≥ 1.0× Disruptor (one ring each)" : ""));
            rows.add(new Row("append, window off vs ticket ring (floor)", "AppendBenchmark.storeAppend", t, cap,
                    null, List.of("AppendBenchmark.ticketRing"), Metric.SCORE, "AppendBenchmark.ticketRing", 1.0,
                    "≥ 1.0× ticket ring"));
            rows.add(new Row("one partition ring alone vs ticket ring (publication protocol, no routing)",
                    "AppendBenchmark.ringOnly", t, cap, null, List.of("AppendBenchmark.ticketRing"), Metric.SCORE,
                    null, 0, ""));
        }
        for (int t = 1; t <= 2; t++) {
            rows.add(new Row("window update, clock read per record", "WindowUpdateBenchmark.storeWindowAppendClock",
                    t, Map.of(), null, windowPeers, Metric.SCORE, "WindowUpdateBenchmark.r4jLockFree", 2.0,
                    "≥ 2× r4j lock-free"));
            rows.add(new Row("window update, caller timestamp", "WindowUpdateBenchmark.storeWindowAppend", t,
                    Map.of(), null, windowPeers, Metric.SCORE, "WindowUpdateBenchmark.r4jLockFree", 2.0,
                    "≥ 2× r4j lock-free"));
            rows.add(new Row("window update, new MetricEvent per record",
                    "WindowUpdateBenchmark.storeWindowAppendNewEvent", t, Map.of(), null, windowPeers, Metric.SCORE,
                    null, 0, ""));
        }
        rows.add(new Row("window query, last 10 s of 1M events", "WindowQueryBenchmark.windowAggregate10s", 1,
                Map.of(), null, List.of("WindowQueryBenchmark.fullScanSum10s", "WindowQueryBenchmark.fullScanSummarize"),
                Metric.SCORE, "*", 10_000, "≥ 10,000× full scan"));
        rows.add(new Row("capture of a full partition (1,048,576 refs)", "CaptureBenchmark.capturePartition", 1,
                Map.of(), null, List.of("CaptureBenchmark.arraycopyNewArray", "CaptureBenchmark.arraycopyReused"),
                Metric.SCORE, "CaptureBenchmark.arraycopyNewArray", 0.5, "≥ 0.5× arraycopy (new array)"));
        rows.add(new Row("Kafka topic into a store (JSON, 6 partitions) vs plain consumer decoding and dropping",
                "KafkaConsumeBenchmark.storeViaBinding", 1, Map.of(), null,
                List.of("KafkaConsumeBenchmark.plainConsumerDecodeAndDrop"), Metric.SCORE,
                "KafkaConsumeBenchmark.plainConsumerDecodeAndDrop", 0.9, "≥ 0.9× plain consumer"));
        rows.add(new Row("sum of a full partition in place (PartitionView.forEach)", "ViewBenchmark.viewForEach", 1,
                Map.of(), null, List.of("ViewBenchmark.copyThenSum", "ViewBenchmark.arraySum"), Metric.SCORE, null, 0, ""));
        rows.add(new Row("sum of a full partition in chunks (reused buffer)", "ViewBenchmark.viewChunked", 1,
                Map.of(), null, List.of("ViewBenchmark.copyThenSum", "ViewBenchmark.arraySum"), Metric.SCORE, null, 0, ""));
        rows.add(new Row("append p99, snapshotter writing vs idle", "AppendLatencyBenchmark.append", 1, Map.of(),
                Map.of("snapshotter", "writing"), List.of("AppendLatencyBenchmark.append"), Metric.P99, "*",
                1 / 1.1, "p99 writing ≤ 1.1× idle").withPeerParams(Map.of("snapshotter", "idle")));
        rows.add(new Row("append p99.9, snapshotter writing vs idle", "AppendLatencyBenchmark.append", 1, Map.of(),
                Map.of("snapshotter", "writing"), List.of("AppendLatencyBenchmark.append"), Metric.P999, null, 0, "")
                .withPeerParams(Map.of("snapshotter", "idle")));
        rows.add(new Row("append p99, snapshotter every 1 s vs idle", "AppendLatencyBenchmark.append", 1, Map.of(),
                Map.of("snapshotter", "periodic"), List.of("AppendLatencyBenchmark.append"), Metric.P99, null, 0, "")
                .withPeerParams(Map.of("snapshotter", "idle")));
        return rows;
    }

    /** JMH's JSON results; numbers come back as Integer, Long or Double, a missing error as the string "NaN". */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        List<Result> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    continue;
                }
                try {
                    for (Object o : JSON.readValue(text, List.class)) {
                        results.add(toResult((Map<?, ?>) o));
                    }
                } catch (RuntimeException e) {
                    System.err.println("skipping unreadable " + file + ": " + e);
                }
            }
        }
        String title = args.length > 1 ? args[1] : "";
        StringBuilder md = new StringBuilder();
        List<String[]> bars = new ArrayList<>();
        md.append(header(title));
        md.append("| benchmark | thr | ours | best peer | ratio ours/peer | JMH error (ours; peer) | B/op ours | target |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows()) {
            Result ours = find(results, row.ours(), row.threads(), merge(row.params(), row.oursParams()));
            if (ours == null) {
                continue; // not run (e.g. the --quick subset)
            }
            List<Result> peers = new ArrayList<>();
            for (String p : row.peers()) {
                Result r = find(results, p, row.threads(), merge(row.params(), row.peerParams()));
                if (r != null) {
                    peers.add(r);
                }
            }
            Result best = null;
            for (Result p : peers) {
                if (best == null || speed(p, row.metric()) > speed(best, row.metric())) {
                    best = p;
                }
            }
            double ratio = best == null ? Double.NaN : speed(ours, row.metric()) / speed(best, row.metric());
            String target = "";
            if (row.targetPeer() != null) {
                Result tp = row.targetPeer().equals("*") ? best
                                : find(results, row.targetPeer(), row.threads(), merge(row.params(), row.peerParams()));
                double tr = tp == null ? Double.NaN : speed(ours, row.metric()) / speed(tp, row.metric());
                boolean met = tr >= row.targetRatio();
                // Latency targets read as "ours ≤ k× peer": show the latency ratio, not the speed ratio.
                double shown = row.metric() == Metric.SCORE ? tr : 1 / tr;
                target = row.targetText() + ": " + (Double.isNaN(tr) ? "n/a" : fmtRatio(shown) + (met ? " met" : " **missed**"));
                double medians = row.metric() == Metric.SCORE && tp != null
                        ? median(ours.forkMeans()) / median(tp.forkMeans()) : Double.NaN;
                if (!Double.isNaN(medians) && ours.forkMeans().size() > 2 && tp.forkMeans().size() > 2) {
                    target += " (fork medians " + fmtRatio(medians) + ")";
                }
            }
            md.append("| ").append(row.label()).append(" | ").append(row.threads()).append(" | ")
                    .append(shortName(ours)).append(" ").append(valueCell(ours, row.metric())).append(" | ")
                    .append(best == null ? "n/a" : shortName(best) + " " + valueCell(best, row.metric())).append(" | ")
                    .append(row.metric() == Metric.SCORE ? fmtRatio(ratio) : fmtRatio(1 / ratio) + " (latency ratio)")
                    .append(" | ")
                    .append(errorText(ours, row.metric())).append("; ").append(errorText(best, row.metric()))
                    .append(" | ").append(ours.allocNorm() == null ? "" : fmtAlloc(ours.allocNorm()))
                    .append(" | ").append(target).append(" |\n");
            if (!Double.isNaN(ratio)) {
                bars.add(new String[] {row.label() + " (" + row.threads() + "T) vs " + shortName(best),
                        Double.toString(ratio)});
            }
        }
        md.append("\nRatios are speed ratios (ours/peer for throughput, peer/ours for time): above 1 = ours faster. ")
                .append("Throughput in ops/µs summed over threads; times per operation; p99 from JMH SampleTime. ")
                .append("Peers are one shared ring; the store puts each producer on its own partition. ")
                .append("Micrometer `TimeWindowMax` keeps only a max (no count/sum); the resilience4j rows are the ")
                .append("like-for-like window peers. Latency rows show p99 ours/peer (below 1 = ours lower).\n");
        appendAllocation(md, results);
        appendForks(md, results);
        appendLatency(md, results);
        appendOthers(md, results);
        Files.writeString(dir.resolve("results.md"), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ratios.svg"), svg(bars), StandardCharsets.UTF_8);
        System.out.print(md);
        System.out.println("\nwrote " + dir.resolve("results.md") + " and " + dir.resolve("ratios.svg"));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        if (b != null) {
            m.putAll(b);
        }
        return m;
    }

    static String header(String title) {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        String load = "";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return "## Benchmark ratios " + title + "\n\n"
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + "; " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "); "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; load average at report time " + load + ".\n\n";
    }

    static double speed(Result r, Metric metric) {
        double v = valueRaw(r, metric);
        return r.higherIsBetter() && metric == Metric.SCORE ? v : 1 / v;
    }

    static double valueRaw(Result r, Metric metric) {
        return switch (metric) {
            case SCORE -> r.score();
            case P50 -> r.percentiles().getOrDefault("50.0", Double.NaN);
            case P99 -> r.percentiles().getOrDefault("99.0", Double.NaN);
            case P999 -> r.percentiles().getOrDefault("99.9", Double.NaN);
        };
    }

    /** Unit-bearing value for the table cells. */
    static String valueCell(Result r, Metric metric) {
        return fmt(valueRaw(r, metric)) + " " + r.unit();
    }

    static String errorText(Result r, Metric metric) {
        if (r == null) {
            return "n/a";
        }
        if (metric != Metric.SCORE) {
            return "n/a (percentile)";
        }
        return "±" + fmt(r.error()) + " " + r.unit();
    }

    static String shortName(Result r) {
        String n = r.name().substring(r.name().indexOf('.') + 1);
        if (r.params().containsKey("snapshotter")) {
            n += "[" + r.params().get("snapshotter") + "]";
        }
        return "`" + n + "`";
    }

    static Result find(List<Result> results, String name, int threads, Map<String, String> params) {
        Result found = null;
        for (Result r : results) {
            if (!r.name().equals(name) || r.threads() != threads) {
                continue;
            }
            boolean match = true;
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (r.params().containsKey(e.getKey()) && !r.params().get(e.getKey()).equals(e.getValue())) {
                    match = false;
                }
            }
            if (match) {
                found = r; // the last file wins (later runs override earlier ones)
            }
        }
        return found;
    }

    static void appendAllocation(StringBuilder md, List<Result> results) {
        md.append("\n### Allocation per operation (`-prof gc`, gc.alloc.rate.norm)\n\n");
        md.append("| benchmark | thr | params | B/op | target |\n|---|---|---|---|---|\n");
        for (Result r : results) {
            if (r.allocNorm() == null || !isOurs(r.name())) {
                continue;
            }
            boolean zero = r.name().startsWith("AppendBenchmark.store");
            // a view pass takes ~0.2 ms, so JMH's own few bytes per iteration show up as ~1 B/op (the plain array sum
            // shows the same); the smallest object is 16 B, so "no object per pass" is the test
            boolean noObject = r.name().startsWith("ViewBenchmark.view");
            String target = zero ? (r.allocNorm() <= 0.01 ? "0 B/op: met" : "0 B/op: **missed**")
                    : noObject ? (r.allocNorm() < 16 ? "no object per pass (< 16 B/op): met"
                            : "no object per pass (< 16 B/op): **missed**")
                    : r.name().equals("WindowQueryBenchmark.windowAggregate10s")
                            ? (r.allocNorm() <= 64 ? "≤ 64 B/op: met" : "≤ 64 B/op: **missed**")
                    : r.name().startsWith("AppendLatencyBenchmark") ? "JVM-wide: includes the snapshot thread" : "";
            md.append("| `").append(r.name()).append("` | ").append(r.threads()).append(" | ")
                    .append(r.params().isEmpty() ? "" : r.params().toString()).append(" | ")
                    .append(fmtAlloc(r.allocNorm())).append(" | ").append(target).append(" |\n");
        }
    }

    static boolean isOurs(String name) {
        String method = name.substring(name.indexOf('.') + 1);
        return method.startsWith("store") || method.equals("windowAggregate10s") || method.equals("capturePartition")
                || name.startsWith("AppendLatencyBenchmark") || name.startsWith("SnapshotBenchmark")
                || method.equals("ringOnly") || method.startsWith("view");
    }

    static void appendLatency(StringBuilder md, List<Result> results) {
        boolean any = false;
        for (Result r : results) {
            if (!r.mode().equals("sample")) {
                continue;
            }
            if (!any) {
                md.append("\n### Append latency (SampleTime, includes the ~30 ns timer)\n\n");
                md.append("Percentiles over all forks merged; in brackets each fork's own, min–max: the spread "
                        + "shows whether the tail is bimodal between JVMs.\n\n");
                md.append("| benchmark | thr | forks | p50 | p99 [per fork] | p99.9 [per fork] | unit |\n"
                        + "|---|---|---|---|---|---|---|\n");
                any = true;
            }
            md.append("| ").append(shortName(r)).append(" | ").append(r.threads()).append(" | ")
                    .append(r.forkPercentiles().isEmpty() ? "n/a" : r.forkPercentiles().size()).append(" | ")
                    .append(fmt(valueRaw(r, Metric.P50))).append(" | ").append(fmt(valueRaw(r, Metric.P99)))
                    .append(forkSpread(r, 0)).append(" | ").append(fmt(valueRaw(r, Metric.P999)))
                    .append(forkSpread(r, 1)).append(" | ").append(r.unit()).append(" |\n");
        }
    }

    /**
     * Each fork's mean throughput, for the benchmarks run in more than one fork: on a small VM a contended benchmark
     * (several producers on one ring, ours or a peer's) runs in one of two modes per JVM, depending on where the
     * host puts the vCPUs, so the merged score alone hides which mode each side got.
     */
    static void appendForks(StringBuilder md, List<Result> results) {
        boolean any = false;
        for (Result r : results) {
            if (!r.higherIsBetter() || r.forkMeans().size() < 2) {
                continue;
            }
            if (!any) {
                md.append("\n### Throughput per fork\n\n");
                md.append("Each JVM fork's mean over its iterations. Contended rows (one ring, 2 threads) are bimodal "
                        + "between forks on a 2-vCPU VM, for ours and for the peers alike; a target row shows the "
                        + "ratio of fork medians next to the ratio of merged scores when both sides ran 3 forks or "
                        + "more.\n\n");
                md.append("| benchmark | thr | forks | per fork | median | min–max | unit |\n"
                        + "|---|---|---|---|---|---|---|\n");
                any = true;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            StringBuilder each = new StringBuilder();
            for (double m : r.forkMeans()) {
                min = Math.min(min, m);
                max = Math.max(max, m);
                each.append(each.isEmpty() ? "" : ", ").append(fmt(m));
            }
            md.append("| ").append(shortName(r)).append(" | ").append(r.threads()).append(" | ")
                    .append(r.forkMeans().size()).append(" | ").append(each).append(" | ")
                    .append(fmt(median(r.forkMeans()))).append(" | ").append(fmt(min)).append("–").append(fmt(max))
                    .append(" | ").append(r.unit()).append(" |\n");
        }
    }

    /** Median of the values; NaN when there are none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Each fork's mean of its iteration scores, from JMH's {@code rawData} (fork → iteration scores). */
    static List<Double> forkMeans(Object rawData) {
        List<Double> means = new ArrayList<>();
        if (!(rawData instanceof List<?> perFork)) {
            return means;
        }
        for (Object fork : perFork) {
            double sum = 0;
            int n = 0;
            for (Object score : (List<?>) fork) {
                sum += num(score);
                n++;
            }
            if (n > 0) {
                means.add(sum / n);
            }
        }
        return means;
    }

    /** " [min–max]" of one percentile (0 = p99, 1 = p99.9) over the forks, or nothing with fewer than two. */
    static String forkSpread(Result r, int which) {
        if (r.forkPercentiles().size() < 2) {
            return "";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] fork : r.forkPercentiles()) {
            min = Math.min(min, fork[which]);
            max = Math.max(max, fork[which]);
        }
        return " [" + fmt(min) + "–" + fmt(max) + "]";
    }

    /**
     * p99 and p99.9 of each fork, from JMH's {@code rawDataHistogram} (fork → iteration → [value, count] pairs),
     * nearest rank over the fork's iterations merged.
     */
    static List<double[]> forkPercentiles(Object rawDataHistogram) {
        List<double[]> forks = new ArrayList<>();
        if (!(rawDataHistogram instanceof List<?> perFork)) {
            return forks;
        }
        for (Object fork : perFork) {
            java.util.TreeMap<Double, Long> counts = new java.util.TreeMap<>();
            long total = 0;
            for (Object iteration : (List<?>) fork) {
                for (Object pair : (List<?>) iteration) {
                    List<?> vc = (List<?>) pair;
                    long c = (long) num(vc.get(1));
                    counts.merge(num(vc.get(0)), c, Long::sum);
                    total += c;
                }
            }
            if (total > 0) {
                forks.add(new double[] {rank(counts, total, 0.99), rank(counts, total, 0.999)});
            }
        }
        return forks;
    }

    private static double rank(java.util.TreeMap<Double, Long> counts, long total, double q) {
        long target = (long) Math.ceil(q * total);
        long seen = 0;
        for (Map.Entry<Double, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= target) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }

    static void appendOthers(StringBuilder md, List<Result> results) {
        md.append("\n### All scores\n\n| benchmark | thr | params | score | error | unit |\n|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append("| `").append(r.name()).append("` | ").append(r.threads()).append(" | ")
                    .append(r.params().isEmpty() ? "" : r.params().toString()).append(" | ").append(fmt(r.score()))
                    .append(" | ±").append(fmt(r.error())).append(" | ").append(r.unit()).append(" |\n");
        }
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.01) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }

    static String fmtRatio(double r) {
        if (Double.isNaN(r)) {
            return "n/a";
        }
        return (r >= 100 ? String.format(Locale.ROOT, "%,.0f", r) : String.format(Locale.ROOT, "%.2f", r)) + "×";
    }

    static String fmtAlloc(double b) {
        return b < 0.01 ? "≈0" : String.format(Locale.ROOT, "%,.1f", b);
    }

    /** Horizontal bars on a log scale, 1× marked; green at or above 1, red below. */
    static String svg(List<String[]> bars) {
        int labelWidth = 560;
        int plotWidth = 420;
        int rowHeight = 22;
        int top = 40;
        int height = top + rowHeight * bars.size() + 30;
        double max = 10;
        double min = 0.1;
        for (String[] b : bars) {
            max = Math.max(max, Double.parseDouble(b[1]));
            min = Math.min(min, Double.parseDouble(b[1]));
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max));
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelWidth + plotWidth + 90)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">lockfree-eventstore: speed ratio ours/best peer (log scale, 1× = parity)</text>\n");
        for (int d = (int) lo; d <= hi; d++) {
            double x = labelWidth + (d - lo) / (hi - lo) * plotWidth;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, top - 5, x, height - 25, d == 0 ? "black" : "#ddd"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s×</text>%n", x,
                    height - 10, d < 0 ? java.math.BigDecimal.ONE.movePointLeft(-d).toPlainString()
                            : String.format(Locale.ROOT, "%,d", (long) Math.pow(10, d))));
        }
        double x1 = labelWidth + (0 - lo) / (hi - lo) * plotWidth;
        for (int i = 0; i < bars.size(); i++) {
            double r = Double.parseDouble(bars.get(i)[1]);
            double lr = Math.max(lo, Math.min(hi, Math.log10(r)));
            double x2 = labelWidth + (lr - lo) / (hi - lo) * plotWidth;
            int y = top + i * rowHeight;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelWidth - 8, y + 14, escape(bars.get(i)[0].replace("`", ""))));
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", Math.min(x1, x2), y + 3,
                    Math.max(1, Math.abs(x2 - x1)), rowHeight - 6, r >= 1 ? "#4a9" : "#d66"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", Math.max(x1, x2) + 4,
                    y + 14, fmtRatio(r)));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static Result toResult(Map<?, ?> m) {
        String full = (String) m.get("benchmark");
        String[] parts = full.split("\\.");
        String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
        Map<String, String> params = new LinkedHashMap<>();
        if (m.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<?, ?> primary = (Map<?, ?>) m.get("primaryMetric");
        Map<String, Double> percentiles = new LinkedHashMap<>();
        if (primary.get("scorePercentiles") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> percentiles.put(String.valueOf(k), num(v)));
        }
        Double alloc = null;
        if (m.get("secondaryMetrics") instanceof Map<?, ?> s && s.get("gc.alloc.rate.norm") instanceof Map<?, ?> g) {
            alloc = num(g.get("score"));
        }
        return new Result(name, (String) m.get("mode"), (int) num(m.get("threads")), params, num(primary.get("score")),
                num(primary.get("scoreError")), (String) primary.get("scoreUnit"), percentiles, alloc,
                forkPercentiles(primary.get("rawDataHistogram")),
                "sample".equals(m.get("mode")) ? List.of() : forkMeans(primary.get("rawData")));
    }

    static double num(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
