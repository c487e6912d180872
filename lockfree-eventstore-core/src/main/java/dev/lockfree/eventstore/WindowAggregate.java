package dev.lockfree.eventstore;

import java.time.Instant;

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
}
