package dev.lockfree.eventstore;

import java.time.Instant;
import java.util.Objects;

/**
 * Count, sum, min and max of the values of the events whose timestamps fall in the buckets overlapping
 * a time range. {@code from} and {@code to} are the bucket-aligned bounds actually covered
 * ({@code [from, to)}). When {@code count} is 0, {@code sum}, {@code min} and {@code max} are 0.
 */
public record WindowAggregate(Instant from, Instant to, long count, double sum, double min, double max) {

    /** The mean value, or 0 when the window holds no event. */
    public double average() {
        return count == 0 ? 0 : sum / count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** No event over {@code [from, to)}: the identity of {@link #merge}. */
    public static WindowAggregate empty(Instant from, Instant to) {
        return new WindowAggregate(from, to, 0, 0, 0, 0);
    }

    /**
     * This aggregate and {@code other} as one, as if their events had been aggregated together: counts add,
     * {@code min} and {@code max} are those of the non-empty sides (an empty side contributes nothing, its zeros
     * are not values), and the range spans both ({@code from} the earlier, {@code to} the later). Used to combine
     * disjoint sets of partitions, e.g. the answers of several instances.
     *
     * <p>{@code count}, {@code min} and {@code max} are exact. {@code sum} is one double addition of the two sums:
     * exact whenever the result is representable (for instance integral values whose total stays below
     * 2<sup>53</sup>), otherwise correctly rounded, so merging in another order can differ in the last place.
     */
    public WindowAggregate merge(WindowAggregate other) {
        Objects.requireNonNull(other, "other must not be null");
        Instant mergedFrom = from.isBefore(other.from) ? from : other.from;
        Instant mergedTo = to.isAfter(other.to) ? to : other.to;
        if (other.count == 0) {
            return new WindowAggregate(mergedFrom, mergedTo, count, sum, min, max);
        }
        if (count == 0) {
            return new WindowAggregate(mergedFrom, mergedTo, other.count, other.sum, other.min, other.max);
        }
        return new WindowAggregate(mergedFrom, mergedTo, count + other.count, sum + other.sum,
                Math.min(min, other.min), Math.max(max, other.max));
    }
}
