package dev.lockfree.eventstore.client;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The server-side aggregate of one numeric field over the retained events of a stream.
 *
 * @param stream     the stream aggregated
 * @param field      the top-level property aggregated
 * @param count      the events whose field is a JSON number
 * @param sum        the sum of the field over them (0 when {@code count} is 0; {@code NaN} when {@code overflow})
 * @param min        the smallest value, empty when {@code count} is 0
 * @param max        the largest value, empty when {@code count} is 0
 * @param avg        the mean, empty when {@code count} is 0 or the sum overflowed
 * @param groups     per value of the {@code groupBy} property (its text; events without it under
 *                   {@code "(none)"}), in the server's order; empty when no {@code groupBy} was asked
 * @param durationMs how long the server took to aggregate, in milliseconds
 * @param skipped    the events whose field was missing, not a number, or not a finite double
 * @param overflow   whether the sum, or the sum of a group, left the range of a double: the server then
 *                   answers {@code null} for it (JSON has no infinity), which this client reads as {@code NaN}
 */
public record AggregateResult(String stream, String field, long count, double sum,
                              OptionalDouble min, OptionalDouble max, OptionalDouble avg,
                              Map<String, GroupAggregate> groups, double durationMs, long skipped,
                              boolean overflow) {

    /** The group key the server uses for events that lack the {@code groupBy} property. */
    public static final String NO_GROUP = "(none)";

    /**
     * Checks the components; {@code groups} is kept as given (the client passes an unmodifiable map that
     * keeps the server's order).
     *
     * @param stream     the stream
     * @param field      the field
     * @param count      the numeric events
     * @param sum        their sum
     * @param min        their minimum
     * @param max        their maximum
     * @param avg        their mean
     * @param groups     the groups
     * @param durationMs the server's time
     * @param skipped    the events without a numeric field
     * @param overflow   whether a sum overflowed
     * @throws NullPointerException if a component is null
     */
    public AggregateResult {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(avg, "avg");
        Objects.requireNonNull(groups, "groups");
    }

    /** An aggregate whose sums all fit a double. */
    public AggregateResult(String stream, String field, long count, double sum, OptionalDouble min,
                           OptionalDouble max, OptionalDouble avg, Map<String, GroupAggregate> groups,
                           double durationMs, long skipped) {
        this(stream, field, count, sum, min, max, avg, groups, durationMs, skipped, false);
    }
}
