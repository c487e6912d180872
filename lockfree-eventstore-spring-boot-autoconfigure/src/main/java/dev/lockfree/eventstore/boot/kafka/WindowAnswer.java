package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.WindowAggregate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One instance's answer for the partitions of a store it holds, as it travels between instances (the body of
 * {@code GET /actuator/eventstorewindow/{store}}): one definition for the endpoint that writes it and the
 * {@link HttpOwnerClient} that reads it.
 *
 * <p>Exact on the wire: a finite double is a JSON number (Jackson writes the shortest text that reads back to the same
 * double); a non-finite one is {@code null} and named in {@code nonFinite} ({@code "Infinity"}, {@code "-Infinity"}
 * or {@code "NaN"}), so that a client reading numbers never meets a string, yet the merge keeps the sign of an
 * overflowed sum. {@code overflow} is true when {@code sum} left the range of a double, as in the sample's responses.
 *
 * @param store             the store's name
 * @param from              start of the range covered, ISO-8601 (bucket-aligned once a partition is included)
 * @param to                end of the range covered, exclusive
 * @param partitions        the partitions included
 * @param missingPartitions the requested partitions this instance does not hold
 * @param count             events in the included partitions' buckets
 * @param sum               their sum, {@code null} when not finite
 * @param min               their smallest value (0 when {@code count} is 0), {@code null} when not finite
 * @param max               their largest value (0 when {@code count} is 0), {@code null} when not finite
 * @param overflow          whether {@code sum} is not finite
 * @param nonFinite         the non-finite fields by name, e.g. {@code {"sum": "-Infinity"}}; empty when all are finite
 */
public record WindowAnswer(String store, String from, String to, List<Integer> partitions,
                           List<Integer> missingPartitions, long count, @Nullable Double sum, @Nullable Double min,
                           @Nullable Double max, boolean overflow, Map<String, String> nonFinite) {

    public WindowAnswer {
        partitions = List.copyOf(partitions);
        missingPartitions = List.copyOf(missingPartitions);
        nonFinite = nonFinite == null ? Map.of() : Map.copyOf(nonFinite);
    }

    /** The answer of {@code store} carrying {@code answer}. */
    public static WindowAnswer of(String store, ClusterAggregate answer) {
        WindowAggregate a = answer.aggregate();
        Map<String, String> nonFinite = new LinkedHashMap<>();
        return new WindowAnswer(store, a.from().toString(), a.to().toString(), List.copyOf(answer.partitions()),
                List.copyOf(answer.missingPartitions()), a.count(), finite("sum", a.sum(), nonFinite),
                finite("min", a.min(), nonFinite), finite("max", a.max(), nonFinite), !Double.isFinite(a.sum()),
                nonFinite);
    }

    /**
     * Back to the aggregate it was made from, bit for bit.
     *
     * @throws IllegalArgumentException naming the field when the answer is malformed
     */
    public ClusterAggregate toClusterAggregate() {
        WindowAggregate aggregate = new WindowAggregate(instant("from", from), instant("to", to), count,
                value("sum", sum), value("min", min), value("max", max));
        return new ClusterAggregate(aggregate, new TreeSet<>(partitions), new TreeSet<>(missingPartitions));
    }

    private static @Nullable Double finite(String field, double value, Map<String, String> nonFinite) {
        if (Double.isFinite(value)) {
            return value;
        }
        nonFinite.put(field, Double.toString(value));
        return null;
    }

    private double value(String field, @Nullable Double value) {
        if (value != null) {
            return value;
        }
        String text = nonFinite.get(field);
        if (text == null) {
            throw new IllegalArgumentException("answer of store '" + store + "': '" + field + "' is null but not "
                    + "named in nonFinite");
        }
        return switch (text) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> throw new IllegalArgumentException("answer of store '" + store + "': nonFinite." + field
                    + " is '" + text + "', expected Infinity, -Infinity or NaN");
        };
    }

    private Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("answer of store '" + store + "': '" + field + "' is not an ISO-8601 "
                    + "instant: '" + text + "'", ex);
        }
    }
}
