package dev.lockfree.sample.dashboard.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.sample.dashboard.dashboard.Dashboard.LabelSeries;

/**
 * Count, sum, min and max of metric values per label and per time bucket, filled by one pass over the events.
 * Which labels are shown is only known at the end of the pass, so cells are kept sparsely for every label: the
 * memory is bounded by the distinct (label, bucket) pairs seen, at most the number of events read, never by
 * labels times buckets. Not thread-safe: one instance per request.
 */
final class MetricBuckets {

    private final long startMillis;
    private final long stepMillis;
    private final int buckets;
    private final Map<String, Label> labels = new LinkedHashMap<>();
    /** Key: label ordinal in the high 32 bits, bucket index in the low 32 bits. */
    private final Map<Long, Accumulator> cells = new HashMap<>();

    MetricBuckets(long startMillis, long stepMillis, int buckets) {
        if (stepMillis <= 0 || buckets <= 0) {
            throw new IllegalArgumentException("stepMillis and buckets must be positive, were " + stepMillis
                    + " and " + buckets);
        }
        this.startMillis = startMillis;
        this.stepMillis = stepMillis;
        this.buckets = buckets;
    }

    /** Adds the event to its label and bucket; an event outside the buckets is ignored. */
    void add(MetricEvent event) {
        long offset = event.timestamp() - startMillis;
        if (offset < 0 || offset / stepMillis >= buckets) {
            return;
        }
        int bucket = (int) (offset / stepMillis);
        Label label = labels.get(event.label());
        if (label == null) {
            label = new Label(event.label(), labels.size());
            labels.put(label.name, label);
        }
        label.totals.add(event.value());
        cells.computeIfAbsent(((long) label.ordinal << 32) | bucket, key -> new Accumulator()).add(event.value());
    }

    int labelCount() {
        return labels.size();
    }

    /** The {@code limit} labels with the most events (ties by name), each with one entry per bucket. */
    List<LabelSeries> top(int limit) {
        List<Label> chosen = labels.values().stream()
                .sorted(Comparator.comparingLong((Label l) -> l.totals.count).reversed()
                        .thenComparing(l -> l.name))
                .limit(limit)
                .toList();
        List<LabelSeries> series = new ArrayList<>(chosen.size());
        for (Label label : chosen) {
            long[] counts = new long[buckets];
            Double[] avgs = new Double[buckets];
            Double[] mins = new Double[buckets];
            Double[] maxs = new Double[buckets];
            boolean overflow = !Double.isFinite(label.totals.sum);
            for (int b = 0; b < buckets; b++) {
                Accumulator cell = cells.get(((long) label.ordinal << 32) | b);
                if (cell != null) {
                    counts[b] = cell.count;
                    overflow |= !Double.isFinite(cell.sum);
                    avgs[b] = Double.isFinite(cell.sum) ? cell.sum / cell.count : null;
                    mins[b] = cell.min;
                    maxs[b] = cell.max;
                }
            }
            Accumulator t = label.totals;
            boolean sumOverflow = !Double.isFinite(t.sum);
            series.add(new LabelSeries(label.name, t.count, sumOverflow ? null : t.sum, t.min, t.max,
                    sumOverflow ? null : t.sum / t.count, overflow, counts, avgs, mins, maxs));
        }
        return series;
    }

    private static final class Label {

        final String name;
        final int ordinal;
        final Accumulator totals = new Accumulator();

        Label(String name, int ordinal) {
            this.name = name;
            this.ordinal = ordinal;
        }
    }

    private static final class Accumulator {

        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double value) {
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
    }
}
